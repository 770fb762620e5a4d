/**
 * What the activity use cases share: the record ids, the view of an activity, the sign-in window,
 * and the one loader for "the activity and a manager of it" (plus its member-facing twin).
 */
import { ACTIVITY_KIND_LABEL, type ActivityView } from '../../../contracts/activity.contract'
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps } from '../deps'
import { AppError } from '../errors'
import type { AwardInput } from '../points/ledger'
import { requireRole } from '../shared/actor'
import { appendAudit, type AuditBase } from '../shared/audit'
import { C, type MemberDoc } from '../shared/collections'
import { queryAll, type TxStore } from '../../store/document-store'
import { isExpected, stateOf } from './attendance'
import type { ActivityCounterDoc } from './attendance-counters'
import { cnYear, OPEN_BEFORE_MS, type ActivityDoc, type AuditDoc, type LeaveDoc, type SignInDoc } from './activity.docs'

export const signInId = (deps: Deps, activityId: string, memberId: string) => deps.ids.derive('signin', activityId, memberId)
export const leaveId = (deps: Deps, activityId: string, memberId: string) => deps.ids.derive('leave', activityId, memberId)

export const SIGN_IN_PAGE = '/packages/activity/check-in/index'

export function signInWindow(a: ActivityDoc, now: Date): A.ActivityView['signIn'] {
  const opensAt = new Date(new Date(a.startAt).getTime() - OPEN_BEFORE_MS)
  const closesAt = new Date(a.endAt)
  const t = now.getTime()
  const open =
    a.status === 'scheduled' &&
    (a.signInMode === 'open'
      ? t < closesAt.getTime()
      : a.signInMode === 'auto' && t >= opensAt.getTime() && t < closesAt.getTime())
  return { open, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), mode: a.signInMode }
}

export function view(a: ActivityDoc, now: Date, me?: { member: MemberDoc; state: A.AttendanceState | null }): ActivityView {
  return {
    id: a._id,
    branchId: a.branchId,
    kind: a.kind,
    kindLabel: ACTIVITY_KIND_LABEL[a.kind],
    title: a.title,
    startAt: a.startAt,
    endAt: a.endAt,
    place: a.place,
    description: a.description,
    expectedMemberIds: a.expectedMemberIds,
    volunteerHours: a.volunteerHours,
    status: a.status,
    cancelReason: a.cancelReason,
    signIn: signInWindow(a, now),
    codeMode: a.codeMode ?? 'rotating',
    placeCheck: a.placeCheck ?? null,
    myState: me?.state ?? null,
    expected: me ? isExpected(a, me.member) : false,
  }
}

/**
 * An activity its caller manages: a secretary of its branch, or an admin of its organisation.
 * Who calls is checked before anything is read, and an activity of another branch answers like
 * one that does not exist, so no answer tells an outsider which ids are real.
 */
export async function managedActivity(deps: Deps, caller: Caller, activityId: string): Promise<{ actor: MemberDoc; activity: ActivityDoc }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const activity = await deps.store.get<ActivityDoc>(C.activity, activityId)
  if (!activity || (actor.role === 'admin' ? actor.orgId !== activity.orgId : actor.branchId !== activity.branchId)) {
    throw new AppError('ACTIVITY.NOT_FOUND')
  }
  return { actor, activity }
}

/** An activity a member may see: their branch's (an admin: their organisation's); any other answers like an unknown id. */
export async function visibleActivity(deps: Deps, member: MemberDoc, activityId: string): Promise<ActivityDoc> {
  const activity = await deps.store.get<ActivityDoc>(C.activity, activityId)
  const admin = member.role === 'admin' && member.orgId === activity?.orgId
  if (!activity || (member.branchId !== activity.branchId && !admin)) throw new AppError('ACTIVITY.NOT_FOUND')
  return activity
}

export async function branchMembers(deps: Deps, branchId: string): Promise<MemberDoc[]> {
  return queryAll<MemberDoc>(deps.store, C.member, { where: { branchId }, orderBy: [['joinedAt', 'asc']] })
}

/** The caller's own state in each activity, read with one query per collection. */
export async function myStates(deps: Deps, member: MemberDoc, activities: ActivityDoc[], now: Date) {
  if (!activities.length) return new Map<string, A.AttendanceState>()
  const ids = activities.map((a) => a._id)
  const [signIns, leaves] = await Promise.all([
    queryAll<SignInDoc>(deps.store, C.activitySignIn, { where: { memberId: member._id, activityId: { $in: ids } } }),
    queryAll<LeaveDoc>(deps.store, C.activityLeave, { where: { memberId: member._id, activityId: { $in: ids } } }),
  ])
  const s = new Map(signIns.map((d) => [d.activityId, d]))
  const l = new Map(leaves.map((d) => [d.activityId, d]))
  return new Map(activities.map((a) => [a._id, stateOf(a, s.get(a._id), l.get(a._id), now)]))
}
/** The award for attending (a scan or a 补录): the amount is the points module's rule for the activity's kind. */
export function signInAward(activity: ActivityDoc, member: MemberDoc, id: string, at: string, recordedBy: string, reason: string, type: string): AwardInput {
  return {
    id,
    orgId: activity.orgId,
    branchId: activity.branchId,
    memberId: member._id,
    year: cnYear(activity.startAt),
    at,
    occurredAt: activity.startAt,
    rule: { kind: 'attendance', activityKind: activity.kind },
    reason,
    source: { type, ref: activity._id },
    recordedBy,
  }
}

/** Appends one audit line (who, when, what, why) inside the caller's transaction. */
export async function recordAudit(deps: Deps, tx: TxStore, activityId: string, memberId: string, what: AuditDoc['what'], reason: string, actor: MemberDoc, at: string): Promise<void> {
  await appendAudit(deps, tx, C.activityAudit, actor, at, { activityId, memberId, what, reason } satisfies Omit<AuditDoc, keyof AuditBase>)
}

export async function branchMember(deps: Deps, activity: ActivityDoc, memberId: string): Promise<MemberDoc> {
  const m = await deps.store.get<MemberDoc>(C.member, memberId)
  if (!m || m.branchId !== activity.branchId) throw new AppError('ACTIVITY.MEMBER_NOT_IN_BRANCH')
  return m
}

/**
 * 补录 and its revocation change a member's attendance and points by someone's word: that someone
 * must be another person (another committee member of the branch, or the admin), never the member.
 */
export function requireSomeoneElse(actor: MemberDoc, memberId: string): void {
  if (actor._id === memberId) throw new AppError('ACTIVITY.MAKEUP_SELF')
}

/** Active sign-ins and 补录, from the activity's counter (a count query only for an activity older than the counters). */
export async function liveSignedCount(deps: Deps, activity: ActivityDoc): Promise<number> {
  const counter = await deps.store.get<ActivityCounterDoc>(C.attendanceActivity, activity._id)
  return counter ? counter.signed + counter.makeup : deps.store.count(C.activitySignIn, { activityId: activity._id, state: 'active' })
}

/** The members isExpected() accepts, counted on the member index instead of read one by one. */
export async function expectedMemberCount(deps: Deps, activity: ActivityDoc): Promise<number> {
  const ids = activity.expectedMemberIds
  if (!ids) return deps.store.count(C.member, { branchId: activity.branchId, joinedAt: { $lt: activity.endAt } })
  return ids.length ? deps.store.count(C.member, { branchId: activity.branchId, _id: { $in: ids } }) : 0
}
