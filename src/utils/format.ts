/**
 * Display helpers: roles, dates and rates in plain Chinese. Every date is shown in China time
 * (UTC+8, no daylight saving) whatever the device's zone: the server stores ISO UTC instants, and
 * a branch meets in China, so the wall-clock time of the meeting is what everybody must read.
 */

/** 角色的中文名；没有党员档案时为「访客」 */
export function roleLabel(role: string | null | undefined): string {
  switch (role) {
    case 'member':
      return '党员'
    case 'secretary':
      return '支部书记'
    case 'admin':
      return '党委管理员'
    default:
      return '访客'
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** China time is UTC+8 all year round. */
const CN_OFFSET_MS = 8 * 60 * 60 * 1000
const MINUTE_MS = 60 * 1000
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** The wall-clock fields of an instant in China time. */
export interface CnParts {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  /** 0 = 周日 */
  weekday: number
}

function toTime(value: string | number | Date | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null
  const t = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : new Date(value).getTime()
  return Number.isNaN(t) ? null : t
}

/** The China-time fields of an ISO string, a Date or epoch ms; null when unreadable. */
export function cnParts(value: string | number | Date | null | undefined): CnParts | null {
  const t = toTime(value)
  if (t === null) return null
  // Shift the instant by +8 h and read it as UTC: independent of the device's own zone.
  const d = new Date(t + CN_OFFSET_MS)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  }
}

/** The current year in China time. */
export function cnYearNow(now: number = Date.now()): number {
  return cnParts(now)?.year ?? new Date(now).getUTCFullYear()
}

/** `2026-03-01`（北京时间）；无法识别时为「—」 */
export function formatDate(iso: string | null | undefined): string {
  const p = cnParts(iso)
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)}` : '—'
}

/** `2026-03-01 08:00`（北京时间）；无法识别时为「—」 */
export function formatDateTime(iso: string | null | undefined): string {
  const p = cnParts(iso)
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}` : '—'
}

/** `17:10`（北京时间） */
export function formatTime(iso: string | null | undefined): string {
  const p = cnParts(iso)
  return p ? `${pad(p.hour)}:${pad(p.minute)}` : '—'
}

/** `11月20日`，不在今年时为 `2025年11月20日`（北京时间） */
export function formatMonthDay(iso: string | null | undefined, now: number = Date.now()): string {
  const p = cnParts(iso)
  if (!p) return '—'
  const md = `${p.month}月${p.day}日`
  return p.year === cnYearNow(now) ? md : `${p.year}年${md}`
}

/** `11月20日 17:10`（北京时间） */
export function formatShortDateTime(iso: string | null | undefined, now: number = Date.now()): string {
  return cnParts(iso) ? `${formatMonthDay(iso, now)} ${formatTime(iso)}` : '—'
}

/** `周五`（北京时间） */
export function formatWeekday(iso: string | null | undefined): string {
  const p = cnParts(iso)
  return p ? `周${WEEKDAYS[p.weekday] ?? ''}` : ''
}

/**
 * An activity's time span: `11月20日 17:10–19:00`, or with both dates when it ends on another
 * day (`11月20日 17:10–11月21日 09:00`).
 */
export function formatTimeRange(startIso: string | null | undefined, endIso: string | null | undefined, now: number = Date.now()): string {
  const s = cnParts(startIso)
  const e = cnParts(endIso)
  if (!s || !e) return '—'
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day
  const end = sameDay ? formatTime(endIso) : formatShortDateTime(endIso, now)
  return `${formatShortDateTime(startIso, now)}–${end}`
}

/** A date picker's value (`2026-11-20`) for an instant, in China time. */
export function cnDateValue(value: string | number | Date): string {
  return formatDate(new Date(toTime(value) ?? Date.now()).toISOString())
}

/** A time picker's value (`17:10`) for an instant, in China time. */
export function cnTimeValue(value: string | number | Date): string {
  return formatTime(new Date(toTime(value) ?? Date.now()).toISOString())
}

/**
 * The instant (ISO UTC) of a China-time date (`2026-11-20`) and time (`17:10`), `dayOffset` days
 * later; null when either is malformed.
 */
export function isoFromCn(date: string, time: string, dayOffset = 0): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const t = /^(\d{2}):(\d{2})$/.exec(time)
  if (!d || !t) return null
  const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]) + dayOffset, Number(t[1]), Number(t[2])) - CN_OFFSET_MS
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** Epoch ms rounded up to the next whole `minutes` (10 → 17:03 becomes 17:10; 17:10 stays). */
export function roundUpToMinutes(ms: number, minutes: number): number {
  const step = minutes * MINUTE_MS
  return Math.ceil(ms / step) * step
}

/** 出勤率 0.953 → `95.3%`；整数不带小数；无数据时为「—」 */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—'
  const pct = Math.round(rate * 1000) / 10
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`
}

/** 积分 +2 / -2 / 0 */
export function formatSigned(n: number): string {
  return n > 0 ? `+${n}` : String(n)
}
