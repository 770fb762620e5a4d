/**
 * The main member and secretary actions the scale benches send (bench/p5-store-ops.ts,
 * bench/attendance-scale.ts), in an order where each can use what an earlier one answered
 * (the lecture to study, the activity to sign in to and its code).
 */
import { dataOf, T0, type Harness } from '../test/support/harness'
import { openidOf, type Org } from './org-seed'

export const YEAR = 2026

export type Fn = 'member' | 'activity' | 'points' | 'lecture'
export interface Action {
  name: string
  who: 'member' | 'secretary'
  fn: Fn
  /** the event; may read what earlier actions answered */
  event: (ctx: Ctx) => Record<string, unknown>
}
interface Ctx {
  org: Org
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

/** Sends every action once, as member 1 or the secretary (member 0) of the org's branch `b`; `each` makes the call (and may time or count it). */
export async function runActions(h: Harness, org: Org, b: number, each: (a: Action, call: () => Promise<void>) => Promise<void>): Promise<void> {
  const branch = org.branches[b]?.id ?? ''
  const ctx: Ctx = { org, answers: {} }
  for (const a of ACTIONS) {
    const event = a.event(ctx)
    await each(a, async () => {
      ctx.answers[a.name] = dataOf(await h.call(a.fn, openidOf(branch, a.who === 'secretary' ? 0 : 1), event))
    })
  }
}
