/**
 * Attendance arithmetic, pure: the state of each expected member in an activity, rates, and the
 * seed's absence rules (3 unexcused absences in a year, or 3 in a row).
 */
import type { AttendanceState } from '../../../contracts/activity.contract'
import type { MemberDoc } from '../shared/collections'
import type { ActivityDoc, LeaveDoc, SignInDoc } from './activity.docs'

export function isExpected(activity: ActivityDoc, member: MemberDoc): boolean {
  if (member.branchId !== activity.branchId) return false
  if (activity.expectedMemberIds) return activity.expectedMemberIds.includes(member._id)
  // Whole-branch activities expect those who had joined before the activity ended.
  return member.joinedAt < activity.endAt
}

/** isExpected for one activity and many members: its list as a Set (`includes` over 2,000 ids, per member, is quadratic). */
export function expectedOf(activity: ActivityDoc): (member: MemberDoc) => boolean {
  if (!activity.expectedMemberIds) return (member) => isExpected(activity, member)
  const list = new Set(activity.expectedMemberIds)
  return (member) => member.branchId === activity.branchId && list.has(member._id)
}

export function stateOf(
  activity: ActivityDoc,
  signIn: SignInDoc | undefined,
  leave: LeaveDoc | undefined,
  now: Date,
): AttendanceState {
  return stateFrom(activity, signIn?.state === 'active' ? signIn.method : null, leave?.status ?? null, now)
}

/** The same from what is known: the method of an active sign-in, the status of a leave. */
export function stateFrom(
  activity: ActivityDoc,
  signedBy: SignInDoc['method'] | null,
  leave: LeaveDoc['status'] | null,
  now: Date,
): AttendanceState {
  if (signedBy) return signedBy === 'scan' ? 'signed' : signedBy === 'online' ? 'online' : 'makeup'
  if (leave === 'approved') return 'leave'
  if (leave === 'pending') return 'leave_pending'
  return new Date(activity.endAt).getTime() <= now.getTime() ? 'absent' : 'pending'
}

/** Present: signed in by scan, by 补录, or online (a 流动 member with the 会议口令). */
export const attended = (s: AttendanceState): boolean => s === 'signed' || s === 'makeup' || s === 'online'
/** Unexcused once the activity is over: absent, or a leave nobody approved. */
export const unexcused = (s: AttendanceState): boolean => s === 'absent' || s === 'leave_pending'

export interface RateCell {
  expected: number
  attended: number
  rate: number | null
}

export function rateCell(expected: number, attendedCount: number): RateCell {
  return { expected, attended: attendedCount, rate: expected ? Math.round((attendedCount / expected) * 1000) / 1000 : null }
}

export interface AbsenceFinding {
  unexcused: number
  longestStreak: number
  reasons: Array<'total' | 'streak'>
  activityIds: string[]
}

/** Walks one member's ended activities in time order; attendance or an approved leave breaks a streak. */
export function absenceFinding(states: Array<{ activityId: string; state: AttendanceState }>): AbsenceFinding {
  let streak = 0
  let longest = 0
  const ids: string[] = []
  for (const { activityId, state } of states) {
    if (unexcused(state)) {
      streak += 1
      ids.push(activityId)
      longest = Math.max(longest, streak)
    } else {
      streak = 0
    }
  }
  const reasons: AbsenceFinding['reasons'] = []
  if (ids.length >= 3) reasons.push('total')
  if (longest >= 3) reasons.push('streak')
  return { unexcused: ids.length, longestStreak: longest, reasons, activityIds: ids }
}
