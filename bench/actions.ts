/**
 * The main member and secretary actions the scale benches send (bench/p5-store-ops.ts,
 * bench/attendance-scale.ts), in an order where each can use what an earlier one answered
 * (the lecture to study, the activity to sign in to and its code). ISSUE_13_WRITES (P5 only) adds
 * the writes of issue 13 after them, with the calls that stage them (`setup`: sent, not measured).
 */
import type { Result } from '../contracts'
import { mountFunctions } from '../server/functions'
import { contextFor } from '../server/platform/runtime'
import { dataOf, T0, type Harness } from '../test/support/harness'
import { openidOf, type Org } from './org-seed'

export const YEAR = 2026

export type Fn = 'member' | 'activity' | 'points' | 'lecture'
export interface Action {
  name: string
  who: 'member' | 'secretary'
  /** the branch's member sending it (default: 0 for the secretary, 1 for a member) */
  as?: number
  /** staging for a later action: sent but not measured and not reported */
  setup?: true
  /** the device and address the platform reports with the call (relay signals) */
  platform?: { DEVICE_ID?: string; WX_CLIENTIP?: string }
  fn: Fn
  /** the event; may read what earlier actions answered */
  event: (ctx: Ctx) => Record<string, unknown>
}
interface Ctx {
  org: Org
  /** the branch the actions are sent in */
  b: number
  answers: Record<string, unknown>
}

const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
export const ACTIONS: Action[] = [
  { name: 'getMe', who: 'member', fn: 'member', event: () => ({ action: 'getMe' }) },
  { name: 'listActivities (upcoming)', who: 'member', fn: 'activity', event: () => ({ action: 'listActivities', scope: 'upcoming' }) },
  { name: 'listActivities (past)', who: 'member', fn: 'activity', event: () => ({ action: 'listActivities', scope: 'past' }) },
  { name: 'myAttendance', who: 'member', fn: 'activity', event: () => ({ action: 'myAttendance', year: YEAR }) },
  { name: 'getMyPoints', who: 'member', fn: 'points', event: () => ({ action: 'getMyPoints', year: YEAR }) },
  { name: 'getRanking', who: 'member', fn: 'points', event: () => ({ action: 'getRanking', year: YEAR }) },
  { name: 'listLectures', who: 'member', fn: 'lecture', event: () => ({ action: 'listLectures' }) },
  { name: 'getLecture', who: 'member', fn: 'lecture', event: (c) => ({ action: 'getLecture', lectureId: (c.answers.listLectures as { lectures: Array<{ id: string }> }).lectures[0]?.id }) },
  { name: 'reportProgress (study heartbeat)', who: 'member', fn: 'lecture', event: (c) => ({ action: 'reportProgress', lectureId: (c.answers.listLectures as { lectures: Array<{ id: string }> }).lectures[0]?.id, positionSec: 20, playing: true }) },
  { name: 'createActivity', who: 'secretary', fn: 'activity', event: () => ({ action: 'createActivity', kind: 'theme_day', title: 'P5 活动', startAt: iso(-60_000), endAt: iso(3_000_000), place: '会议室' }) },
  { name: 'getSignInCode (live count)', who: 'secretary', fn: 'activity', event: (c) => ({ action: 'getSignInCode', activityId: (c.answers.createActivity as { activity: { id: string } }).activity.id }) },
  { name: 'signIn', who: 'member', fn: 'activity', event: (c) => ({ action: 'signIn', token: (c.answers['getSignInCode (live count)'] as { token: string }).token }) },
  { name: 'listAttendance (one activity)', who: 'secretary', fn: 'activity', event: (c) => ({ action: 'listAttendance', activityId: (c.answers.createActivity as { activity: { id: string } }).activity.id }) },
  { name: 'attendanceStats', who: 'secretary', fn: 'activity', event: () => ({ action: 'attendanceStats', year: YEAR }) },
  { name: 'absenceAlerts', who: 'secretary', fn: 'activity', event: () => ({ action: 'absenceAlerts', year: YEAR }) },
]

const P5_ACTIVITY = (c: Ctx) => (c.answers.createActivity as { activity: { id: string } }).activity.id
const PERSONAL_ACTIVITY = (c: Ctx) => (c.answers['createActivity (personal code)'] as { activity: { id: string } }).activity.id
const memberId = (c: Ctx, i: number) => c.org.branches[c.b]?.members[i]?._id ?? ''
/** one phone signing in two members within one code's life: a relay signal for the secretary to review */
const SHARED_PHONE = { DEVICE_ID: 'device-p5-shared-phone', WX_CLIENTIP: '203.0.113.9' }
const ROTATING_TOKEN = (c: Ctx) => (c.answers['getSignInCode (live count)'] as { token: string }).token

