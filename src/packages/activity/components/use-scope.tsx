/** The branch scope of the activity pages: the one shared in src/components/branch-picker (also used by the points pages). */
export { BranchPicker, isManager, useScope, type Branch, type ScopeState } from '../../../components/branch-picker'
