/**
 * Contracts of 流动党员 online participation (issue 13): the secretary shows a short 会议口令 at a
 * moment of their choosing, valid ONLINE_CODE_TTL_SEC; a member marked 流动 (member.setMobile)
 * enters it and is recorded 线上参加, counted like a sign-in. Served by the `activity` function
 * (merged into its actions in activity.contract.ts).
 */
import { z } from './z'
import { docId, requestId } from './common'

/** 会议口令的有效时长（秒） */
export const ONLINE_CODE_TTL_SEC = 120
/** 会议口令的位数 */
export const ONLINE_CODE_DIGITS = 6

export const openOnlineCodeInput = z.object({
  action: z.literal('openOnlineCode'),
  activityId: docId,
  /** 同一请求号重复提交得到同一口令；再次显示（新的请求号）生成新口令，旧口令作废 */
  requestId: requestId.optional(),
})
export type OpenOnlineCodeInput = z.output<typeof openOnlineCodeInput>
export const openOnlineCodeOutput = z.object({
  /** 6 位数字口令 */
  code: z.string(),
  /** 口令失效时间（显示后 2 分钟） */
  expiresAt: z.string(),
})
export type OpenOnlineCodeOutput = z.infer<typeof openOnlineCodeOutput>

/** 会议口令：6 位数字，忽略空格 */
export const onlineCode = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(new RegExp(`^\\d{${ONLINE_CODE_DIGITS}}$`), `会议口令为 ${ONLINE_CODE_DIGITS} 位数字`))

export const joinOnlineInput = z.object({
  action: z.literal('joinOnline'),
  activityId: docId,
  code: onlineCode,
  requestId,
})
export type JoinOnlineInput = z.output<typeof joinOnlineInput>
export const joinOnlineOutput = z.object({
  /** 此前已签到（扫码、补录或线上参加）：不重复记录 */
  alreadySignedIn: z.boolean(),
  signedAt: z.string(),
  /** 本次获得的积分（重复为 0） */
  points: z.number(),
})
export type JoinOnlineOutput = z.infer<typeof joinOnlineOutput>

export const onlineActions = {
  openOnlineCode: { input: openOnlineCodeInput, output: openOnlineCodeOutput },
  joinOnline: { input: joinOnlineInput, output: joinOnlineOutput },
} as const
