/**
 * Activity use cases: 组织生活 activities, proxy-resistant sign-in with rotating signed codes,
 * leave, audited 补录, attendance, rates and absence alerts. Sign-ins are exactly-once by
 * construction: the record's id derives from (activity, member) and the points entry's from it.
 */
import { ACTIVITY_KIND_LABEL, ATTENDANCE_LABEL, type ActivityView } from '../../../contracts/activity.contract'
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { appendEntry, type PointsEntryDoc } from '../points/ledger'
import { branchInScope, requireMember, requireRole } from '../shared/actor'
import { appendAudit, type AuditBase } from '../shared/audit'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { DuplicateIdError, queryAll, type TxStore } from '../../store/document-store'
import { attended, absenceFinding, isExpected, rateCell, stateOf } from './attendance'
import {
  cnMonth,
  cnYear,
  cnYearStart,
  DEFAULT_POINTS,
  OPEN_BEFORE_MS,
  type ActivityDoc,
  type AuditDoc,
  type LeaveDoc,
  type SignInDoc,
} from './activity.docs'
import { checkToken, makeToken, parseToken, STEP_MS } from './sign-in-token'

const signInId = (deps: Deps, activityId: string, memberId: string) => deps.ids.derive('signin', activityId, memberId)
const leaveId = (deps: Deps, activityId: string, memberId: string) => deps.ids.derive('leave', activityId, memberId)

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

function view(a: ActivityDoc, now: Date, me?: { member: MemberDoc; state: A.AttendanceState | null }): ActivityView {
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
    myState: me?.state ?? null,
    expected: me ? isExpected(a, me.member) : false,
  }
}

/**
 * An activity its caller manages: a secretary of its branch, or an admin of its organisation.
 * Who calls is checked before anything is read, and an activity of another branch answers like
 * one that does not exist, so no answer tells an outsider which ids are real.
 */
async function managedActivity(deps: Deps, caller: Caller, activityId: string): Promise<{ actor: MemberDoc; activity: ActivityDoc }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const activity = await deps.store.get<ActivityDoc>(C.activity, activityId)
  if (!activity || (actor.role === 'admin' ? actor.orgId !== activity.orgId : actor.branchId !== activity.branchId)) {
    throw new AppError('ACTIVITY.NOT_FOUND')
  }
  return { actor, activity }
}

/** An activity a member may see: their branch's (an admin: their organisation's); any other answers like an unknown id. */
async function visibleActivity(deps: Deps, member: MemberDoc, activityId: string): Promise<ActivityDoc> {
  const activity = await deps.store.get<ActivityDoc>(C.activity, activityId)
  const admin = member.role === 'admin' && member.orgId === activity?.orgId
  if (!activity || (member.branchId !== activity.branchId && !admin)) throw new AppError('ACTIVITY.NOT_FOUND')
  return activity
}

async function branchMembers(deps: Deps, branchId: string): Promise<MemberDoc[]> {
  return queryAll<MemberDoc>(deps.store, C.member, { where: { branchId }, orderBy: [['joinedAt', 'asc']] })
}

async function checkExpectedIds(deps: Deps, branchId: string, ids: string[] | null): Promise<void> {
  if (!ids) return
  const members = new Set((await branchMembers(deps, branchId)).map((m) => m._id))
  const strangers = ids.filter((id) => !members.has(id))
  if (strangers.length) {
    throw new AppError('VALIDATION', '应到名单中有不属于本支部的党员', [
      { path: 'expectedMemberIds', message: `${strangers.length} 人不属于本支部` },
    ])
  }
}

function fields(input: In<A.CreateActivityInput> | In<A.UpdateActivityInput>) {
  return {
    kind: input.kind,
    title: input.title,
    startAt: new Date(input.startAt).toISOString(),
    endAt: new Date(input.endAt).toISOString(),
    place: input.place,
    description: input.description,
    expectedMemberIds: input.expectedMemberIds ? [...new Set(input.expectedMemberIds)] : null,
    volunteerHours: input.kind === 'volunteer' ? input.volunteerHours : null,
  }
}

