/**
 * Activities at their edges (activities.usecases.ts), each case one a mutation run left untested:
 * who sees the pending leaves of an activity, what the list shows a member and a manager (its
 * scope, order, live count), an edit that does not name the sign-in mode, a second or concurrent
 * cancellation, one request id used by two secretaries, and what a stranger on the list is told.
 */
import type { activity as A } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { addOtherBranchStaff, OTHER_BRANCH } from '../support/orgs'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = (i: number) => DEMO.memberOpenid(i)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

async function setup() {
  const h = await makeHarness()
  const create = async (title: string, startMs: number, extra: Record<string, unknown> = {}, openid: string = S) =>
    dataOf(await h.call<{ activity: A.ActivityView }>('activity', openid, { action: 'createActivity', kind: 'theme_day', title, startAt: iso(startMs), endAt: iso(startMs + 100 * MIN), place: '会议室', ...extra })).activity
  const call = (openid: string, action: string, input: Record<string, unknown> = {}) => h.call<Record<string, unknown>>('activity', openid, { action, ...input })
  return { h, create, call, id: (i: number) => memberIdFor(h.runtime, M(i)) }
}
const list = async (h: Harness, openid: string, scope: 'upcoming' | 'past', extra: Record<string, unknown> = {}) =>
  dataOf(await h.call<A.ListActivitiesOutput>('activity', openid, { action: 'listActivities', scope, ...extra }))

test('an activity’s pending leaves are shown to its secretary and the admin, not to members', async () => {
  const { h, create, call } = await setup()
  const a = await create('主题党日', 60 * MIN)
  dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '出差' }))
  const seen = async (openid: string) => (dataOf(await h.call<{ activity: A.ActivityView }>('activity', openid, { action: 'getActivity', activityId: a.id })).activity).pendingLeaves
  expect(await seen(S)).toBe(1)
  expect(await seen(DEMO.adminOpenid)).toBe(1)
  expect(await seen(M(2))).toBeUndefined()
  expect(await seen(M(1))).toBeUndefined()
})

test('the list: upcoming soonest first, past latest first, a member’s state only where expected, the manager’s counts and live count', async () => {
  const { h, create, call, id } = await setup()
  const past1 = await create('九月主题党日', -60 * 24 * 60 * MIN)
  const past2 = await create('十月主题党日', -30 * 24 * 60 * MIN)
  const later = await create('下周主题党日', 7 * 24 * 60 * MIN)
  const listed = await create('支委会', 3 * 24 * 60 * MIN, { expectedMemberIds: [id(2)] })
  const open = await create('今天的党员大会', 10 * MIN)
  const cancelled = await create('取消的党小组会', 5 * MIN)
  dataOf(await call(S, 'cancelActivity', { activityId: cancelled.id, reason: '改期' }))
  dataOf(await call(M(1), 'requestLeave', { activityId: later.id, reason: '出差' }))
  // 张晓燕 signs in to today's: her state, not 李明华's
  const { token } = dataOf(await h.call<{ token: string }>('activity', S, { action: 'getSignInCode', activityId: open.id }))
  dataOf(await call(M(2), 'signIn', { token }))
  const stateIn = async (openid: string, activityId: string) => (await list(h, openid, 'upcoming')).activities.find((a) => a.id === activityId)?.myState
  expect(await stateIn(M(2), open.id)).toBe('signed')
  expect(await stateIn(M(1), open.id)).not.toBe('signed')
  expect(await stateIn(M(1), later.id)).toBe('leave_pending')
  expect(await stateIn(M(2), later.id)).not.toBe('leave_pending')

  const upcoming = await list(h, M(1), 'upcoming')
  expect(upcoming.activities.map((a) => a.id)).toEqual([cancelled.id, open.id, listed.id, later.id])
  expect(upcoming.activities.find((a) => a.id === listed.id)?.myState).toBeNull()
  expect(upcoming.activities.find((a) => a.id === open.id)?.myState).not.toBeNull()
  expect(upcoming.activities.every((a) => a.pendingLeaves === undefined && a.liveCount === undefined)).toBe(true)
  expect(upcoming).not.toHaveProperty('pendingLeaveTotal')
  expect((await list(h, M(1), 'past')).activities.map((a) => a.id)).toEqual([past2.id, past1.id])

  for (const [openid, extra] of [[S, {}], [DEMO.adminOpenid, { branchId: DEMO.branchId }]] as const) {
    const managed = await list(h, openid, 'upcoming', extra)
    expect(managed.pendingLeaveTotal).toBe(1)
    expect(managed.activities.find((a) => a.id === later.id)?.pendingLeaves).toBe(1)
    // the live count only on the activity whose sign-in is open (it opens 30 minutes before), not on the cancelled one
    expect(managed.activities.filter((a) => a.liveCount).map((a) => a.id)).toEqual([open.id])
  }
})

test('a member on no branch is told so by the list', async () => {
  const { h, id } = await setup()
  await h.store.update(C.member, id(5), { set: { branchId: null } })
  expect(await h.call('activity', M(5), { action: 'listActivities', scope: 'upcoming' })).toMatchObject({ ok: false, error: { code: 'MEMBER.BRANCH_REQUIRED' } })
})

