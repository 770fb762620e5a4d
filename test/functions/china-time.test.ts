/** China time at its edges: the year, month and day turn at 16:00 UTC; printed times and rates. */
import { cnDay, cnMonth, cnTime, cnYear, cnYearStart, pct } from '../../server/domain/shared/china-time'

test('the year, month and day turn at midnight China time (16:00 UTC the day before)', () => {
  expect(cnYear('2025-12-31T15:59:59.999Z')).toBe(2025)
  expect(cnYear('2025-12-31T16:00:00.000Z')).toBe(2026)
  expect(cnMonth('2026-01-31T15:59:59.999Z')).toBe(1)
  expect(cnMonth('2026-01-31T16:00:00.000Z')).toBe(2)
  expect(cnMonth('2026-12-01T00:00:00.000Z')).toBe(12)
  expect(cnDay('2026-11-20T15:59:59.999Z')).toBe('2026-11-20')
  expect(cnDay(new Date('2026-11-20T16:00:00.000Z'))).toBe('2026-11-21')
})

test('the first instant of a year is 16:00 UTC on the 31st of December before it', () => {
  expect(cnYearStart(2026)).toBe('2025-12-31T16:00:00.000Z')
  expect(cnYearStart(2027)).toBe('2026-12-31T16:00:00.000Z')
  expect(cnYear(cnYearStart(2026))).toBe(2026)
  expect(cnYear(new Date(new Date(cnYearStart(2026)).getTime() - 1).toISOString())).toBe(2025)
})

test('a printed time is China minutes, none prints empty; a rate has one decimal, none a dash', () => {
  expect(cnTime('2026-11-20T09:05:59.000Z')).toBe('2026-11-20 17:05')
  expect(cnTime('2026-12-31T16:00:00.000Z')).toBe('2027-01-01 00:00')
  expect(cnTime(null)).toBe('')
  expect(pct(0.998)).toBe('99.8%')
  expect(pct(1)).toBe('100.0%')
  expect(pct(0)).toBe('0.0%')
  expect(pct(null)).toBe('—')
})