export async function createActivity(deps: Deps, caller: Caller, input: In<A.CreateActivityInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  await checkExpectedIds(deps, branch._id, input.expectedMemberIds)
  return once(deps, `createActivity:${actor._id}`, input.requestId, async (tx) => {
    const now = deps.clock.now()
    const doc: ActivityDoc = {
      _id: `act_${deps.ids.random(9)}`,
      orgId: branch.orgId,
      branchId: branch._id,
      ...fields(input),
      status: 'scheduled',
      cancelReason: null,
      signInMode: 'auto',
      secret: deps.ids.random(24),
      createdBy: actor._id,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }
    await tx.insert(C.activity, doc)
    return { activity: view(doc, now) }
  })
}

export async function updateActivity(deps: Deps, caller: Caller, input: In<A.UpdateActivityInput>) {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  await checkExpectedIds(deps, activity.branchId, input.expectedMemberIds)
  const now = deps.clock.now()
  const set = { ...fields(input), updatedAt: now.toISOString() }
  await deps.store.update(C.activity, activity._id, { set })
  return { activity: view({ ...activity, ...set }, now) }
}

export async function cancelActivity(deps: Deps, caller: Caller, input: In<A.CancelActivityInput>) {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  const now = deps.clock.now()
  if (activity.status === 'cancelled') return { activity: view(activity, now), changed: false }
  const set = { status: 'cancelled' as const, cancelReason: input.reason, updatedAt: now.toISOString() }
  const changed = await deps.store.updateWhere(C.activity, activity._id, { status: 'scheduled' }, { set })
  return { activity: view({ ...activity, ...set }, now), changed }
}

export async function setSignInMode(deps: Deps, caller: Caller, input: In<A.SetSignInModeInput>) {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  const now = deps.clock.now()
  await deps.store.update(C.activity, activity._id, { set: { signInMode: input.mode, updatedAt: now.toISOString() } })
  return { activity: view({ ...activity, signInMode: input.mode }, now) }
}

