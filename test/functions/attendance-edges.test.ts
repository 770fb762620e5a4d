/**
 * The attendance reads at their edges: they stay in their branch and their year (every query they
 * send names its branch, activity or member, and its period), an activity that ends this very
 * moment counts as ended, the roll's audit trail is the member's own for this activity in time
 * order, my attendance lists the newest first, and an activity whose counter document is missing
 * (records from before the counters) gets it on its first sign-in or 补录. The repair's check mode
 * reports every difference (the 补录 count too) and writes nothing.
 */
import type { activity as A } from '../../contracts'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { memberYearId } from '../../server/domain/activity/attendance-counters'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import type { DocumentStore, Where } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { addOtherBranchStaff, OTHER_BRANCH } from '../support/orgs'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = (i: number) => DEMO.memberOpenid(i)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

/** The store, recording the collection and filter of every read of many documents. */
function recording(inner: DocumentStore) {
  const reads: Array<{ collection: string; where: Where }> = []
  const store: DocumentStore = Object.assign(Object.create(inner) as DocumentStore, {
    query: ((collection, options) => {
      reads.push({ collection, where: options?.where ?? {} })
      return inner.query(collection, options)
    }) as DocumentStore['query'],
    count: ((collection, where) => {
      reads.push({ collection, where: where ?? {} })
      return inner.count(collection, where)
    }) as DocumentStore['count'],
  })
  return { store, reads }
}

async function create(h: Harness, title: string, startAt: string, openid: string = S): Promise<A.ActivityView> {
  const end = new Date(Date.parse(startAt) + 110 * MIN).toISOString()
  const out = dataOf(await h.call<{ activity: A.ActivityView }>('activity', openid, { action: 'createActivity', kind: 'theme_day', title, startAt, endAt: end, place: '会议室' }))
  return out.activity
}
const act = async (h: Harness, openid: string, event: Record<string, unknown>) => dataOf(await h.call('activity', openid, event))
const signInAll = async (h: Harness, activityId: string, openids: string[], secretary: string = S) => {
  const { token } = dataOf(await h.call<{ token: string }>('activity', secretary, { action: 'getSignInCode', activityId }))
  for (const openid of openids) await act(h, openid, { action: 'signIn', token })
}

