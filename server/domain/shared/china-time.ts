/**
 * The calendar the branches live by: China time (UTC+8, no daylight saving). Stored instants are
 * ISO UTC; years, months, days and printed times are China's.
 */
const CN_OFFSET_MS = 8 * 60 * 60 * 1000

const shifted = (iso: string | Date) => new Date(new Date(iso).getTime() + CN_OFFSET_MS)

export const cnYear = (iso: string): number => shifted(iso).getUTCFullYear()
export const cnMonth = (iso: string): number => shifted(iso).getUTCMonth() + 1
/** `YYYY-MM-DD` of an instant. */
export const cnDay = (at: Date | string): string => shifted(at).toISOString().slice(0, 10)
/** The first instant of a year, as ISO. */
export const cnYearStart = (year: number): string => new Date(Date.UTC(year, 0, 1) - CN_OFFSET_MS).toISOString()
/** `2026-11-20 17:05`, or '' for none: for spreadsheets. */
export const cnTime = (iso: string | null): string => (iso ? shifted(iso).toISOString().slice(0, 16).replace('T', ' ') : '')
/** `98.0%`, or `—` when there is no rate. */
export const pct = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)
