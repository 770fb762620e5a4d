/**
 * A synthetic organisation written straight into the store (insertMany), year by year, as the
 * organisation-scale issue measured it: branches of N members; per branch and year 4 activities a
 * month with 85 % attendance (80 % by scan, 5 % 补录), 5 % approved and 3 % pending leaves, the
 * rest absent; the attendance counters those records imply (as the sign-in use cases write them),
 * a points entry per attendance and each member's balance of the year; 2 lectures a month for the
 * organisation, each studied by 60 % of its members. Shared by bench/p5-store-ops.ts and
 * bench/attendance-scale.ts; the records are built by test/functions/attendance-scale.fixture.ts.
 */
import cliProgress from 'cli-progress'
import { activityKind } from '../contracts/activity.contract'
import type { ActivityDoc, LeaveDoc, SignInDoc } from '../server/domain/activity/activity.docs'
import { leaveField, memberYearId, newActivityCounter, signField, type ActivityCounterDoc, type MemberYearDoc } from '../server/domain/activity/attendance-counters'
import type { Ids } from '../server/domain/deps'
import type { ColumnDoc, LectureDoc, ProgressDoc } from '../server/domain/lecture/lecture.docs'
import { balanceId, type PointsBalanceDoc, type PointsEntryDoc } from '../server/domain/points/ledger'
import { seededMember } from '../server/domain/shared/actor'
import { C, type BranchDoc, type MemberDoc, type OrganizationDoc } from '../server/domain/shared/collections'
import type { Doc, DocumentStore } from '../server/store/document-store'
import { activityDoc, leaveDoc, signInDoc } from '../test/functions/attendance-scale.fixture'

export interface Org {
  orgId: string
  columnId: string
  branches: Array<{ id: string; members: MemberDoc[] }>
}

export const openidOf = (branchId: string, i: number): string => `${branchId}-${String(i).padStart(4, '0')}`
const JOINED = '2020-06-01T00:00:00.000Z'

/** The organisation, its branches and members (member 0 of each branch is its secretary) and a lecture column. */
export async function seedOrg(store: DocumentStore, ids: Pick<Ids, 'derive'>, orgId: string, branches: Array<{ id: string; members: number }>): Promise<Org> {
  await store.insertMany<OrganizationDoc>(C.organization, [{ _id: orgId, name: `${orgId} 党委`, createdAt: JOINED }])
  await store.insertMany<BranchDoc>(C.branch, branches.map((b, k) => ({ _id: b.id, orgId, name: `第${k + 1}支部`, createdAt: JOINED })))
  const out: Org = { orgId, columnId: `${orgId}_col`, branches: [] }
  for (const b of branches) {
    const members = Array.from({ length: b.members }, (_, i) =>
      seededMember({ ids: ids as Ids }, { openid: openidOf(b.id, i), orgId, branchId: b.id, name: `党员${b.id}-${i}`, role: i === 0 ? 'secretary' : 'member', at: JOINED }),
    )
    for (let i = 0; i < members.length; i += 5000) await store.insertMany(C.member, members.slice(i, i + 5000))
    out.branches.push({ id: b.id, members })
  }
  await store.insertMany<ColumnDoc>(C.lectureColumn, [{ _id: out.columnId, orgId, name: '微党课', order: 1, hidden: false, createdAt: JOINED }])
  return out
}

/** What member i did at activity j of a year: 85 % present, a fixed pattern. */
function outcome(i: number, j: number, year: number): 'scan' | 'makeup' | 'approved' | 'pending' | 'absent' {
  const k = (i * 37 + j * 11 + year * 7) % 100
  if (k < 80) return 'scan'
  if (k < 85) return 'makeup'
  if (k < 90) return 'approved'
  if (k < 93) return 'pending'
  return 'absent'
}

/** Member-activity pairs a year adds: for the progress bar's total. */
export const pairsOfYear = (org: Org): number => org.branches.reduce((s, b) => s + b.members.length * 48, 0)

/** Writes `docs` in slices of 5,000 (one statement each). */
async function insertAll<T extends Doc>(store: DocumentStore, collection: string, docs: T[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 5000) await store.insertMany(collection, docs.slice(i, i + 5000))
}

