/** Typed calls to the `points` cloud function: the caller's own 积分 ledger. */
import type { ActionInput } from '../../contracts/functions'
import { callFunction } from './client'

export type { GetMyPointsOutput } from '../../contracts/points.contract'

/** 我的积分：年度合计与每一笔记录（默认当年） */
export const getMyPoints = (input: ActionInput<'points', 'getMyPoints'> = {}) => callFunction('points', 'getMyPoints', input)
