/**
 * The secretary's figures at a mid-size branch (450 members: more than two of the slices the reads
 * combine between breaths) equal a naive recount of the records: every held activity × every
 * member, the state from the sign-in and leave documents themselves, no counter. Some members
 * joined mid-year (expected only at what ended after they joined) and two activities expect a
 * list of members, so both ways of being expected are counted.
 */
import type { activity as A } from '../../contracts'
import { ACTIVITY_KIND_LABEL } from '../../contracts/activity.contract'
import type { ActivityDoc, LeaveDoc, SignInDoc } from '../../server/domain/activity/activity.docs'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { rateCell, stateOf } from '../../server/domain/activity/attendance'
import { C, type MemberDoc } from '../../server/domain/shared/collections'
import { queryAll } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { BIG, loadBigBranch } from './attendance-scale.fixture'

afterAll(closeAllPglite)

jest.setTimeout(300_000)

const MEMBERS = 450
const WEEKS = 48 // the last two end after the test clock (2026-11-20): not held yet

describe('attendance figures at a 450-member branch equal a naive recount of the records', () => {
  let h: Harness
  let members: MemberDoc[]
  let held: ActivityDoc[]
  let signIns: SignInDoc[]
  let leaves: LeaveDoc[]

  beforeAll(async () => {
    h = await makeHarness({ seed: false })
    const { memberIds, activityIds } = await loadBigBranch(h.store, h.runtime.ids, MEMBERS, WEEKS)
    // 30 members joined on 1 March: expected only at activities that ended after that.
    for (const id of memberIds.slice(100, 130)) await h.store.update(C.member, id, { set: { joinedAt: '2026-03-01T00:00:00.000Z' } })
    // Two activities for a list of members (some of them among the late joiners).
    await h.store.update(C.activity, activityIds[5] ?? '', { set: { expectedMemberIds: memberIds.slice(90, 400) } })
    await h.store.update(C.activity, activityIds[20] ?? '', { set: { expectedMemberIds: memberIds.filter((_, i) => i % 7 === 0) } })
    await repairAttendanceCounters(h.store, { fix: true })

    const now = h.clock.now().toISOString()
    members = await queryAll<MemberDoc>(h.store, C.member, { where: { branchId: BIG.branchId } })
    held = (await queryAll<ActivityDoc>(h.store, C.activity, { where: { branchId: BIG.branchId } }, 100_000))
      .filter((a) => a.status === 'scheduled' && a.endAt <= now)
      .sort((x, y) => x.startAt.localeCompare(y.startAt))
    signIns = await queryAll<SignInDoc>(h.store, C.activitySignIn, {}, 100_000)
    leaves = await queryAll<LeaveDoc>(h.store, C.activityLeave, {}, 100_000)
    expect(members).toHaveLength(MEMBERS)
    expect(held).toHaveLength(WEEKS - 2 - 1) // minus the cancelled week 3
  })

  /** Each member's state at each held activity they were expected at, in time order, from the records. */
  function recount(): Map<string, Array<{ a: ActivityDoc; state: A.AttendanceState }>> {
    const signInOf = new Map(signIns.map((s) => [`${s.activityId}/${s.memberId}`, s]))
    const leaveOf = new Map(leaves.map((l) => [`${l.activityId}/${l.memberId}`, l]))
    const out = new Map<string, Array<{ a: ActivityDoc; state: A.AttendanceState }>>()
    for (const m of members) {
      const rows: Array<{ a: ActivityDoc; state: A.AttendanceState }> = []
      for (const a of held) {
        const expected = a.expectedMemberIds ? a.expectedMemberIds.includes(m._id) : m.joinedAt < a.endAt
        if (!expected) continue
        rows.push({ a, state: stateOf(a, signInOf.get(`${a._id}/${m._id}`), leaveOf.get(`${a._id}/${m._id}`), h.clock.now()) })
      }
      out.set(m._id, rows)
    }
    return out
  }

  test('attendanceStats: the branch, every kind, every month and every member', async () => {
    const out = dataOf(await h.call<A.AttendanceStatsOutput>('activity', BIG.secretaryOpenid, { action: 'attendanceStats', year: BIG.year }))
    const rows = [...recount()].flatMap(([memberId, rs]) => rs.map((r) => ({ memberId, ...r })))
    const present = (s: A.AttendanceState) => s === 'signed' || s === 'makeup'
    const cell = (rs: typeof rows) => rateCell(rs.length, rs.filter((r) => present(r.state)).length)
    const monthOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).getUTCMonth() + 1

    expect(out.branch).toEqual(cell(rows))
    const kinds = [...new Set(held.map((a) => a.kind))]
    expect(out.byKind).toEqual(kinds.map((kind) => ({ kind, kindLabel: ACTIVITY_KIND_LABEL[kind], ...cell(rows.filter((r) => r.a.kind === kind)) })))
    expect(out.byMonth).toEqual(Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...cell(rows.filter((r) => monthOf(r.a.startAt) === i + 1)) })))
    const byMember = members.map((m) => {
      const mine = rows.filter((r) => r.memberId === m._id)
      return {
        memberId: m._id,
        name: m.name,
        ...cell(mine),
        leave: mine.filter((r) => r.state === 'leave').length,
        absent: mine.filter((r) => r.state === 'absent' || r.state === 'leave_pending').length,
      }
    })
    const byId = (x: { memberId: string }, y: { memberId: string }) => x.memberId.localeCompare(y.memberId)
    expect([...out.byMember].sort(byId)).toEqual(byMember.sort(byId))
    // the late joiners were expected at fewer activities than the others
    const late = out.byMember.find((r) => r.memberId === members.find((m) => m.joinedAt.startsWith('2026-03'))?._id)
    expect(late?.expected).toBeLessThan(out.byMember[0]?.expected ?? 0)
  })

  test('absenceAlerts: 3 unexcused in the year or 3 in a row, with their activities in time order', async () => {
    const out = dataOf(await h.call<A.AbsenceAlertsOutput>('activity', BIG.secretaryOpenid, { action: 'absenceAlerts', year: BIG.year }))
    const expected: A.AbsenceAlertsOutput['alerts'] = []
    const states = recount()
    for (const m of members) {
      let streak = 0
      let longest = 0
      const missed: ActivityDoc[] = []
      for (const { a, state } of states.get(m._id) ?? []) {
        if (state === 'absent' || state === 'leave_pending') {
          missed.push(a)
          longest = Math.max(longest, ++streak)
        } else {
          streak = 0
        }
      }
      const reasons = [...(missed.length >= 3 ? ['total' as const] : []), ...(longest >= 3 ? ['streak' as const] : [])]
      if (!reasons.length) continue
      expected.push({
        memberId: m._id,
        name: m.name,
        reasons,
        unexcused: missed.length,
        longestStreak: longest,
        activities: missed.map((a) => ({ id: a._id, title: a.title, startAt: a.startAt, kindLabel: ACTIVITY_KIND_LABEL[a.kind] })),
      })
    }
    expect(expected.length).toBeGreaterThan(0)
    const byId = (x: { memberId: string }, y: { memberId: string }) => x.memberId.localeCompare(y.memberId)
    expect([...out.alerts].sort(byId)).toEqual(expected.sort(byId))
    // most unexcused first, then the longest streak
    const keys = out.alerts.map((a) => a.unexcused * 1000 + a.longestStreak)
    expect(keys).toEqual([...keys].sort((x, y) => y - x))
  })
})
