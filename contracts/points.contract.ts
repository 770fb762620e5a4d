/** Contracts of the `points` function: the append-only 积分 ledger as a member sees it. */
import { z } from './z'

export const pointsEntryView = z.object({
  id: z.string(),
  amount: z.number(),
  reason: z.string(),
  /** 来源类型，如 activity_sign_in / activity_makeup / activity_makeup_revoked */
  sourceType: z.string(),
  at: z.string(),
  year: z.int(),
})

export const getMyPointsInput = z.object({
  action: z.literal('getMyPoints'),
  /** 年度；默认当年 */
  year: z.int().min(2000).max(2100).optional(),
})
export type GetMyPointsInput = z.output<typeof getMyPointsInput>
export const getMyPointsOutput = z.object({
  year: z.int(),
  total: z.number(),
  entries: z.array(pointsEntryView),
})
export type GetMyPointsOutput = z.infer<typeof getMyPointsOutput>

export const pointsActions = {
  getMyPoints: { input: getMyPointsInput, output: getMyPointsOutput },
} as const