/** The caller's own state in each activity, read with one query per collection. */
async function myStates(deps: Deps, member: MemberDoc, activities: ActivityDoc[], now: Date) {
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

export async function getActivity(deps: Deps, caller: Caller, input: In<A.GetActivityInput>) {
  const member = await requireMember(deps, caller)
  const activity = await visibleActivity(deps, member, input.activityId)
  const now = deps.clock.now()
  const state = isExpected(activity, member) ? ((await myStates(deps, member, [activity], now)).get(activity._id) ?? null) : null
  return { activity: view(activity, now, { member, state }) }
}

export async function listActivities(deps: Deps, caller: Caller, input: In<A.ListActivitiesInput>) {
  const member = await requireMember(deps, caller)
  const branch =
    member.role === 'admin' || input.branchId ? await branchInScope(deps, member, input.branchId) : null
  const branchId = branch?._id ?? member.branchId
  if (!branchId) throw new AppError('MEMBER.BRANCH_REQUIRED')
  const now = deps.clock.now().toISOString()
  const page = await deps.store.query<ActivityDoc>(C.activity, {
    where: { branchId, endAt: input.scope === 'upcoming' ? { $gt: now } : { $lte: now } },
    orderBy: [['startAt', input.scope === 'upcoming' ? 'asc' : 'desc']],
    limit: input.limit,
  })
  const at = deps.clock.now()
  const states = await myStates(deps, member, page.docs.filter((a) => isExpected(a, member)), at)
  return { activities: page.docs.map((a) => view(a, at, { member, state: states.get(a._id) ?? null })) }
}

export async function getSignInCode(deps: Deps, caller: Caller, input: In<A.GetSignInCodeInput>): Promise<A.GetSignInCodeOutput> {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  const now = deps.clock.now()
  if (!signInWindow(activity, now).open) throw new AppError('ACTIVITY.NOT_OPEN')
  const { token, step } = makeToken(activity.secret, activity._id, now)
  const [signedCount, members] = await Promise.all([
    deps.store.count(C.activitySignIn, { activityId: activity._id, state: 'active' }),
    branchMembers(deps, activity.branchId),
  ])
  return {
    token,
    path: `${SIGN_IN_PAGE}?t=${encodeURIComponent(token)}`,
    refreshAt: new Date((step + 1) * STEP_MS).toISOString(),
    expiresAt: new Date((step + 2) * STEP_MS).toISOString(),
    signedCount,
    expectedCount: members.filter((m) => isExpected(activity, m)).length,
  }
}

function signInEntry(activity: ActivityDoc, member: MemberDoc, id: string, at: string, recordedBy: string, reason: string, type: string, amount: number, reverses: string | null = null): PointsEntryDoc {
  return {
    _id: id,
    orgId: activity.orgId,
    branchId: activity.branchId,
    memberId: member._id,
    year: cnYear(activity.startAt),
    amount,
    reason,
    source: { type, ref: activity._id },
    reverses,
    recordedBy,
    at,
  }
}

export async function signIn(deps: Deps, caller: Caller, input: In<A.SignInInput>): Promise<A.SignInOutput> {
  const member = await requireMember(deps, caller)
  const parsed = parseToken(input.token)
  if (!parsed) throw new AppError('ACTIVITY.TOKEN_INVALID')
  const activity = await deps.store.get<ActivityDoc>(C.activity, parsed.activityId)
  // An unknown activity is reported as a bad token: the code reveals nothing about what exists.
  if (!activity) throw new AppError('ACTIVITY.TOKEN_INVALID')
  const now = deps.clock.now()
  const check = checkToken(activity.secret, parsed, now)
  if (check === 'invalid') throw new AppError('ACTIVITY.TOKEN_INVALID')
  if (check === 'expired') throw new AppError('ACTIVITY.TOKEN_EXPIRED')
  // Kept apart from NOT_FOUND on purpose: a valid signed code proves the scanner was shown this
  // activity, so telling them it belongs to another branch reveals nothing they did not see.
  if (member.branchId !== activity.branchId) throw new AppError('ACTIVITY.OTHER_BRANCH')
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  if (!isExpected(activity, member)) throw new AppError('ACTIVITY.NOT_EXPECTED')

  const id = signInId(deps, activity._id, member._id)
  const summary = { id: activity._id, title: activity.title, kindLabel: ACTIVITY_KIND_LABEL[activity.kind] }
  const already = (doc: SignInDoc) => ({ alreadySignedIn: true, signedAt: doc.at, activity: summary, points: 0 })

  const existing = await deps.store.get<SignInDoc>(C.activitySignIn, id)
  if (existing?.state === 'active') return already(existing)
  if (!signInWindow(activity, now).open) throw new AppError('ACTIVITY.NOT_OPEN')

  const at = now.toISOString()
  const amount = DEFAULT_POINTS[activity.kind]
  try {
    return await deps.store.transaction(async (tx) => {
      const current = await tx.get<SignInDoc>(C.activitySignIn, id)
      if (current?.state === 'active') return already(current)
      const fields = {
        method: 'scan' as const,
        state: 'active' as const,
        at,
        locationFlag: input.location ? ('provided' as const) : ('none' as const),
        location: input.location ?? null,
      }
      if (current) await tx.update(C.activitySignIn, id, { set: fields })
      else {
        const doc: SignInDoc = { _id: id, activityId: activity._id, branchId: activity.branchId, memberId: member._id, makeupSeq: 0, makeup: null, ...fields }
        await tx.insert(C.activitySignIn, doc)
      }
      await appendEntry(
        tx,
        signInEntry(activity, member, deps.ids.derive('points', 'scan', id), at, member._id, `${ACTIVITY_KIND_LABEL[activity.kind]}签到：${activity.title}`, 'activity_sign_in', amount),
      )
      return { alreadySignedIn: false, signedAt: at, activity: summary, points: amount }
    })
  } catch (err) {
    // A concurrent twin committed first: this call is the repeat.
    if (!(err instanceof DuplicateIdError)) throw err
    const winner = await deps.store.get<SignInDoc>(C.activitySignIn, id)
    if (winner?.state === 'active') return already(winner)
    throw err
  }
}

function leaveView(l: LeaveDoc): A.LeaveView {
  return {
    activityId: l.activityId,
    memberId: l.memberId,
    memberName: l.memberName,
    reason: l.reason,
    status: l.status,
    requestedAt: l.requestedAt,
    decidedAt: l.decidedAt,
    decidedByName: l.decidedByName,
  }
}

export async function requestLeave(deps: Deps, caller: Caller, input: In<A.RequestLeaveInput>) {
  const member = await requireMember(deps, caller)
  const activity = await visibleActivity(deps, member, input.activityId)
  // An admin sees every activity of the organisation but is on no branch's list.
  if (member.branchId !== activity.branchId) throw new AppError('ACTIVITY.NOT_EXPECTED')
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  if (!isExpected(activity, member)) throw new AppError('ACTIVITY.NOT_EXPECTED')
  const now = deps.clock.now()
  if (new Date(activity.endAt).getTime() <= now.getTime()) throw new AppError('ACTIVITY.ENDED')
  const signed = await deps.store.get<SignInDoc>(C.activitySignIn, signInId(deps, activity._id, member._id))
  if (signed?.state === 'active') throw new AppError('ACTIVITY.ALREADY_SIGNED_IN')
  const id = leaveId(deps, activity._id, member._id)
  const doc: LeaveDoc = {
    _id: id,
    activityId: activity._id,
    branchId: activity.branchId,
    memberId: member._id,
    memberName: member.name,
    reason: input.reason,
    status: 'pending',
    requestedAt: now.toISOString(),
    decidedAt: null,
    decidedById: null,
    decidedByName: null,
  }
  try {
    await deps.store.insert(C.activityLeave, doc)
    return { leave: leaveView(doc) }
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
  }
  // A second request replaces the reason of a pending or rejected one and asks again; an approved one stands.
  const existing = await deps.store.get<LeaveDoc>(C.activityLeave, id)
  if (!existing || existing.status === 'approved') return { leave: leaveView(existing ?? doc) }
  const set = { reason: input.reason, status: 'pending' as const, requestedAt: now.toISOString(), decidedAt: null, decidedById: null, decidedByName: null }
  await deps.store.update(C.activityLeave, id, { set })
  return { leave: leaveView({ ...existing, ...set }) }
}

export async function decideLeave(deps: Deps, caller: Caller, input: In<A.DecideLeaveInput>) {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  // Excusing one's own absence needs a second person, like 补录.
  if (input.memberId === actor._id) throw new AppError('ACTIVITY.DECIDE_SELF')
  const id = leaveId(deps, activity._id, input.memberId)
  const status = input.approve ? ('approved' as const) : ('rejected' as const)
  const now = deps.clock.now().toISOString()
  return deps.store.transaction(async (tx) => {
    const leave = await tx.get<LeaveDoc>(C.activityLeave, id)
    if (!leave) throw new AppError('ACTIVITY.LEAVE_NOT_FOUND')
    if (leave.status === status) return { leave: leaveView(leave), changed: false }
    const set = { status, decidedAt: now, decidedById: actor._id, decidedByName: actor.name }
    await tx.update(C.activityLeave, id, { set })
    await recordAudit(deps, tx, activity._id, leave.memberId, input.approve ? 'leave_approved' : 'leave_rejected', leave.reason, actor, now)
    return { leave: leaveView({ ...leave, ...set }), changed: true }
  })
}

/** Appends one audit line (who, when, what, why) inside the caller's transaction. */
async function recordAudit(deps: Deps, tx: TxStore, activityId: string, memberId: string, what: AuditDoc['what'], reason: string, actor: MemberDoc, at: string): Promise<void> {
  await appendAudit(deps, tx, C.activityAudit, actor, at, { activityId, memberId, what, reason } satisfies Omit<AuditDoc, keyof AuditBase>)
}

async function branchMember(deps: Deps, activity: ActivityDoc, memberId: string): Promise<MemberDoc> {
  const m = await deps.store.get<MemberDoc>(C.member, memberId)
  if (!m || m.branchId !== activity.branchId) throw new AppError('ACTIVITY.MEMBER_NOT_IN_BRANCH')
  return m
}

/**
 * 补录 and its revocation change a member's attendance and points by someone's word: that someone
 * must be another person (another committee member of the branch, or the admin), never the member.
 */
function requireSomeoneElse(actor: MemberDoc, memberId: string): void {
  if (actor._id === memberId) throw new AppError('ACTIVITY.MAKEUP_SELF')
}

export async function addMakeup(deps: Deps, caller: Caller, input: In<A.AddMakeupInput>) {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  requireSomeoneElse(actor, input.memberId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  // 补录 records attendance that happened: nothing can have happened before the start.
  if (new Date(activity.startAt).getTime() > deps.clock.now().getTime()) throw new AppError('ACTIVITY.NOT_STARTED')
  const member = await branchMember(deps, activity, input.memberId)
  if (!isExpected(activity, member)) throw new AppError('ACTIVITY.NOT_EXPECTED')
  const id = signInId(deps, activity._id, member._id)
  const at = deps.clock.now().toISOString()
  try {
    return await deps.store.transaction(async (tx) => {
      const current = await tx.get<SignInDoc>(C.activitySignIn, id)
      if (current?.state === 'active') return { changed: false }
      const seq = (current?.makeupSeq ?? 0) + 1
      const makeup = { byId: actor._id, byName: actor.name, reason: input.reason, at }
      const fields = { method: 'makeup' as const, state: 'active' as const, at, makeupSeq: seq, makeup, locationFlag: 'none' as const, location: null }
      if (current) await tx.update(C.activitySignIn, id, { set: fields })
      else await tx.insert(C.activitySignIn, { _id: id, activityId: activity._id, branchId: activity.branchId, memberId: member._id, ...fields } satisfies SignInDoc)
      await appendEntry(
        tx,
        signInEntry(activity, member, deps.ids.derive('points', 'makeup', id, String(seq)), at, actor._id, `${ACTIVITY_KIND_LABEL[activity.kind]}补录：${activity.title}（${input.reason}）`, 'activity_makeup', DEFAULT_POINTS[activity.kind]),
      )
      await recordAudit(deps, tx, activity._id, member._id, 'makeup', input.reason, actor, at)
      return { changed: true }
    })
  } catch (err) {
    if (err instanceof DuplicateIdError) return { changed: false }
    throw err
  }
}

export async function revokeMakeup(deps: Deps, caller: Caller, input: In<A.RevokeMakeupInput>) {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  requireSomeoneElse(actor, input.memberId)
  const member = await branchMember(deps, activity, input.memberId)
  const id = signInId(deps, activity._id, member._id)
  const at = deps.clock.now().toISOString()
  try {
    return await deps.store.transaction(async (tx) => {
      const current = await tx.get<SignInDoc>(C.activitySignIn, id)
      if (!current || current.state !== 'active') return { changed: false }
      if (current.method !== 'makeup') throw new AppError('ACTIVITY.NOT_MAKEUP')
      await tx.update(C.activitySignIn, id, { set: { state: 'revoked' } })
      const original = deps.ids.derive('points', 'makeup', id, String(current.makeupSeq))
      await appendEntry(
        tx,
        signInEntry(activity, member, deps.ids.derive('points', 'makeup-revoke', id, String(current.makeupSeq)), at, actor._id, `撤销补录：${activity.title}（${input.reason}）`, 'activity_makeup_revoked', -DEFAULT_POINTS[activity.kind], original),
      )
      await recordAudit(deps, tx, activity._id, member._id, 'revoke', input.reason, actor, at)
      return { changed: true }
    })
  } catch (err) {
    if (err instanceof DuplicateIdError) return { changed: false }
    throw err
  }
}

/** Everything needed to compute attendance over a set of activities of one branch. */
async function attendanceData(deps: Deps, branchId: string, activities: ActivityDoc[]) {
  const ids = activities.map((a) => a._id)
  const chunks: string[][] = []
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100))
  const [members, signIns, leaves] = await Promise.all([
    branchMembers(deps, branchId),
    Promise.all(chunks.map((c) => queryAll<SignInDoc>(deps.store, C.activitySignIn, { where: { activityId: { $in: c } } }))).then((x) => x.flat()),
    Promise.all(chunks.map((c) => queryAll<LeaveDoc>(deps.store, C.activityLeave, { where: { activityId: { $in: c } } }))).then((x) => x.flat()),
  ])
  const key = (a: string, m: string) => `${a}|${m}`
  const signInOf = new Map(signIns.map((s) => [key(s.activityId, s.memberId), s]))
  const leaveOf = new Map(leaves.map((l) => [key(l.activityId, l.memberId), l]))
  return {
    members,
    signInOf: (a: string, m: string) => signInOf.get(key(a, m)),
    leaveOf: (a: string, m: string) => leaveOf.get(key(a, m)),
  }
}

