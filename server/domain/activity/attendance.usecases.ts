/** Attendance: one activity's list, the year's rates, the absence alerts, and a member's own record. */
import { ACTIVITY_KIND_LABEL, ATTENDANCE_LABEL } from '../../../contracts/activity.contract'
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { branchInScope, requireMember, requireRole } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import { queryAll, type DocumentStore } from '../../store/document-store'
import { attended, absenceFinding, expectedOf, isExpected, rateCell, stateOf } from './attendance'
import { cnMonth, cnYearStart, type ActivityDoc, type AuditDoc, type LeaveDoc, type SignInDoc } from './activity.docs'
import { branchMembers, managedActivity, view } from './activity.shared'
import { branchMarks, memberMarks, signedAtFromMarks, stateFromMarks } from './attendance-counters'

/**
 * One activity's records with the branch's members: bounded by the branch (a sign-in and a leave
 * per member at most), never by its history.
 */
async function activityRecords(deps: Deps, activity: ActivityDoc) {
  const where = { activityId: activity._id }
  const [members, signIns, leaves] = await Promise.all([
    branchMembers(deps, activity.branchId),
    queryAll<SignInDoc>(deps.store, C.activitySignIn, { where }),
    queryAll<LeaveDoc>(deps.store, C.activityLeave, { where }),
  ])
  const signInOf = new Map(signIns.map((d) => [d.memberId, d]))
  const leaveOf = new Map(leaves.map((d) => [d.memberId, d]))
  return { members, signInOf: (m: string) => signInOf.get(m), leaveOf: (m: string) => leaveOf.get(m) }
}

export async function listAttendance(deps: Deps, caller: Caller, input: In<A.ListAttendanceInput>): Promise<A.ListAttendanceOutput> {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  const now = deps.clock.now()
  const data = await activityRecords(deps, activity)
  const audits = await queryAll<AuditDoc>(deps.store, C.activityAudit, { where: { activityId: activity._id }, orderBy: [['at', 'asc']] })
  const rows = data.members
    .filter((m) => isExpected(activity, m))
    .map((m): A.AttendanceRow => {
      const s = data.signInOf(m._id)
      const l = data.leaveOf(m._id)
      const state = stateOf(activity, s, l, now)
      return {
        memberId: m._id,
        name: m.name,
        state,
        stateLabel: ATTENDANCE_LABEL[state],
        signedAt: s?.state === 'active' ? s.at : null,
        locationFlag: s?.state === 'active' ? s.locationFlag : 'none',
        place: s?.state === 'active' && s.place ? { distanceM: s.place.distanceM, radiusM: s.place.radiusM } : null,
        leaveReason: l ? l.reason : null,
        audit: audits
          .filter((a) => a.memberId === m._id)
          .map((a) => ({ at: a.at, byName: a.byName, what: a.what, reason: a.reason })),
      }
    })
  const count = (s: A.AttendanceState) => rows.filter((r) => r.state === s).length
  const ended = new Date(activity.endAt).getTime() <= now.getTime()
  // 线上参加 counts like a scan (as the live count does); each row still says which it was.
  const present = count('signed') + count('online') + count('makeup')
  return {
    activity: view(activity, now),
    rows,
    counts: {
      expected: rows.length,
      signed: count('signed') + count('online'),
      makeup: count('makeup'),
      leave: count('leave') + count('leave_pending'),
      absent: count('absent'),
      pending: count('pending'),
    },
    rate: ended ? rateCell(rows.length, present).rate : null,
  }
}

/** The branch's activities of a calendar year (China time) that have ended and were held. */
async function heldActivities(deps: Deps, branchId: string, year: number, now: Date): Promise<ActivityDoc[]> {
  const all = await queryAll<ActivityDoc>(deps.store, C.activity, {
    where: { branchId, status: 'scheduled', startAt: { $gte: cnYearStart(year), $lt: cnYearStart(year + 1) } },
    orderBy: [['startAt', 'asc']],
  })
  return all.filter((a) => new Date(a.endAt).getTime() <= now.getTime())
}

/**
 * Lets the event loop turn. On the embedded store (PGlite) every statement runs in this thread and
 * resolves on microtasks only, so a page that reads and combines a 2,000-member branch in one go
 * would hold the gateway (every other request, `/healthz` too) for its whole time (bench/head-of-line.ts).
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve))
/** Members combined between two breaths: 200 × ~50 activities is a few ms. */
const SLICE = 200

/** The same deps, whose store breathes before each page it reads (200 documents on the embedded store). */
function breathing(deps: Deps): Deps {
  const { store } = deps
  const query: DocumentStore['query'] = async (collection, options) => {
    await breathe()
    return store.query(collection, options)
  }
  return { ...deps, store: Object.assign(Object.create(store) as DocumentStore, { query }) }
}

/**
 * A branch's year: its held activities (one index query, ≤ ~100), its members and their marks
 * (≤ one counter document per member and mark year); combined in memory, never a scan of records.
 */
async function yearData(deps: Deps, branchId: string, year: number, now: Date) {
  const paced = breathing(deps)
  const [activities, members] = await Promise.all([heldActivities(deps, branchId, year, now), branchMembers(paced, branchId)])
  return { activities, members, marks: await branchMarks(paced, branchId, activities) }
}

