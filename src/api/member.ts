/** Typed calls to the `member` cloud function: who I am, invites, joining, the roll, roles. */
import type { ActionInput } from '../../contracts/functions'
import { callFunction } from './client'

export type {
  CreateInviteOutput,
  GetMeOutput,
  JoinBranchOutput,
  ListBranchesOutput,
  ListMembersOutput,
  MemberView,
} from '../../contracts/member.contract'

/** 当前调用方的身份、角色、支部 */
export const getMe = () => callFunction('member', 'getMe', {})

/** 支部书记 / 党委管理员生成邀请码 */
export const createInvite = (input: ActionInput<'member', 'createInvite'>) =>
  callFunction('member', 'createInvite', input)

/** 使用邀请码加入支部 */
export const joinBranch = (input: ActionInput<'member', 'joinBranch'>) => callFunction('member', 'joinBranch', input)

/** 支部党员名册 */
export const listMembers = (input: ActionInput<'member', 'listMembers'>) =>
  callFunction('member', 'listMembers', input)

/** 标记 / 取消流动党员（外出地点、截止日期；mobile 为 null 取消） */
export const setMobile = (input: ActionInput<'member', 'setMobile'>) => callFunction('member', 'setMobile', input)

/** 党委管理员修改党员角色 */
export const setRole = (input: ActionInput<'member', 'setRole'>) => callFunction('member', 'setRole', input)

/** 党委下的全部支部（党委管理员） */
export const listBranches = () => callFunction('member', 'listBranches', {})