/**
 * Issue 13's writes, after ACTIONS (they use its activity and code): a personal-code sign-in
 * (member 2's code read first, not measured), a 流动党员 online join (member 3 marked 流动 first),
 * the 全程纪实 of the activity, and the review of a relay signal (members 4 and 5 scanned from one phone).
 */
export const ISSUE_13_WRITES: Action[] = [
  { name: 'createActivity (personal code)', who: 'secretary', fn: 'activity', setup: true, event: () => ({ action: 'createActivity', kind: 'party_congress', title: 'P5 个人码活动', startAt: iso(-60_000), endAt: iso(3_000_000), codeMode: 'personal' }) },
  { name: 'getMyPersonalCode', who: 'member', as: 2, fn: 'activity', setup: true, event: () => ({ action: 'getMyPersonalCode' }) },
  { name: 'signInByPersonalCode', who: 'secretary', fn: 'activity', event: (c) => ({ action: 'signInByPersonalCode', activityId: PERSONAL_ACTIVITY(c), code: (c.answers.getMyPersonalCode as { code: string }).code, requestId: 'p5-personal-0001' }) },
  { name: 'setMobile', who: 'secretary', fn: 'member', setup: true, event: (c) => ({ action: 'setMobile', memberId: memberId(c, 3), mobile: { place: '广东省深圳市', until: null } }) },
  { name: 'openOnlineCode', who: 'secretary', fn: 'activity', event: (c) => ({ action: 'openOnlineCode', activityId: P5_ACTIVITY(c), requestId: 'p5-online-code-0001' }) },
  { name: 'joinOnline', who: 'member', as: 3, fn: 'activity', event: (c) => ({ action: 'joinOnline', activityId: P5_ACTIVITY(c), code: (c.answers.openOnlineCode as { code: string }).code, requestId: 'p5-join-online-0001' }) },
  {
    name: 'saveRecord (全程纪实)', who: 'secretary', fn: 'activity',
    event: (c) => ({
      action: 'saveRecord', activityId: P5_ACTIVITY(c), topic: '学习贯彻会议精神', host: '支部书记', recorderId: memberId(c, 1),
      blocks: [{ type: 'h', text: '一、学习内容' }, { type: 'p', text: '集中学习了有关文件精神，结合支部实际开展讨论。' }, { type: 'li', text: '每名党员撰写心得体会' }],
      decisions: [{ text: '月底前提交心得体会', ownerId: memberId(c, 1), deadline: '2026-11-30' }, { text: '整理会议纪要并归档', ownerId: memberId(c, 2), deadline: '2026-12-05' }],
      baseVersion: 0, requestId: 'p5-record-0001',
    }),
  },
  { name: 'signIn (member 4, shared phone)', who: 'member', as: 4, fn: 'activity', setup: true, platform: SHARED_PHONE, event: (c) => ({ action: 'signIn', token: ROTATING_TOKEN(c) }) },
  { name: 'signIn (member 5, shared phone)', who: 'member', as: 5, fn: 'activity', setup: true, platform: SHARED_PHONE, event: (c) => ({ action: 'signIn', token: ROTATING_TOKEN(c) }) },
  { name: 'reviewRelaySignIn', who: 'secretary', fn: 'activity', event: (c) => ({ action: 'reviewRelaySignIn', activityId: P5_ACTIVITY(c), memberId: memberId(c, 5), decision: 'confirm', reason: '本人在场，核实无误' }) },
]

/**
 * Sends every action of `list` once, as its member (member 1 unless `as` says) or the secretary
 * (member 0) of the org's branch `b`; `each` makes the call (and may time or count it), except for
 * `setup` actions, which are sent straight.
 */
export async function runActions(h: Harness, org: Org, b: number, each: (a: Action, call: () => Promise<void>) => Promise<void>, list: Action[] = ACTIONS): Promise<void> {
  const branch = org.branches[b]?.id ?? ''
  const ctx: Ctx = { org, b, answers: {} }
  const mains = mountFunctions(h.runtime)
  for (const a of list) {
    const event = a.event(ctx)
    const openid = openidOf(branch, a.as ?? (a.who === 'secretary' ? 0 : 1))
    const call = async () => {
      const main = mains[a.fn]
      if (a.platform && !main) throw new Error(`no function ${a.fn}`)
      const result = a.platform && main ? ((await main(event, contextFor(openid, a.platform))) as Result<unknown>) : await h.call(a.fn, openid, event)
      ctx.answers[a.name] = dataOf(result)
    }
    if (a.setup) await call()
    else await each(a, call)
  }
}