export async function listAttendance(deps: Deps, caller: Caller, input: In<A.ListAttendanceInput>): Promise<A.ListAttendanceOutput> {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  const now = deps.clock.now()
  const data = await attendanceData(deps, activity.branchId, [activity])
  const audits = await queryAll<AuditDoc>(deps.store, C.activityAudit, { where: { activityId: activity._id }, orderBy: [['at', 'asc']] })
  const rows = data.members
    .filter((m) => isExpected(activity, m))
    .map((m): A.AttendanceRow => {
      const s = data.signInOf(activity._id, m._id)
      const l = data.leaveOf(activity._id, m._id)
      const state = stateOf(activity, s, l, now)
      return {
        memberId: m._id,
        name: m.name,
        state,
        stateLabel: ATTENDANCE_LABEL[state],
        signedAt: s?.state === 'active' ? s.at : null,
        locationFlag: s?.state === 'active' ? s.locationFlag : 'none',
        leaveReason: l ? l.reason : null,
        audit: audits
          .filter((a) => a.memberId === m._id)
          .map((a) => ({ at: a.at, byName: a.byName, what: a.what, reason: a.reason })),
      }
    })
  const count = (s: A.AttendanceState) => rows.filter((r) => r.state === s).length
  const ended = new Date(activity.endAt).getTime() <= now.getTime()
  const present = count('signed') + count('makeup')
  return {
    activity: view(activity, now),
    rows,
    counts: {
      expected: rows.length,
      signed: count('signed'),
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

export async function attendanceStats(deps: Deps, caller: Caller, input: In<A.AttendanceStatsInput>): Promise<A.AttendanceStatsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const now = deps.clock.now()
  const activities = await heldActivities(deps, branch._id, input.year, now)
  const data = await attendanceData(deps, branch._id, activities)
  const tally = new Map<string, { expected: number; attended: number; leave: number; absent: number }>()
  const bump = (k: string, was: boolean, state: A.AttendanceState) => {
    const t = tally.get(k) ?? { expected: 0, attended: 0, leave: 0, absent: 0 }
    t.expected += 1
    if (was) t.attended += 1
    if (state === 'leave') t.leave += 1
    if (state === 'absent' || state === 'leave_pending') t.absent += 1
    tally.set(k, t)
  }
  for (const a of activities) {
    for (const m of data.members) {
      if (!isExpected(a, m)) continue
      const state = stateOf(a, data.signInOf(a._id, m._id), data.leaveOf(a._id, m._id), now)
      const was = attended(state)
      for (const k of ['branch', `kind:${a.kind}`, `month:${cnMonth(a.startAt)}`, `member:${m._id}`]) bump(k, was, state)
    }
  }
  const cell = (k: string) => {
    const t = tally.get(k) ?? { expected: 0, attended: 0 }
    return rateCell(t.expected, t.attended)
  }
  const kinds = [...new Set(activities.map((a) => a.kind))]
  return {
    year: input.year,
    branch: cell('branch'),
    byKind: kinds.map((kind) => ({ kind, kindLabel: ACTIVITY_KIND_LABEL[kind], ...cell(`kind:${kind}`) })),
    byMonth: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...cell(`month:${i + 1}`) })),
    byMember: data.members.map((m) => ({
      memberId: m._id,
      name: m.name,
      ...cell(`member:${m._id}`),
      leave: tally.get(`member:${m._id}`)?.leave ?? 0,
      absent: tally.get(`member:${m._id}`)?.absent ?? 0,
    })),
  }
}

