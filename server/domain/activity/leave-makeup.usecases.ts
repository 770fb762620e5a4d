/** Leave (the member asks, a manager decides) and audited 补录 with its revocation. */
import { ACTIVITY_KIND_LABEL } from '../../../contracts/activity.contract'
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { syncAbsence } from '../points/absence'
import { award, reverse, type PointsEntryDoc } from '../points/ledger'
import { requireMember } from '../shared/actor'
import { C } from '../shared/collections'
import { DuplicateIdError } from '../../store/document-store'
import { isExpected } from './attendance'
import type { LeaveDoc, SignInDoc } from './activity.docs'
import { bumpActivityCounter, retryCounterRace, setLeaveMark, setSignMark } from './attendance-counters'
import { branchMember, leaveId, managedActivity, recordAudit, requireSomeoneElse, signInAward, signInId, visibleActivity } from './activity.shared'

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
  // The leave, its mark and the check that the member has not signed in, in one transaction; a
  // concurrent twin's insert loses on the id and the rerun finds the leave.
  const run = () =>
    deps.store.transaction(async (tx) => {
      const signed = await tx.get<SignInDoc>(C.activitySignIn, signInId(deps, activity._id, member._id))
      if (signed?.state === 'active') throw new AppError('ACTIVITY.ALREADY_SIGNED_IN')
      const existing = await tx.get<LeaveDoc>(C.activityLeave, id)
      // A second request replaces the reason of a pending or rejected one and asks again; an approved one stands.
      if (existing?.status === 'approved') return { leave: leaveView(existing) }
      const set = { reason: input.reason, status: 'pending' as const, requestedAt: now.toISOString(), decidedAt: null, decidedById: null, decidedByName: null }
      if (existing) await tx.update(C.activityLeave, id, { set })
      else await tx.insert(C.activityLeave, doc)
      await setLeaveMark(tx, activity, member._id, 'pending')
      return { leave: leaveView(existing ? { ...existing, ...set } : doc) }
    })
  try {
    return await run()
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
    return run()
  }
}

export async function decideLeave(deps: Deps, caller: Caller, input: In<A.DecideLeaveInput>) {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  // Excusing one's own absence needs a second person, like 补录.
  if (input.memberId === actor._id) throw new AppError('ACTIVITY.DECIDE_SELF')
  const id = leaveId(deps, activity._id, input.memberId)
  const status = input.approve ? ('approved' as const) : ('rejected' as const)
  const now = deps.clock.now().toISOString()
  return retryCounterRace(() => deps.store.transaction(async (tx) => {
    const leave = await tx.get<LeaveDoc>(C.activityLeave, id)
    if (!leave) throw new AppError('ACTIVITY.LEAVE_NOT_FOUND')
    if (leave.status === status) return { leave: leaveView(leave), changed: false }
    const set = { status, decidedAt: now, decidedById: actor._id, decidedByName: actor.name }
    await tx.update(C.activityLeave, id, { set })
    await recordAudit(deps, tx, activity._id, leave.memberId, input.approve ? 'leave_approved' : 'leave_rejected', leave.reason, actor, now)
    await setLeaveMark(tx, activity, leave.memberId, input.approve ? 'approved' : null)
    await syncAbsence(deps, tx, activity, leave.memberId, actor._id)
    return { leave: leaveView({ ...leave, ...set }), changed: true }
  }))
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
    return await retryCounterRace(() => deps.store.transaction(async (tx) => {
      const current = await tx.get<SignInDoc>(C.activitySignIn, id)
      if (current?.state === 'active') return { changed: false }
      const seq = (current?.makeupSeq ?? 0) + 1
      const makeup = { byId: actor._id, byName: actor.name, reason: input.reason, at }
      const fields = { method: 'makeup' as const, state: 'active' as const, at, makeupSeq: seq, makeup, locationFlag: 'none' as const, location: null }
      if (current) await tx.update(C.activitySignIn, id, { set: fields })
      else await tx.insert(C.activitySignIn, { _id: id, activityId: activity._id, branchId: activity.branchId, memberId: member._id, ...fields } satisfies SignInDoc)
      await award(
        tx,
        signInAward(activity, member, deps.ids.derive('points', 'makeup', id, String(seq)), at, actor._id, `${ACTIVITY_KIND_LABEL[activity.kind]}补录：${activity.title}（${input.reason}）`, 'activity_makeup'),
      )
      await recordAudit(deps, tx, activity._id, member._id, 'makeup', input.reason, actor, at)
      await bumpActivityCounter(tx, activity, { makeup: 1 })
      await setSignMark(tx, activity, member._id, { m: 'makeup', at })
      await syncAbsence(deps, tx, activity, member._id, actor._id)
      return { changed: true }
    }))
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
    return await retryCounterRace(() => deps.store.transaction(async (tx) => {
      const current = await tx.get<SignInDoc>(C.activitySignIn, id)
      if (!current || current.state !== 'active') return { changed: false }
      if (current.method !== 'makeup') throw new AppError('ACTIVITY.NOT_MAKEUP')
      await tx.update(C.activitySignIn, id, { set: { state: 'revoked' } })
      // The reversal cancels exactly what the 补录 counted, whatever the rules say today.
      const original = await tx.get<PointsEntryDoc>(C.pointsEntry, deps.ids.derive('points', 'makeup', id, String(current.makeupSeq)))
      if (original) {
        await reverse(tx, original, {
          id: deps.ids.derive('points', 'makeup-revoke', id, String(current.makeupSeq)),
          at,
          reason: `撤销补录：${activity.title}（${input.reason}）`,
          sourceType: 'activity_makeup_revoked',
          recordedBy: actor._id,
        })
      }
      await recordAudit(deps, tx, activity._id, member._id, 'revoke', input.reason, actor, at)
      await bumpActivityCounter(tx, activity, { makeup: -1 })
      await setSignMark(tx, activity, member._id, null)
      await syncAbsence(deps, tx, activity, member._id, actor._id)
      return { changed: true }
    }))
  } catch (err) {
    if (err instanceof DuplicateIdError) return { changed: false }
    throw err
  }
}
