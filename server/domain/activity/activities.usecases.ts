/** Activities: create, edit, cancel, the sign-in mode, one activity and the branch's list. */
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireMember, requireRole } from '../shared/actor'
import { C } from '../shared/collections'
import { once } from '../shared/once'
import { isExpected } from './attendance'
import type { ActivityDoc, LeaveDoc } from './activity.docs'
import { branchMembers, expectedMemberCount, leaveId, liveSignedCount, managedActivity, myStates, view, visibleActivity } from './activity.shared'
import { markYearOf, newActivityCounter } from './attendance-counters'

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
    codeMode: input.codeMode,
    placeCheck: input.placeCheck,
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
    doc.markYear = markYearOf(doc)
    await tx.insert(C.activity, doc)
    await tx.insert(C.attendanceActivity, newActivityCounter(doc))
    return { activity: view(doc, now) }
  })
}

export async function updateActivity(deps: Deps, caller: Caller, input: In<A.UpdateActivityInput>) {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  await checkExpectedIds(deps, activity.branchId, input.expectedMemberIds)
  const now = deps.clock.now()
  // The marks stay under the year they were written in, whatever the new date (attendance-counters.ts).
  const set = {
    ...fields(input),
    codeMode: input.codeMode ?? activity.codeMode ?? 'rotating',
    // like codeMode: an edit page that does not know the place check keeps the activity's
    placeCheck: input.placeCheck === undefined ? (activity.placeCheck ?? null) : input.placeCheck,
    markYear: markYearOf(activity), updatedAt: now.toISOString() }
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

export async function getActivity(deps: Deps, caller: Caller, input: In<A.GetActivityInput>) {
  const member = await requireMember(deps, caller)
  const activity = await visibleActivity(deps, member, input.activityId)
  const now = deps.clock.now()
  const state = isExpected(activity, member) ? ((await myStates(deps, member, [activity], now)).get(activity._id) ?? null) : null
  const out = view(activity, now, { member, state })
  // The member sees the leave they asked for (reason, status, who decided), not just a badge.
  const leave = await deps.store.get<LeaveDoc>(C.activityLeave, leaveId(deps, activity._id, member._id))
  if (leave) {
    out.myLeave = { reason: leave.reason, status: leave.status, requestedAt: leave.requestedAt, decidedAt: leave.decidedAt, decidedByName: leave.decidedByName }
  }
  if (managesBranch(member, activity.branchId, activity.orgId)) {
    out.pendingLeaves = await deps.store.count(C.activityLeave, { activityId: activity._id, status: 'pending' })
  }
  return { activity: out }
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
  const activities = page.docs.map((a) => view(a, at, { member, state: states.get(a._id) ?? null }))
  if (member.role !== 'secretary' && member.role !== 'admin') return { activities }
  // Managers see what waits for them: pending leaves per activity and in the whole branch (one grouped count).
  const pending = new Map((await deps.store.countBy(C.activityLeave, 'activityId', { branchId, status: 'pending' })).map((g) => [String(g.key), g.count]))
  // A cancelled activity's leaves wait for nobody: its status from the page, or a get for the others
  // (one per activity that has a pending leave, by id).
  const onPage = new Map(page.docs.map((a) => [a._id, a]))
  const statuses = await Promise.all([...pending.keys()].map(async (id) => [id, (onPage.get(id) ?? (await deps.store.get<ActivityDoc>(C.activity, id)))?.status] as const))
  for (const [id, status] of statuses) if (status !== 'scheduled') pending.delete(id)
  for (const a of activities) a.pendingLeaves = pending.get(a.id) ?? 0
  // The live count of an activity whose sign-in is open (今日签到 x/y on the manager's home): the
  // activity's counter and a count on the member index, for the open ones only (rarely more than one).
  for (const doc of page.docs) {
    const a = activities.find((x) => x.id === doc._id)
    if (a?.signIn.open && a.status === 'scheduled') a.liveCount = { signed: await liveSignedCount(deps, doc), expected: await expectedMemberCount(deps, doc) }
  }
  return { activities, pendingLeaveTotal: [...pending.values()].reduce((n, c) => n + c, 0) }
}

/** A secretary of this branch, or an admin of its organisation. */
function managesBranch(member: { role: string; branchId: string | null; orgId: string | null }, branchId: string, orgId: string): boolean {
  return member.role === 'admin' ? member.orgId === orgId : member.role === 'secretary' && member.branchId === branchId
}