describe('the attendance reads stay in their branch and their year', () => {
  let h: Harness
  let reads: ReturnType<typeof recording>['reads']
  let home: A.ActivityView
  beforeAll(async () => {
    const rec = recording(await freshStore())
    reads = rec.reads
    h = await makeHarness({ store: rec.store })
    await addOtherBranchStaff(h)
    // A year earlier, in the home branch (张晓燕 had joined by then; the demo's members join at T0).
    await h.store.update(C.member, memberIdFor(h.runtime, M(2)), { set: { joinedAt: '2024-01-01T00:00:00.000Z' } })
    h.clock.set('2025-11-20T09:00:00.000Z')
    const before = await create(h, '去年主题党日', '2025-11-20T09:10:00.000Z')
    h.clock.set('2025-11-20T09:25:00.000Z')
    await signInAll(h, before.id, [M(2)])
    // This year: the home branch's activity, and another branch's the same day.
    h.clock.set(T0)
    home = await create(h, '今年主题党日', iso(10 * MIN))
    const other = await create(h, '第三支部主题党日', iso(10 * MIN), OTHER_BRANCH.secretaryOpenid)
    h.clock.advance(15 * MIN)
    await signInAll(h, home.id, [M(1)])
    await signInAll(h, other.id, [OTHER_BRANCH.memberOpenid], OTHER_BRANCH.secretaryOpenid)
    h.clock.advance(3 * 60 * MIN)
  })

  /** Runs a read and returns the queries it sent to the attendance collections. */
  const sent = async (run: () => Promise<unknown>) => {
    reads.length = 0
    await run()
    const watched: string[] = [C.activity, C.activitySignIn, C.activityLeave, C.activityAudit, C.attendanceMemberYear, C.attendanceActivity]
    return reads.filter((r) => watched.includes(r.collection))
  }
  const bounded = (r: { collection: string; where: Where }) =>
    ('branchId' in r.where || 'activityId' in r.where || 'memberId' in r.where) &&
    (r.collection !== C.activity || 'startAt' in r.where) &&
    (r.collection !== C.attendanceMemberYear || 'year' in r.where)

  test('attendanceStats and absenceAlerts: this branch, this year', async () => {
    let stats!: A.AttendanceStatsOutput
    const q = await sent(async () => (stats = dataOf(await h.call<A.AttendanceStatsOutput>('activity', S, { action: 'attendanceStats', year: 2026 }))))
    expect(q.length).toBeGreaterThan(0)
    expect(q.filter((r) => !bounded(r))).toEqual([])
    const members = await h.store.count(C.member, { branchId: DEMO.branchId })
    expect(stats.branch).toMatchObject({ expected: members, attended: 1 })
    expect(stats.byKind).toEqual([expect.objectContaining({ kind: 'theme_day', expected: members, attended: 1 })])
    const alerts = await sent(() => h.call('activity', S, { action: 'absenceAlerts', year: 2026 }))
    expect(alerts.filter((r) => !bounded(r))).toEqual([])
  })

  test('myAttendance: the member’s branch and year, the newest first', async () => {
    let mine!: A.MyAttendanceOutput
    const q = await sent(async () => (mine = dataOf(await h.call<A.MyAttendanceOutput>('activity', M(2), { action: 'myAttendance', year: 2026 }))))
    expect(q.filter((r) => !bounded(r))).toEqual([])
    expect(mine.items.map((i) => i.activity.title)).toEqual(['今年主题党日'])
    expect(mine.summary).toEqual({ expected: 1, attended: 0, rate: 0 })
    const lastYear = dataOf(await h.call<A.MyAttendanceOutput>('activity', M(2), { action: 'myAttendance', year: 2025 }))
    expect(lastYear.items.map((i) => [i.activity.title, i.stateLabel])).toEqual([['去年主题党日', '已签到']])
    // Two activities this year: the later one first.
    const later = await create(h, '月末主题党日', iso(5 * 24 * 60 * MIN))
    const both = dataOf(await h.call<A.MyAttendanceOutput>('activity', M(2), { action: 'myAttendance', year: 2026 }))
    expect(both.items.map((i) => i.activity.id)).toEqual([later.id, home.id])
  })

  test('listAttendance: this activity’s records only', async () => {
    const q = await sent(() => h.call('activity', S, { action: 'listAttendance', activityId: home.id }))
    expect(q.length).toBeGreaterThan(0)
    expect(q.filter((r) => !bounded(r))).toEqual([])
  })

  test('an admin, on no branch, has no attendance of their own', async () => {
    const mine = await h.call<A.MyAttendanceOutput>('activity', DEMO.adminOpenid, { action: 'myAttendance', year: 2026 })
    expect(mine).toMatchObject({ ok: true, data: { year: 2026, summary: { expected: 0, attended: 0, rate: null }, items: [] } })
  })
})

describe('an activity that ends this very moment has ended', () => {
  test('the roll has its rate, the statistics and my attendance count it', async () => {
    const h = await makeHarness()
    const a = await create(h, '准点结束的主题党日', iso(10 * MIN))
    h.clock.advance(15 * MIN)
    await signInAll(h, a.id, [M(1)])
    h.clock.set(a.endAt)
    const roll = dataOf(await h.call<A.ListAttendanceOutput>('activity', S, { action: 'listAttendance', activityId: a.id }))
    expect(roll.rate).toBeCloseTo(1 / roll.counts.expected, 3)
    const stats = dataOf(await h.call<A.AttendanceStatsOutput>('activity', S, { action: 'attendanceStats', year: 2026 }))
    expect(stats.branch).toMatchObject({ expected: roll.counts.expected, attended: 1 })
    const mine = dataOf(await h.call<A.MyAttendanceOutput>('activity', M(2), { action: 'myAttendance', year: 2026 }))
    expect(mine.summary).toEqual({ expected: 1, attended: 0, rate: 0 })
    // A millisecond before, nothing has ended.
    h.clock.set(new Date(Date.parse(a.endAt) - 1))
    expect(dataOf(await h.call<A.ListAttendanceOutput>('activity', S, { action: 'listAttendance', activityId: a.id })).rate).toBeNull()
    expect(dataOf(await h.call<A.MyAttendanceOutput>('activity', M(2), { action: 'myAttendance', year: 2026 })).summary.expected).toBe(0)
  })
})

