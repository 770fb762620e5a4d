/**
 * The attendance counters equal a recount of the records after a realistic sequence (sign-ins,
 * 补录, revocation, leave approved and rejected, cancellation, an edit across the year), and the
 * repair finds and fixes a corrupted counter.
 */
import type { activity as A } from '../../contracts'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { memberYearId } from '../../server/domain/activity/attendance-counters'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = (i: number) => DEMO.memberOpenid(i)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

async function create(h: Harness, title: string, startMs: number, extra: Record<string, unknown> = {}): Promise<string> {
  const out = dataOf(await h.call<{ activity: A.ActivityView }>('activity', S, {
    action: 'createActivity', kind: 'theme_day', title, startAt: iso(startMs), endAt: iso(startMs + 110 * MIN), place: '会议室', ...extra,
  }))
  return out.activity.id
}

const act = async (h: Harness, openid: string, event: Record<string, unknown>) => dataOf(await h.call('activity', openid, event))

/** Three activities and every kind of write on them; leaves the clock after all of them ended. */
async function realisticSequence(h: Harness): Promise<{ a1: string; a2: string; a3: string }> {
  const a1 = await create(h, '支部党员大会', 10 * MIN)
  const a2 = await create(h, '党小组会', 10 * MIN)
  const a3 = await create(h, '主题党日', 10 * MIN)
  const mid = (i: number) => memberIdFor(h.runtime, M(i))
  for (const [i, a] of [[1, a3], [2, a3], [3, a1], [4, a2]] as const) await act(h, M(i), { action: 'requestLeave', activityId: a, reason: '出差' })
  await act(h, S, { action: 'decideLeave', activityId: a3, memberId: mid(1), approve: true })
  await act(h, S, { action: 'decideLeave', activityId: a3, memberId: mid(2), approve: false })
  await act(h, S, { action: 'decideLeave', activityId: a1, memberId: mid(3), approve: true })
  await act(h, S, { action: 'decideLeave', activityId: a1, memberId: mid(3), approve: false }) // changes its mind
  h.clock.advance(15 * MIN)
  for (const a of [a1, a2]) {
    const { token } = dataOf(await h.call<{ token: string }>('activity', S, { action: 'getSignInCode', activityId: a }))
    for (const i of [1, 2, 5, 6, 7]) await act(h, M(i), { action: 'signIn', token })
    await act(h, M(5), { action: 'signIn', token }) // a repeated scan
  }
  await act(h, S, { action: 'addMakeup', activityId: a1, memberId: mid(8), reason: '纸质签到' })
  await act(h, S, { action: 'addMakeup', activityId: a1, memberId: mid(9), reason: '纸质签到' })
  await act(h, S, { action: 'revokeMakeup', activityId: a1, memberId: mid(9), reason: '录错了人' })
  await act(h, S, { action: 'addMakeup', activityId: a2, memberId: mid(4), reason: '请假后到会' }) // a pending leave and a 补录
  await act(h, S, { action: 'cancelActivity', activityId: a3, reason: '改期' })
  h.clock.advance(3 * 60 * MIN)
  return { a1, a2, a3 }
}

