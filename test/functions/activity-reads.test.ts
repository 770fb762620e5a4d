/**
 * What the activity pages read (activities.usecases.ts, activity.shared.ts): a member's own state in
 * an activity (signed, on leave) read by the member and the activities asked about only; the pending
 * leaves of one activity; the live count of an activity older than the counters; the list's branch
 * for someone who names another; and the list's statuses taken from its own page, not read again.
 */
import type { activity as A } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import type { DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0 } from '../support/harness'
import { overrideStore, recordingStore } from '../support/override-store'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = (i: number) => DEMO.memberOpenid(i)
const MIN = 60_000
const DAY = 24 * 60 * MIN
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

async function setup(store?: DocumentStore) {
  const h = await makeHarness(store ? { store } : {})
  const create = async (title: string, startMs: number) =>
    dataOf(await h.call<{ activity: A.ActivityView }>('activity', S, { action: 'createActivity', kind: 'theme_day', title, startAt: iso(startMs), endAt: iso(startMs + 100 * MIN), place: '会议室' })).activity
  const call = (openid: string, action: string, input: Record<string, unknown> = {}) => h.call<Record<string, unknown>>('activity', openid, { action, ...input })
  const get = async (openid: string, activityId: string) => dataOf(await h.call<{ activity: A.ActivityView }>('activity', openid, { action: 'getActivity', activityId })).activity
  const signIn = async (activityId: string, ...members: number[]) => {
    const { token } = dataOf(await h.call<{ token: string }>('activity', S, { action: 'getSignInCode', activityId }))
    for (const i of members) dataOf(await call(M(i), 'signIn', { token }))
  }
  return { h, create, call, get, signIn, id: (i: number) => memberIdFor(h.runtime, M(i)) }
}

test('an activity’s page shows the member their own state, read by them and that activity only', async () => {
  const { store, reads } = recordingStore(await freshStore())
  const { create, call, get, signIn, id } = await setup(store)
  const earlier = await create('支委会', 5 * MIN)
  await signIn(earlier.id, 1, 2)
  const today = await create('十一月主题党日', 20 * MIN)
  await signIn(today.id, 2)
  const later = await create('下周党课', 7 * DAY)
  dataOf(await call(M(1), 'requestLeave', { activityId: later.id, reason: '出差' }))

  reads.length = 0
  expect((await get(M(2), today.id)).myState).toBe('signed')
  const own = reads.filter((r) => r.collection === C.activitySignIn || r.collection === C.activityLeave)
  expect(own.map((r) => r.collection).sort()).toEqual([C.activityLeave, C.activitySignIn])
  for (const r of own) expect(r.where).toEqual({ memberId: id(2), activityId: { $in: [today.id] } })

  // 李明华 signed in to the earlier one only, and asked for leave from the later one
  expect((await get(M(1), today.id)).myState).toBe('pending')
  expect((await get(M(1), earlier.id)).myState).toBe('signed')
  expect((await get(M(1), later.id)).myState).toBe('leave_pending')
})

test('an activity’s pending leaves are its own: not another activity’s, not a decided one', async () => {
  const { store, reads } = recordingStore(await freshStore())
  const { create, call, get, id } = await setup(store)
  const a = await create('主题党日', 7 * DAY)
  const b = await create('党课', 8 * DAY)
  for (const i of [1, 2]) dataOf(await call(M(i), 'requestLeave', { activityId: b.id, reason: '出差' }))
  dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '出差' }))
  dataOf(await call(M(3), 'requestLeave', { activityId: a.id, reason: '出差' }))
  dataOf(await call(S, 'decideLeave', { activityId: a.id, memberId: id(3), approve: true }))
  reads.length = 0
  expect((await get(S, a.id)).pendingLeaves).toBe(1)
  expect(reads.filter((r) => r.collection === C.activityLeave && !('memberId' in (r.where as object)))).toEqual([{ collection: C.activityLeave, where: { activityId: a.id, status: 'pending' } }])
  expect((await get(S, b.id)).pendingLeaves).toBe(2)
})

test('the live count of an activity older than the counters counts its active sign-ins, not revoked ones or another activity’s', async () => {
  const { h, create, call, signIn, id } = await setup()
  const earlier = await create('上午的支委会', -20 * MIN)
  await signIn(earlier.id, 1, 2, 3)
  const open = await create('党员大会', 10 * MIN)
  await signIn(open.id, 1, 2)
  h.clock.advance(15 * MIN)
  dataOf(await call(S, 'addMakeup', { activityId: open.id, memberId: id(3), reason: '纸质签到' }))
  dataOf(await call(S, 'revokeMakeup', { activityId: open.id, memberId: id(3), reason: '录错了人' }))
  const liveOf = async () => (dataOf(await h.call<A.ListActivitiesOutput>('activity', S, { action: 'listActivities', scope: 'upcoming' })).activities.find((a) => a.id === open.id))?.liveCount?.signed
  expect(await liveOf()).toBe(2)
  // recorded before the per-activity counters existed
  expect(await h.store.remove(C.attendanceActivity, open.id)).toBe(true)
  expect(await liveOf()).toBe(2)
})

test('a secretary naming another branch on the list is refused, not shown their own', async () => {
  const { h } = await setup()
  const listed = await h.call('activity', S, { action: 'listActivities', scope: 'upcoming', branchId: DEMO.otherBranchId })
  expect(listed).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(dataOf(await h.call<A.ListActivitiesOutput>('activity', S, { action: 'listActivities', scope: 'upcoming', branchId: DEMO.branchId })).activities).toEqual([])
})

test('the manager’s list takes the status of an activity on its page from the page; only an activity off the page is read again', async () => {
  const gets: string[] = []
  const base = await freshStore()
  const store = overrideStore(base, (s) => ({
    get: ((collection: string, id: string) => {
      if (collection === C.activity) gets.push(id)
      return s.get(collection, id)
    }) as DocumentStore['get'],
  }))
  const { h, create, call } = await setup(store)
  const onPage = await create('下周主题党日', 7 * DAY)
  const offPage = await create('下月党课', 30 * DAY)
  for (const a of [onPage, offPage]) dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '出差' }))
  gets.length = 0
  const listed = dataOf(await h.call<A.ListActivitiesOutput>('activity', S, { action: 'listActivities', scope: 'upcoming', limit: 1 }))
  expect(listed.activities.map((a) => [a.id, a.pendingLeaves])).toEqual([[onPage.id, 1]])
  expect(listed.pendingLeaveTotal).toBe(2)
  expect(gets).toEqual([offPage.id])
})

test('an activity stored before code modes existed shows the rotating code', async () => {
  const { h, create, get } = await setup()
  const a = await create('主题党日', 7 * DAY)
  expect(await h.store.update(C.activity, a.id, { set: { codeMode: null } })).toBe(true)
  expect((await get(S, a.id)).codeMode).toBe('rotating')
})