/** One calendar year (China time) of the organisation's life; `bar` advances by member-activity pairs. */
export async function seedYear(store: DocumentStore, ids: Pick<Ids, 'derive'>, org: Org, year: number, bar?: cliProgress.SingleBar): Promise<void> {
  const createdAt = `${year}-01-01T00:00:00.000Z`
  for (const b of org.branches) {
    const by = b.members[0]
    const activities: ActivityDoc[] = Array.from({ length: 48 }, (_, j) =>
      activityDoc({
        _id: `act_${b.id}_${year}_${String(j).padStart(2, '0')}`,
        orgId: org.orgId,
        branchId: b.id,
        kind: activityKind.options[j % activityKind.options.length] ?? 'other',
        title: `${year}年第${j + 1}次组织生活`,
        // the 3rd, 10th, 17th and 24th of each month, 09:00 China time
        startMs: Date.UTC(year, Math.floor(j / 4), 3 + 7 * (j % 4), 1),
        by: by?._id ?? '',
        at: createdAt,
      }),
    )
    await store.insertMany(C.activity, activities)
    const counters: ActivityCounterDoc[] = activities.map(newActivityCounter)
    const entries: PointsEntryDoc[] = []
    const balances: PointsBalanceDoc[] = []
    const marks: MemberYearDoc[] = []
    for (const [i, m] of b.members.entries()) {
      const signIns: SignInDoc[] = []
      const leaves: LeaveDoc[] = []
      const mark: MemberYearDoc = { _id: memberYearId(m._id, b.id, year), memberId: m._id, branchId: b.id, year }
      for (const [j, a] of activities.entries()) {
        const o = outcome(i, j, year)
        const counter = counters[j] as ActivityCounterDoc
        if (o === 'scan' || o === 'makeup') {
          const s = signInDoc(ids, a, m, o, by)
          signIns.push(s)
          mark[signField(a._id)] = { m: o, at: s.at }
          counter[o === 'scan' ? 'signed' : 'makeup'] += 1
          entries.push({ _id: ids.derive('entry', a._id, m._id), orgId: org.orgId, branchId: b.id, memberId: m._id, year, amount: 1, requested: 1, category: 'task', status: 'final', rulesFrom: null, reason: '参加组织生活', source: { type: 'activity_sign_in', ref: a._id }, reverses: null, recordedBy: m._id, at: s.at })
        } else if (o !== 'absent') {
          leaves.push(leaveDoc(ids, a, m, o, by))
          mark[leaveField(a._id)] = o
        }
      }
      const attended = signIns.length
      balances.push({ _id: balanceId(m._id, year), orgId: org.orgId, branchId: b.id, memberId: m._id, year, total: attended, entries: attended, base: 0, task: attended, reward: 0, honour: 0 })
      marks.push(mark)
      await insertAll(store, C.activitySignIn, signIns)
      await insertAll(store, C.activityLeave, leaves)
      if (entries.length >= 5000) await insertAll(store, C.pointsEntry, entries.splice(0))
      bar?.increment(activities.length)
    }
    await insertAll(store, C.pointsEntry, entries)
    await insertAll(store, C.pointsBalance, balances)
    await insertAll(store, C.attendanceMemberYear, marks)
    await insertAll(store, C.attendanceActivity, counters)
  }
  // the organisation's lectures of the year, each studied by 60 % of its members
  const members = org.branches.flatMap((b) => b.members)
  for (let k = 0; k < 24; k++) {
    const publishedAt = new Date(Date.UTC(year, Math.floor(k / 2), 1 + 14 * (k % 2), 2)).toISOString()
    const lecture: LectureDoc = {
      _id: `lec_${org.orgId}_${year}_${String(k).padStart(2, '0')}`, orgId: org.orgId, columnId: org.columnId, title: `${year}年第${k + 1}期微党课`, issueNo: k + 1, lecturer: '讲师',
      summary: '', coverFileId: null, kind: 'article', blocks: [{ type: 'p', text: '学习内容' }], mediaFileId: null, durationSec: 300, quiz: null, status: 'published',
      ownerBranchId: null, createdBy: members[0]?._id ?? '', createdAt: publishedAt, updatedAt: publishedAt, publishedAt,
    }
    await store.insertMany(C.lecture, [lecture])
    const studied: ProgressDoc[] = members
      .filter((_, i) => (i * 13 + k * 7) % 10 < 6)
      .map((m) => ({
        _id: ids.derive('study', lecture._id, m._id), orgId: org.orgId, branchId: m.branchId, lectureId: lecture._id, memberId: m._id, effectiveSec: 300, lastBeatAt: publishedAt, lastPlaying: false,
        maxPositionSec: 300, atEnd: true, quizPassed: null, viaPushId: null, startedAt: publishedAt, completedAt: publishedAt, pointsAwarded: 0,
      }))
    await insertAll(store, C.lectureProgress, studied)
  }
}

/** A progress bar on stderr counting member-activity pairs (nothing when stderr is not a terminal). */
export function seedBar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar({ format: '  seeding {bar} {percentage}% | {value}/{total} member-activity pairs | {duration_formatted} (eta {eta_formatted})', hideCursor: true }, cliProgress.Presets.shades_classic)
}
