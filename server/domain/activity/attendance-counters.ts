/**
 * Attendance counters, written in the same transaction as the record they mirror.
 *
 * Design. "Absent" is only known once an activity has ended, and who is expected depends on the
 * activity (its list, its end) and on the member (branch, joinedAt) at the time of reading. So the
 * counters keep only what a write knows for certain — each member's sign-in and leave marks — and
 * the verdicts (absent, the rate, the streak) are computed at read time against the branch's
 * activities of the year, a bounded index query (≤ ~100 a year, ≤ 1,000 ever per query):
 *
 * - `attendance_member_year` (one per member × branch × year, ≤ ~100 activities): one field per
 *   activity and record, `s_<activityId>` = { m: scan|makeup|online, at } while the sign-in is active and
 *   `l_<activityId>` = pending|approved while such a leave stands (null otherwise). Each field is
 *   written only by the writers of its own record (sign-in: signIn, addMakeup, revokeMakeup;
 *   leave: requestLeave, decideLeave), by a plain `set` with no read of the counter: those
 *   writers are already serialised on the record itself, so the field always equals the record.
 * - `attendance_activity` (one per activity): `signed` and `makeup`, the active sign-ins by
 *   method (`signed` counts scans and online joins), kept by `inc`: the secretary's live count
 *   without a count query.
 *
 * Cancelling, editing or the end of an activity writes no counter: the reads take the activity
 * list as it is now (held = scheduled and ended) and combine it with the marks in memory, so a
 * cancellation never fans out over 2,000 member documents and the figures equal a recount.
 * The marks go to the year the activity was created in (`markYear`, kept when its date is
 * edited), so moving an activity to another year strands nothing. Records from before the
 * counters: `npm run repair:counters` builds them (attendance-repair.ts).
 */
import type { AttendanceState } from '../../../contracts/activity.contract'
import type { Deps } from '../deps'
import { C } from '../shared/collections'
import { DuplicateIdError, queryAll, upsert, type BatchOps, type TxStore, type UpsertWrite, type Write } from '../../store/document-store'
import { stateFrom } from './attendance'
import { cnYear, type ActivityDoc } from './activity.docs'

export interface SignMark {
  m: 'scan' | 'makeup' | 'online'
  at: string
}
export type LeaveMark = 'pending' | 'approved'

export interface MemberYearDoc {
  _id: string
  memberId: string
  branchId: string
  year: number
  [field: `s_${string}`]: SignMark | null
  [field: `l_${string}`]: LeaveMark | null
}

export interface ActivityCounterDoc {
  _id: string
  branchId: string
  signed: number
  makeup: number
}

export const markYearOf = (a: Pick<ActivityDoc, 'startAt'> & { markYear?: number }): number => a.markYear ?? cnYear(a.startAt)
export const memberYearId = (memberId: string, branchId: string, year: number): string => `${memberId}_${branchId}_${year}`
export const signField = (activityId: string): `s_${string}` => `s_${activityId}`
export const leaveField = (activityId: string): `l_${string}` => `l_${activityId}`

function markWrite(activity: ActivityDoc, memberId: string, field: `s_${string}` | `l_${string}`, value: SignMark | LeaveMark | null): UpsertWrite {
  const year = markYearOf(activity)
  const id = memberYearId(memberId, activity.branchId, year)
  const doc = { _id: id, memberId, branchId: activity.branchId, year, [field]: value }
  return { upsert: C.attendanceMemberYear, doc, patch: { set: { [field]: value } } }
}

async function setMark(tx: TxStore, activity: ActivityDoc, memberId: string, field: `s_${string}` | `l_${string}`, value: SignMark | LeaveMark | null): Promise<void> {
  const w = markWrite(activity, memberId, field, value)
  await upsert(tx, w.upsert, w.doc, w.patch)
}

/** setSignMark as a write for writeAll (sent with the sign-in's other writes). */
export const signMarkWrite = (a: ActivityDoc, memberId: string, mark: SignMark | null): Write => markWrite(a, memberId, signField(a._id), mark)

