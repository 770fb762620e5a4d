/** The dashboard's time periods and trend buckets, in calendar days (no time zone involved). */
export type Period = '7' | '30' | 'month' | 'custom'
export type Trend = 'day' | 'week' | 'month'

export const PERIODS: ReadonlyArray<{ key: Period; label: string }> = [
  { key: '7', label: '近7天' },
  { key: '30', label: '近30天' },
  { key: 'month', label: '本月' },
  { key: 'custom', label: '自定义' },
]
export const TRENDS: ReadonlyArray<{ key: Trend; label: string }> = [
  { key: 'day', label: '按日' },
  { key: 'week', label: '按周' },
  { key: 'month', label: '按月' },
]
export const OVERALL_LABEL = ['非常不满意', '不满意', '一般', '满意', '非常满意']

/** `YYYY-MM-DD` shifted by n days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n))
  return t.toISOString().slice(0, 10)
}

export function periodRange(period: Period, custom: { from: string; to: string }, today: string): { from: string; to: string } {
  switch (period) {
    case '7':
      return { from: addDays(today, -6), to: today }
    case '30':
      return { from: addDays(today, -29), to: today }
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today }
    default:
      return custom.from <= custom.to ? custom : { from: custom.to, to: custom.from }
  }
}

export function trendLabel(kind: Trend, key: string): string {
  if (kind === 'day') return key.slice(5)
  if (kind === 'week') return key.replace(/^\d{4}-W/, '第') + '周'
  return `${Number(key.slice(5, 7))}月`
}