export async function absenceAlerts(deps: Deps, caller: Caller, input: In<A.AbsenceAlertsInput>): Promise<A.AbsenceAlertsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const now = deps.clock.now()
  const activities = await heldActivities(deps, branch._id, input.year, now)
  const data = await attendanceData(deps, branch._id, activities)
  const byId = new Map(activities.map((a) => [a._id, a]))
  const alerts: A.AbsenceAlertsOutput['alerts'] = []
  for (const m of data.members) {
    const states = activities
      .filter((a) => isExpected(a, m))
      .map((a) => ({ activityId: a._id, state: stateOf(a, data.signInOf(a._id, m._id), data.leaveOf(a._id, m._id), now) }))
    const f = absenceFinding(states)
    if (!f.reasons.length) continue
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
  }
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
  const states = await myStates(deps, member, mine, now)
  const signIns = await queryAll<SignInDoc>(deps.store, C.activitySignIn, { where: { memberId: member._id, state: 'active', activityId: { $in: mine.map((a) => a._id) } } })
  const at = new Map(signIns.map((s) => [s.activityId, s.at]))
  const items = mine.map((a) => {
    const state = states.get(a._id) ?? 'pending'
    return { activity: view(a, now, { member, state }), state, stateLabel: ATTENDANCE_LABEL[state], signedAt: at.get(a._id) ?? null }
  })
  // The rate counts activities that are over; an ongoing one has no verdict yet.
  const ended = items.filter((i) => new Date(i.activity.endAt).getTime() <= now.getTime())
  return { year: input.year, summary: rateCell(ended.length, ended.filter((i) => attended(i.state)).length), items }
}