/** The sign-in marks of many members for one activity, in one statement (group commit). */
export async function setSignMarks(batch: BatchOps, activity: ActivityDoc, marks: ReadonlyArray<{ memberId: string; mark: SignMark }>): Promise<void> {
  const year = markYearOf(activity)
  const field = signField(activity._id)
  const docs = marks.map(({ memberId, mark }) => ({ _id: memberYearId(memberId, activity.branchId, year), memberId, branchId: activity.branchId, year, [field]: mark }))
  await batch.upsertMany(C.attendanceMemberYear, docs, { set: [field] })
}

export const setSignMark = (tx: TxStore, a: ActivityDoc, memberId: string, mark: SignMark | null) => setMark(tx, a, memberId, signField(a._id), mark)
export const setLeaveMark = (tx: TxStore, a: ActivityDoc, memberId: string, mark: LeaveMark | null) => setMark(tx, a, memberId, leaveField(a._id), mark)

/** Adds to the activity's live counts (the document is created with the activity; older ones on first use). */
export async function bumpActivityCounter(tx: TxStore, activity: ActivityDoc, inc: { signed?: number; makeup?: number }): Promise<void> {
  const w = activityCounterWrite(activity, inc)
  await upsert(tx, w.upsert, w.doc, w.patch)
}

/** bumpActivityCounter as a write for writeAll. */
export function activityCounterWrite(activity: ActivityDoc, inc: { signed?: number; makeup?: number }): UpsertWrite {
  const doc: ActivityCounterDoc = { _id: activity._id, branchId: activity.branchId, signed: inc.signed ?? 0, makeup: inc.makeup ?? 0 }
  return { upsert: C.attendanceActivity, doc, patch: { inc } }
}

export const newActivityCounter = (a: ActivityDoc): ActivityCounterDoc => ({ _id: a._id, branchId: a.branchId, signed: 0, makeup: 0 })

/**
 * Runs a transaction again when it lost a race to create a counter document (two first marks of
 * one member's year at once): the rerun finds the document and updates it. Only a store without a
 * one-statement `upsert` (a test wrapper) can still lose that race.
 */
export async function retryCounterRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof DuplicateIdError && (err.collection === C.attendanceMemberYear || err.collection === C.attendanceActivity)) return run()
    throw err
  }
}

/** One member's marks, merged over the years its activities were marked in. */
export type Marks = Readonly<Record<string, unknown>>

export function stateFromMarks(activity: ActivityDoc, marks: Marks | undefined, now: Date): AttendanceState {
  const s = marks?.[signField(activity._id)] as SignMark | null | undefined
  const l = marks?.[leaveField(activity._id)] as LeaveMark | null | undefined
  return stateFrom(activity, s ? s.m : null, l ?? null, now)
}

export const signedAtFromMarks = (activity: ActivityDoc, marks: Marks | undefined): string | null =>
  (marks?.[signField(activity._id)] as SignMark | null | undefined)?.at ?? null

const markYears = (activities: ActivityDoc[]): number[] => [...new Set(activities.map(markYearOf))]

/** The marks of every member of a branch for these activities: one bounded query per mark year (≤ one document per member). */
export async function branchMarks(deps: Deps, branchId: string, activities: ActivityDoc[]): Promise<Map<string, Marks>> {
  const out = new Map<string, Record<string, unknown>>()
  for (const year of markYears(activities)) {
    for (const doc of await queryAll<MemberYearDoc>(deps.store, C.attendanceMemberYear, { where: { branchId, year } })) {
      out.set(doc.memberId, { ...out.get(doc.memberId), ...doc })
    }
  }
  return out
}

/** One member's marks for these activities: a get per mark year (usually one). */
export async function memberMarks(deps: Deps, memberId: string, branchId: string, activities: ActivityDoc[]): Promise<Marks> {
  const docs = await Promise.all(markYears(activities).map((y) => deps.store.get<MemberYearDoc>(C.attendanceMemberYear, memberYearId(memberId, branchId, y))))
  return Object.assign({}, ...docs.filter(Boolean)) as Marks
}
