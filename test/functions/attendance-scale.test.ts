/**
 * A 2,000-member branch with a year of weekly activities (loaded straight into the store): every
 * attendance read answers, and its figures equal a recount of the fixture's pattern. No time limit:
 * the point is that no read walks the history past queryAll's cap (bench/attendance-scale.ts times them).
 */
import type { activity as A } from '../../contracts'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { BIG, loadBigBranch, outcome } from './attendance-scale.fixture'

afterAll(closeAllPglite)

jest.setTimeout(600_000)

describe('a 2,000-member branch, a year of weekly activities', () => {
  let h: Harness
  let activityIds: string[]
  beforeAll(async () => {
    h = await makeHarness({ seed: false })
    ;({ activityIds } = await loadBigBranch(h.store, h.runtime.ids))
    await repairAttendanceCounters(h.store, { fix: true })
  })

  /** Activities held by the test clock (2026-11-20): weeks 0..45 minus the cancelled week 3. */
  const held = () => activityIds.map((_, j) => j).filter((j) => j !== 3 && j <= 45)

  test('attendanceStats answers, and the branch rate is the recount', async () => {
    const out = dataOf(await h.call<A.AttendanceStatsOutput>('activity', BIG.secretaryOpenid, { action: 'attendanceStats', year: BIG.year }))
    let attended = 0
    for (const j of held()) for (let i = 0; i < 2000; i++) if (['signed', 'makeup'].includes(outcome(i, j))) attended++
    expect(out.branch).toMatchObject({ expected: 2000 * held().length, attended })
    expect(out.byMember).toHaveLength(2000)
  })

  test('absenceAlerts answers with both rules', async () => {
    const out = dataOf(await h.call<A.AbsenceAlertsOutput>('activity', BIG.secretaryOpenid, { action: 'absenceAlerts', year: BIG.year }))
    expect(out.alerts.length).toBeGreaterThan(0)
    const first = out.alerts[0]
    expect(first?.reasons).toContain('total')
  })

  test('listAttendance of one activity answers for all 2,000', async () => {
    const out = dataOf(await h.call<A.ListAttendanceOutput>('activity', BIG.secretaryOpenid, { action: 'listAttendance', activityId: activityIds[40] }))
    expect(out.rows).toHaveLength(2000)
  })

  test("myAttendance answers with the member's year", async () => {
    const out = dataOf(await h.call<A.MyAttendanceOutput>('activity', BIG.memberOpenid(7), { action: 'myAttendance', year: BIG.year }))
    expect(out.items).toHaveLength(activityIds.length - 1)
    // Counted: the ended ones, and any the member already attended (the fixture marks later weeks too).
    const attended = (j: number) => ['signed', 'makeup'].includes(outcome(7, j))
    const counted = activityIds.map((_, j) => j).filter((j) => j !== 3 && (j <= 45 || attended(j)))
    expect(counted.length).toBeGreaterThan(held().length)
    expect(out.summary).toMatchObject({ expected: counted.length, attended: counted.filter(attended).length })
  })
})
