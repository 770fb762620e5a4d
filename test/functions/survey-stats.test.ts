/** The survey's pure arithmetic: summing daily counters, ISO weeks and day arithmetic, checked against independent values. */
import { addCounters, addDays, daysBetween, emptyTally, isoWeek, rate } from '../../server/domain/survey/survey-stats'

describe('survey arithmetic', () => {
  test('ISO week keys match the calendar (values from Python’s date.isocalendar), across year ends and 53-week years', () => {
    const cases: Array<[string, string]> = [
      ['2026-01-01', '2026-W01'],
      ['2024-12-30', '2025-W01'],
      ['2021-01-03', '2020-W53'],
      ['2026-11-20', '2026-W47'],
      ['2027-01-01', '2026-W53'],
      ['2020-12-31', '2020-W53'],
      ['2026-06-05', '2026-W23'],
      ['2025-12-29', '2026-W01'],
      ['2026-12-28', '2026-W53'],
    ]
    expect(cases.map(([d]) => [d, isoWeek(d)])).toEqual(cases)
  })

  test('addDays and daysBetween count calendar days, across months and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(addDays('2026-11-20', -29)).toBe('2026-10-22')
    expect(daysBetween('2026-10-22', '2026-11-20')).toBe(29)
    expect(daysBetween('2026-11-20', '2026-11-20')).toBe(0)
  })

  test('addCounters sums numbers only and reads aspects only from a_<key>_s / a_<key>_n pairs', () => {
    const t = emptyTally()
    addCounters(t, { _id: 'x', day: '2026-11-20', n: 3, sat: 2, o1: 1, o5: 2, u: 1, a_courtesy_s: 9, a_courtesy_n: 2 })
    // strings and other shapes are not counts; keys that only look like aspects are not aspects
    addCounters(t, { n: '7', sat: null, o2: { x: 1 }, u: 2, xa_fake_s: 5, a_fake_sx: 5, a_speed_s: 4, a_speed_n: 1 })
    expect({ n: t.n, sat: t.sat, o: t.o, u: t.u }).toEqual({ n: 3, sat: 2, o: [1, 0, 0, 0, 2], u: 3 })
    expect(Object.fromEntries(t.aspects)).toEqual({ courtesy: { s: 9, n: 2 }, speed: { s: 4, n: 1 } })
  })

  test('rate is rounded to four places and null without answers', () => {
    expect(rate(212, 213)).toBe(0.9953)
    expect(rate(0, 0)).toBeNull()
  })
})
