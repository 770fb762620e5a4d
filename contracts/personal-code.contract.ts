/**
 * Contracts of the personal sign-in code (issue 13): each member's 我的 page shows a code that
 * rotates every 15 s — an HMAC of the time step under the member's own server-side secret, so
 * nothing in it names the member to whoever reads it — and the secretary's phone scans it at the
 * door to sign that member in. A relayed picture would need the absent member's own phone.
 * Served by the `activity` function (merged into its actions in activity.contract.ts).
 */
import { z } from './z'
import { docId, requestId } from './common'

/** 个人签到码每 15 秒换一次；书记扫码时接受当前与上一个时间片 */
export const PERSONAL_CODE_STEP_SEC = 15

export const getMyPersonalCodeInput = z.object({ action: z.literal('getMyPersonalCode') })
export type GetMyPersonalCodeInput = z.output<typeof getMyPersonalCodeInput>
export const getMyPersonalCodeOutput = z.object({
  /** 二维码内容 `p1.<时间片>.<校验码>` */
  code: z.string(),
  /** 可口述或手输的 8 位校验码（书记手机无法扫码时） */
  text: z.string(),
  /** 下一次换码的时间 */
  refreshAt: z.string(),
})
export type GetMyPersonalCodeOutput = z.infer<typeof getMyPersonalCodeOutput>

export const signInByPersonalCodeInput = z.object({
  action: z.literal('signInByPersonalCode'),
  activityId: docId,
  /** 扫到的二维码内容，或手输的 8 位校验码（大小写、空格、短横线均可） */
  code: z.string().trim().min(1, '请输入党员的个人签到码').max(64, '签到码格式不正确'),
  requestId: requestId.optional(),
})
export type SignInByPersonalCodeInput = z.output<typeof signInByPersonalCodeInput>
export const signInByPersonalCodeOutput = z.object({
  alreadySignedIn: z.boolean(),
  signedAt: z.string(),
  member: z.object({ id: z.string(), name: z.string() }),
  points: z.number(),
})
export type SignInByPersonalCodeOutput = z.infer<typeof signInByPersonalCodeOutput>

export const personalCodeActions = {
  getMyPersonalCode: { input: getMyPersonalCodeInput, output: getMyPersonalCodeOutput },
  signInByPersonalCode: { input: signInByPersonalCodeInput, output: signInByPersonalCodeOutput },
} as const
