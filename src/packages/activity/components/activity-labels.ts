/** Activity display rules shared by the 组织生活 pages: state labels and colours, the sign-in window, scanned tokens. */
import type { ActivityView, AttendanceState } from '../../../api/activity'

/** Attendance labels as the members see them (the same words as the contract's ATTENDANCE_LABEL). */
export const STATE_LABEL: Record<AttendanceState, string> = {
  signed: '已签到',
  makeup: '补录',
  online: '线上参加',
  leave: '请假',
  leave_pending: '请假待批',
  absent: '缺席',
  pending: '未签到',
}

/** The badge class of an attendance state (green signed, blue 补录, orange leave, red absent, grey pending). */
export function stateClass(state: AttendanceState): string {
  return `att-badge att-badge--${state}`
}

export type WindowState = 'open' | 'not_started' | 'ended' | 'closed' | 'cancelled'

/** Where an activity's sign-in window stands now (by this device's clock; the server decides). */
export function windowState(activity: ActivityView, now: number = Date.now()): WindowState {
  if (activity.status === 'cancelled') return 'cancelled'
  if (activity.signIn.open) return 'open'
  const closes = Date.parse(activity.signIn.closesAt)
  if (now >= closes) return 'ended'
  if (activity.signIn.mode === 'closed') return 'closed'
  return 'not_started'
}

export const WINDOW_LABEL: Record<WindowState, string> = {
  open: '开放中',
  not_started: '未开始',
  ended: '已结束',
  closed: '已关闭',
  cancelled: '已取消',
}

/** Whether the activity is over (its end time has passed). */
export function hasEnded(activity: ActivityView, now: number = Date.now()): boolean {
  return now >= Date.parse(activity.endAt)
}

/** The sign-in token in a scanned or opened text (one parser for every page: utils/launch-query). */
export { signInTokenFromText as tokenFromText } from '../../../utils/launch-query'