/** Calls `each` for every member, breathing between slices of SLICE members. */
async function forEachMember(members: MemberDoc[], each: (m: MemberDoc) => void): Promise<void> {
  for (let i = 0; i < members.length; i++) {
    if (i > 0 && i % SLICE === 0) await breathe()
    each(members[i] as MemberDoc)
  }
}

interface Tally {
  expected: number
  attended: number
  leave: number
  absent: number
}
const tally = (): Tally => ({ expected: 0, attended: 0, leave: 0, absent: 0 })
const cellOf = (t: Tally) => rateCell(t.expected, t.attended)
function count(t: Tally, state: A.AttendanceState): void {
  t.expected += 1
  if (attended(state)) t.attended += 1
  if (state === 'leave') t.leave += 1
  if (state === 'absent' || state === 'leave_pending') t.absent += 1
}

export async function attendanceStats(deps: Deps, caller: Caller, input: In<A.AttendanceStatsInput>): Promise<A.AttendanceStatsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const now = deps.clock.now()
  const { activities, members, marks } = await yearData(deps, branch._id, input.year, now)
  // Everything that depends on the activity alone, once per activity rather than per member.
  const branchTally = tally()
  const byKind = new Map(activities.map((a) => [a.kind, tally()]))
  const byMonth = Array.from({ length: 12 }, tally)
  const held = activities.map((a) => ({ a, expects: expectedOf(a), kind: byKind.get(a.kind) as Tally, month: byMonth[cnMonth(a.startAt) - 1] as Tally }))
  const byMember = new Map<string, Tally>()
  await forEachMember(members, (m) => {
    const own = marks.get(m._id)
    const mine = tally()
    byMember.set(m._id, mine)
    for (const { a, expects, kind, month } of held) {
      if (!expects(m)) continue
      const state = stateFromMarks(a, own, now)
      count(branchTally, state)
      count(kind, state)
      count(month, state)
      count(mine, state)
    }
  })
  return {
    year: input.year,
    branch: cellOf(branchTally),
    byKind: [...byKind].map(([kind, t]) => ({ kind, kindLabel: ACTIVITY_KIND_LABEL[kind], ...cellOf(t) })),
    byMonth: byMonth.map((t, i) => ({ month: i + 1, ...cellOf(t) })),
    byMember: members.map((m) => {
      const t = byMember.get(m._id) ?? tally()
      return { memberId: m._id, name: m.name, ...cellOf(t), leave: t.leave, absent: t.absent }
    }),
  }
}

export async function absenceAlerts(deps: Deps, caller: Caller, input: In<A.AbsenceAlertsInput>): Promise<A.AbsenceAlertsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const now = deps.clock.now()
  const { activities, members, marks } = await yearData(deps, branch._id, input.year, now)
  const byId = new Map(activities.map((a) => [a._id, a]))
  const held = activities.map((a) => ({ a, expects: expectedOf(a) }))
  const alerts: A.AbsenceAlertsOutput['alerts'] = []
  await forEachMember(members, (m) => {
    const own = marks.get(m._id)
    const states: Array<{ activityId: string; state: A.AttendanceState }> = []
    for (const { a, expects } of held) if (expects(m)) states.push({ activityId: a._id, state: stateFromMarks(a, own, now) })
    const f = absenceFinding(states)
    if (!f.reasons.length) return
    alerts.push({
      memberId: m._id,
      name: m.name,
      reasons: f.reasons,
      unexcused: f.unexcused,
      longestStreak: f.longestStreak,
      activities: f.activityIds.flatMap((id) => {
        const a = byId.get(id)
        return a ? [{ id, title: a.title, startAt: a.startAt, kindLabel: ACTIVITY_KIND_LABEL[a.kind] }] : []
      }),
    })
  })
  alerts.sort((x, y) => y.unexcused - x.unexcused || y.longestStreak - x.longestStreak)
  return { alerts }
}

export async function myAttendance(deps: Deps, caller: Caller, input: In<A.MyAttendanceInput>): Promise<A.MyAttendanceOutput> {
  const member = await requireMember(deps, caller)
  if (!member.branchId) return { year: input.year, summary: rateCell(0, 0), items: [] }
  const now = deps.clock.now()
  const all = await queryAll<ActivityDoc>(deps.store, C.activity, {
    where: { branchId: member.branchId, status: 'scheduled', startAt: { $gte: cnYearStart(input.year), $lt: cnYearStart(input.year + 1) } },
    orderBy: [['startAt', 'desc']],
  })
  const mine = all.filter((a) => isExpected(a, member))
  const marks = await memberMarks(deps, member._id, member.branchId, mine)
  const items = mine.map((a) => {
    const state = stateFromMarks(a, marks, now)
    return { activity: view(a, now, { member, state }), state, stateLabel: ATTENDANCE_LABEL[state], signedAt: signedAtFromMarks(a, marks) }
  })
  // Counted: every activity with a verdict — the ended ones, and an ongoing one the member has
  // already attended (signed in or 补录). So the header agrees with the list at once after a
  // sign-in (出勤 1 次), while an ongoing activity not yet attended weighs nothing until it ends.
  const counted = items.filter((i) => attended(i.state) || new Date(i.activity.endAt).getTime() <= now.getTime())
  return { year: input.year, summary: rateCell(counted.length, counted.filter((i) => attended(i.state)).length), items }
}
