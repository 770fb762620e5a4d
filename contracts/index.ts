/** Contracts shared by the Taro app and the cloud functions: one source for every action's shape. */
export { z } from './z'
export * from './errors'
export * from './result'
export * from './common'
export * as member from './member.contract'
export * as activity from './activity.contract'
export * as points from './points.contract'
export * from './functions'
