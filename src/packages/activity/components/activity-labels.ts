/** Activity display rules shared by the 组织生活 pages: state labels and colours, the sign-in window, scanned tokens. */
import type { ActivityView, AttendanceState } from '../../../api/activity'

/** Attendance labels as the members see them (the same words as the contract's ATTENDANCE_LABEL). */
export const STATE_LABEL: Record<AttendanceState, string> = {
  signed: '已签到',
  makeup: '补录',
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

function paramFrom(query: string, name: string): string | null {
  for (const pair of query.split('&')) {
    const [key, ...rest] = pair.split('=')
    if (key !== name) continue
    const raw = rest.join('=')
    try {
      return decodeURIComponent(raw.replace(/\+/g, ' '))
    } catch {
      return raw
    }
  }
  return null
}

/**
 * The sign-in token in a scanned or opened text: a full URL or a bare path with `?t=…`, a
 * mini-program launch's `q` (the whole URL, encoded), or the token itself. Null when none.
 */
export function tokenFromText(text: string | null | undefined): string | null {
  const value = (text ?? '').trim()
  if (!value) return null
  if (/^s1\.[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]+$/.test(value)) return value
  const q = value.indexOf('?')
  if (q < 0) return null
  const query = value.slice(q + 1).split('#')[0] ?? ''
  const t = paramFrom(query, 't')
  if (t) return t.trim()
  const nested = paramFrom(query, 'q')
  return nested ? tokenFromText(nested) : null
}