describe('the roll’s audit trail', () => {
  test('each member’s own changes to this activity, in time order', async () => {
    const h = await makeHarness()
    const a = await create(h, '支部党员大会', iso(10 * MIN))
    const b = await create(h, '党小组会', iso(10 * MIN))
    const m4 = memberIdFor(h.runtime, M(4))
    h.clock.advance(15 * MIN)
    const steps: Array<[string, string]> = [
      ['addMakeup', '纸质签到'],
      ['revokeMakeup', '录错了人'],
      ['addMakeup', '核实后补录'],
    ]
    for (const [action, reason] of steps) {
      h.clock.advance(MIN)
      await act(h, S, { action, activityId: a.id, memberId: m4, reason })
    }
    await act(h, S, { action: 'addMakeup', activityId: b.id, memberId: m4, reason: '另一个活动' })
    const roll = dataOf(await h.call<A.ListAttendanceOutput>('activity', S, { action: 'listAttendance', activityId: a.id }))
    const row = roll.rows.find((r) => r.memberId === m4)
    expect(row?.audit.map((e) => e.reason)).toEqual(['纸质签到', '录错了人', '核实后补录'])
    expect(roll.rows.filter((r) => r.memberId !== m4).every((r) => r.audit.length === 0)).toBe(true)
  })
})

describe('an activity without its counter document (records from before the counters)', () => {
  test('its first sign-in or 补录 makes the document with that count', async () => {
    const h = await makeHarness()
    const a = await create(h, '支委会', iso(10 * MIN))
    const b = await create(h, '党小组会', iso(10 * MIN))
    for (const id of [a.id, b.id]) expect(await h.store.remove(C.attendanceActivity, id)).toBe(true)
    h.clock.advance(15 * MIN)
    await signInAll(h, a.id, [M(1)])
    await act(h, S, { action: 'addMakeup', activityId: b.id, memberId: memberIdFor(h.runtime, M(2)), reason: '纸质签到' })
    const live = async (id: string) => dataOf(await h.call<A.GetSignInCodeOutput>('activity', S, { action: 'getSignInCode', activityId: id })).signedCount
    expect([await live(a.id), await live(b.id)]).toEqual([1, 1])
    expect(await h.store.get(C.attendanceActivity, a.id)).toMatchObject({ signed: 1, makeup: 0 })
    expect(await h.store.get(C.attendanceActivity, b.id)).toMatchObject({ signed: 0, makeup: 1 })
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
  })
})

describe('the repair', () => {
  test('check mode reports a wrong sign-in count, a wrong 补录 count and a missing document, and writes nothing', async () => {
    const h = await makeHarness()
    const a = await create(h, '支部党员大会', iso(10 * MIN))
    h.clock.advance(15 * MIN)
    await signInAll(h, a.id, [M(1), M(2)])
    await act(h, S, { action: 'addMakeup', activityId: a.id, memberId: memberIdFor(h.runtime, M(3)), reason: '纸质签到' })
    await act(h, M(4), { action: 'requestLeave', activityId: a.id, reason: '出差' })
    await h.store.update(C.attendanceActivity, a.id, { inc: { signed: 3, makeup: 2 } })
    const yearDoc = memberYearId(memberIdFor(h.runtime, M(1)), DEMO.branchId, 2026)
    expect(await h.store.remove(C.attendanceMemberYear, yearDoc)).toBe(true)
    const before = await h.counts()

    const report = await repairAttendanceCounters(h.store, { fix: false })
    expect(report.differences).toEqual([
      { collection: C.attendanceActivity, id: a.id, field: 'signed', stored: 5, expected: 2 },
      { collection: C.attendanceActivity, id: a.id, field: 'makeup', stored: 3, expected: 1 },
      { collection: C.attendanceMemberYear, id: yearDoc, field: '(document)', stored: null, expected: { [`s_${a.id}`]: { m: 'scan', at: expect.any(String) } } },
    ])
    expect(report.scanned).toMatchObject({ signIns: 3, leaves: 1 })
    expect(report.fixed).toBe(false)
    expect(await h.counts()).toEqual(before)
    expect(await h.store.get(C.attendanceActivity, a.id)).toMatchObject({ signed: 5, makeup: 3 })

    const fixed = await repairAttendanceCounters(h.store, { fix: true })
    expect(fixed.differences).toHaveLength(3)
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
  })
})