describe('attendance counters', () => {
  test('after sign-ins, 补录, a revocation, leaves approved and rejected and a cancellation, the repair finds no difference', async () => {
    const h = await makeHarness()
    await realisticSequence(h)
    const report = await repairAttendanceCounters(h.store, { fix: false })
    expect(report.differences).toEqual([])
    expect(report.scanned.signIns).toBe(13)
    expect(report.scanned.counters).toBeGreaterThan(0)
  })

  test('the live count of the sign-in screen follows sign-ins, 补录 and their revocation', async () => {
    const h = await makeHarness()
    const a = await create(h, '支委会', 10 * MIN)
    h.clock.advance(15 * MIN)
    const count = async () => dataOf(await h.call<A.GetSignInCodeOutput>('activity', S, { action: 'getSignInCode', activityId: a }))
    const { token, signedCount, expectedCount } = await count()
    expect(signedCount).toBe(0)
    for (const i of [1, 2, 3]) await act(h, M(i), { action: 'signIn', token })
    await act(h, M(1), { action: 'signIn', token })
    await act(h, S, { action: 'addMakeup', activityId: a, memberId: memberIdFor(h.runtime, M(4)), reason: '纸质签到' })
    expect((await count()).signedCount).toBe(4)
    await act(h, S, { action: 'revokeMakeup', activityId: a, memberId: memberIdFor(h.runtime, M(4)), reason: '录错了人' })
    expect(await count()).toMatchObject({ signedCount: 3, expectedCount })
    expect(expectedCount).toBe(await h.store.count(C.member, { branchId: DEMO.branchId }))
  })

  test('a corrupted counter is reported by the repair, fixed, and the figures come back', async () => {
    const h = await makeHarness()
    const { a1 } = await realisticSequence(h)
    const stats = async () => dataOf(await h.call<A.AttendanceStatsOutput>('activity', S, { action: 'attendanceStats', year: 2026 }))
    const mine = async () => dataOf(await h.call<A.MyAttendanceOutput>('activity', M(1), { action: 'myAttendance', year: 2026 }))
    const [goodStats, goodMine] = [await stats(), await mine()]
    const m1 = memberIdFor(h.runtime, M(1))
    const yearDoc = memberYearId(m1, DEMO.branchId, 2026)
    // Someone's sign-in mark lost, and the live count off by five.
    await h.store.update(C.attendanceMemberYear, yearDoc, { set: { [`s_${a1}`]: null } })
    await h.store.update(C.attendanceActivity, a1, { inc: { signed: 5 } })
    expect((await stats()).branch.attended).toBe(goodStats.branch.attended - 1)

    const report = await repairAttendanceCounters(h.store, { fix: true })
    expect(report.differences).toEqual([
      { collection: C.attendanceActivity, id: a1, field: 'signed', stored: 10, expected: 5 },
      { collection: C.attendanceMemberYear, id: yearDoc, field: `s_${a1}`, stored: null, expected: { m: 'scan', at: expect.any(String) } },
    ])
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
    expect(await stats()).toEqual(goodStats)
    expect(await mine()).toEqual(goodMine)
  })

  test('records from before the counters (no counter documents at all) are rebuilt by the repair', async () => {
    const h = await makeHarness()
    await realisticSequence(h)
    const stats = async () => dataOf(await h.call<A.AttendanceStatsOutput>('activity', S, { action: 'attendanceStats', year: 2026 }))
    const good = await stats()
    for (const c of [C.attendanceMemberYear, C.attendanceActivity]) {
      for (const d of (await h.store.query(c, { limit: 1000 })).docs) await h.store.remove(c, d._id)
    }
    const report = await repairAttendanceCounters(h.store, { fix: true })
    expect(report.differences.length).toBeGreaterThan(0)
    expect(report.differences.every((d) => d.field === '(document)')).toBe(true)
    expect(await stats()).toEqual(good)
  })

  test('an activity moved to another year keeps its marks (they stay under the year they were written in)', async () => {
    const h = await makeHarness()
    const a = await create(h, '跨年活动', 10 * MIN)
    h.clock.advance(15 * MIN)
    const { token } = dataOf(await h.call<{ token: string }>('activity', S, { action: 'getSignInCode', activityId: a }))
    await act(h, M(1), { action: 'signIn', token })
    const start = Date.parse('2027-01-04T01:00:00.000Z')
    await act(h, S, { action: 'updateActivity', activityId: a, kind: 'theme_day', title: '跨年活动', startAt: new Date(start).toISOString(), endAt: new Date(start + 3_600_000).toISOString(), place: '会议室' })
    h.clock.set(new Date(start + 2 * 3_600_000))
    const out = dataOf(await h.call<A.MyAttendanceOutput>('activity', M(1), { action: 'myAttendance', year: 2027 }))
    expect(out.items.map((i) => [i.activity.id, i.state])).toEqual([[a, 'signed']])
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
  })
})