test('an edit that does not name the sign-in mode keeps it; an activity from before the modes gets the rotating code', async () => {
  const { h, create, call } = await setup()
  const a = await create('主题党日', 60 * MIN, { codeMode: 'personal' })
  const edit = async (activityId: string) =>
    dataOf(await call(S, 'updateActivity', { activityId, kind: 'theme_day', title: '主题党日（改）', startAt: iso(60 * MIN), endAt: iso(160 * MIN), place: '会议室' })) as { activity: A.ActivityView }
  expect((await edit(a.id)).activity.codeMode).toBe('personal')
  const old = await create('旧活动', 60 * MIN)
  await h.store.update(C.activity, old.id, { set: { codeMode: null } })
  expect((await edit(old.id)).activity.codeMode).toBe('rotating')
})

test('a second cancellation changes nothing and keeps the first reason; two at once, one changes', async () => {
  const { create, call } = await setup()
  const a = await create('主题党日', 60 * MIN)
  expect(dataOf(await call(S, 'cancelActivity', { activityId: a.id, reason: '改期' }))).toMatchObject({ changed: true, activity: { status: 'cancelled', cancelReason: '改期' } })
  expect(dataOf(await call(S, 'cancelActivity', { activityId: a.id, reason: '另一个原因' }))).toMatchObject({ changed: false, activity: { cancelReason: '改期' } })
  const b = await create('党小组会', 60 * MIN)
  const both = await Promise.all([call(S, 'cancelActivity', { activityId: b.id, reason: '临时改期' }), call(S, 'cancelActivity', { activityId: b.id, reason: '另有安排' })])
  expect(both.map((r) => (dataOf(r) as { changed: boolean }).changed).sort()).toEqual([false, true])
  expect(await call(S, 'setSignInMode', { activityId: b.id, mode: 'open' })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CANCELLED' } })
})

test('one request id used by two secretaries makes two activities, each in its own branch', async () => {
  const { h, create } = await setup()
  await addOtherBranchStaff(h)
  const mine = await create('主题党日', 60 * MIN, { requestId: 'req-activity-0001' })
  const theirs = await create('主题党日', 60 * MIN, { requestId: 'req-activity-0001' }, OTHER_BRANCH.secretaryOpenid)
  expect(theirs.id).not.toBe(mine.id)
  expect([mine.branchId, theirs.branchId]).toEqual([DEMO.branchId, OTHER_BRANCH.branchId])
})

test('a list naming someone outside the branch is refused with how many', async () => {
  const { call } = await setup()
  const out = await call(S, 'createActivity', { kind: 'theme_day', title: '主题党日', startAt: iso(60 * MIN), endAt: iso(160 * MIN), expectedMemberIds: ['mem_nobody_1', 'mem_nobody_2'] })
  expect(out).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '应到名单中有不属于本支部的党员', issues: [{ path: 'expectedMemberIds', message: '2 人不属于本支部' }] } })
})

test('the sign-in screen’s expected count: the list when there is one, else the members who joined before the end', async () => {
  const { h, create, id } = await setup()
  const expected = async (activityId: string) => dataOf(await h.call<A.GetSignInCodeOutput>('activity', S, { action: 'getSignInCode', activityId })).expectedCount
  const listed = await create('支委会', 10 * MIN, { expectedMemberIds: [id(1), id(2)] })
  const whole = await create('主题党日', 10 * MIN)
  const branch = await h.store.count(C.member, { branchId: DEMO.branchId })
  expect(await expected(listed.id)).toBe(2)
  expect(await expected(whole.id)).toBe(branch)
  await h.store.update(C.member, id(3), { set: { joinedAt: whole.endAt } })
  expect(await expected(whole.id)).toBe(branch - 1)
})

test('the roll lists members in the order they joined', async () => {
  const { h, create } = await setup()
  const { code } = dataOf(await h.call<{ code: string }>('member', S, { action: 'createInvite', maxUses: 10 }))
  const names = ['赵一', '钱二', '孙三', '李四']
  for (const [i, name] of names.entries()) {
    h.clock.set(iso(i * MIN))
    dataOf(await h.call('member', `wx-join-${i}`, { action: 'joinBranch', code, name }))
  }
  const a = await create('主题党日', 10 * MIN)
  const roll = dataOf(await h.call<A.ListAttendanceOutput>('activity', S, { action: 'listAttendance', activityId: a.id }))
  expect(roll.rows.map((r) => r.name).filter((n) => names.includes(n))).toEqual(names)
})

test('sign-in opens 30 minutes before the start exactly and closes at the end exactly, also when opened by hand', async () => {
  const { h, create, call } = await setup()
  const a = await create('主题党日', 60 * MIN)
  const open = async () => (dataOf(await h.call<{ activity: A.ActivityView }>('activity', S, { action: 'getActivity', activityId: a.id })).activity).signIn.open
  const at = (ms: number) => h.clock.set(new Date(ms))
  const start = Date.parse(a.startAt)
  const end = Date.parse(a.endAt)
  at(start - 30 * MIN - 1)
  expect(await open()).toBe(false)
  at(start - 30 * MIN)
  expect(await open()).toBe(true)
  at(end - 1)
  expect(await open()).toBe(true)
  at(end)
  expect(await open()).toBe(false)
  dataOf(await call(S, 'setSignInMode', { activityId: a.id, mode: 'open' }))
  expect(await open()).toBe(false)
  at(end - 1)
  expect(await open()).toBe(true)
})
