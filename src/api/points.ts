/** Typed calls to the `points` cloud function: 党员积分 (my points, ranking, applications and 公示, 双承诺, rules, year end). */
import type { ActionInput } from '../../contracts/functions'
import { callFunction } from './client'

export type { ApplicationView, GetMyPointsOutput, GetRankingOutput, GetRulesOutput, MemberPointsOutput, PointsRules, SettleAbsencesOutput } from '../../contracts/points.contract'

/** 我的积分：百分制得分、分类、等次与每一笔记录（默认当年） */
export const getMyPoints = (input: ActionInput<'points', 'getMyPoints'> = {}) => callFunction('points', 'getMyPoints', input)
/** 支部年度积分排名（前 20% 标记） */
export const getRanking = (input: ActionInput<'points', 'getRanking'>) => callFunction('points', 'getRanking', input)
export const getRules = (input: ActionInput<'points', 'getRules'> = {}) => callFunction('points', 'getRules', input)
/** 党委管理员保存规则（自生效日起适用） */
export const saveRules = (input: ActionInput<'points', 'saveRules'>) => callFunction('points', 'saveRules', input)
export const deduct = (input: ActionInput<'points', 'deduct'>) => callFunction('points', 'deduct', input)
export const reverseEntry = (input: ActionInput<'points', 'reverse'>) => callFunction('points', 'reverse', input)
export const setStanding = (input: ActionInput<'points', 'setStanding'>) => callFunction('points', 'setStanding', input)
/** 书记查看某位党员的年度积分与明细 */
export const memberPoints = (input: ActionInput<'points', 'memberPoints'>) => callFunction('points', 'memberPoints', input)
/** 结算无故缺席扣分（本支部本年已结束的活动） */
export const settleAbsences = (input: ActionInput<'points', 'settleAbsences'> = {}) => callFunction('points', 'settleAbsences', input)
/** 党员申报积分（附佐证材料） */
export const applyPoints = (input: ActionInput<'points', 'apply'>) => callFunction('points', 'apply', input)
/** 支委会初评 */
export const reviewApplication = (input: ActionInput<'points', 'review'>) => callFunction('points', 'review', input)
/** 公示期内提出异议 */
export const objectApplication = (input: ActionInput<'points', 'object'>) => callFunction('points', 'object', input)
export const resolveObjection = (input: ActionInput<'points', 'resolveObjection'>) => callFunction('points', 'resolveObjection', input)
/** 公示期满，积分生效 */
export const finalizeApplication = (input: ActionInput<'points', 'finalize'>) => callFunction('points', 'finalize', input)
export const listApplications = (input: ActionInput<'points', 'listApplications'>) => callFunction('points', 'listApplications', input)
/** 双承诺 */
export const fileCommitment = (input: ActionInput<'points', 'fileCommitment'>) => callFunction('points', 'fileCommitment', input)
export const reviewCommitment = (input: ActionInput<'points', 'reviewCommitment'>) => callFunction('points', 'reviewCommitment', input)
export const listCommitments = (input: ActionInput<'points', 'listCommitments'>) => callFunction('points', 'listCommitments', input)
/** 年度封存与核验（党委管理员） */
export const freezeYear = (input: ActionInput<'points', 'freezeYear'>) => callFunction('points', 'freezeYear', input)
export const verifyYear = (input: ActionInput<'points', 'verifyYear'>) => callFunction('points', 'verifyYear', input)
export const exportPointsYear = (input: ActionInput<'points', 'exportYear'>) => callFunction('points', 'exportYear', input)
