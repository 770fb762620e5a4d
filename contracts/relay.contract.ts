/**
 * Contracts of relay signals (issue 13): scans of one activity's sign-in code that share a device or
 * a client address within the life of one code are listed for the secretary to look into. Signals,
 * never refusals: members in one room share its Wi-Fi, and a carrier may put many phones behind one
 * address. Served by the `activity` function (merged into its actions in activity.contract.ts).
 */
import { z } from './z'
import { docId, text } from './common'

/** 一枚签到码可被接受的时长（当前与上一个 15 秒时间片）：转发的码只在这段时间内有效 */
export const RELAY_WINDOW_SEC = 30

export const listRelaySignalsInput = z.object({ action: z.literal('listRelaySignals'), activityId: docId })
export type ListRelaySignalsInput = z.output<typeof listRelaySignalsInput>

export const relaySignal = z.object({
  /**
   * device：同一设备为多人签到；network：活动现场之外的同一网络地址在几秒内为多人签到；
   * place：开启签到地点核验的活动中，未提供位置而签到（允许但标记），或离其他签到者明显较远的签到
   */
  kind: z.enum(['device', 'network', 'place']),
  /** reviewed：书记已核实保留（确认为本人到场）；distanceM（仅 place）：距活动地点的米数，null 为未提供位置 */
  members: z.array(
    z.object({ id: z.string(), name: z.string(), signedAt: z.string(), reviewed: z.boolean(), distanceM: z.number().nullable().optional() }),
  ),
  from: z.string(),
  to: z.string(),
})
export type RelaySignal = z.infer<typeof relaySignal>

export const listRelaySignalsOutput = z.object({
  signals: z.array(relaySignal),
  /** 扫码签到人数，以及其中带有设备或网络标记的人数（较早的签到没有标记） */
  scans: z.int(),
  marked: z.int(),
})
export type ListRelaySignalsOutput = z.infer<typeof listRelaySignalsOutput>

/**
 * 书记核查一条有转发迹象的扫码签到：confirm 保留并标为已核实；revoke 撤销签到（扣回所得积分、
 * 计入缺席），两者都留痕。只对仍在转发迹象中的扫码签到有效；重复提交不再改变任何内容。
 */
export const reviewRelaySignInInput = z.object({
  action: z.literal('reviewRelaySignIn'),
  activityId: docId,
  memberId: docId,
  decision: z.enum(['confirm', 'revoke']),
  reason: text({ min: 2, max: 200, multiline: true, minMessage: '请填写核查说明', maxMessage: '核查说明最多 200 字' }),
})
export type ReviewRelaySignInInput = z.output<typeof reviewRelaySignInInput>
export const reviewRelaySignInOutput = z.object({ changed: z.boolean() })

export const relayActions = {
  listRelaySignals: { input: listRelaySignalsInput, output: listRelaySignalsOutput },
  reviewRelaySignIn: { input: reviewRelaySignInInput, output: reviewRelaySignInOutput },
} as const
