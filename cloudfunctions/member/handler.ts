/** The `member` cloud function: routes each action to its use case (parse and envelope in defineFunction). */
import { memberActions } from '../../contracts/member.contract'
import { defineFunction } from '../../server/platform/define-function'
import * as uc from '../../server/domain/member/member.usecases'

export const memberFunction = defineFunction('member', memberActions, {
  getMe: (deps, caller) => uc.getMe(deps, caller),
  createInvite: (deps, caller, input) => uc.createInvite(deps, caller, input),
  joinBranch: (deps, caller, input) => uc.joinBranch(deps, caller, input),
  listMembers: (deps, caller, input) => uc.listMembers(deps, caller, input),
  setRole: (deps, caller, input) => uc.setRole(deps, caller, input),
  listBranches: (deps, caller) => uc.listBranches(deps, caller),
  setMobile: (deps, caller, input) => uc.setMobile(deps, caller, input),
})
