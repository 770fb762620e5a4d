/**
 * Group commit of sign-ins (sign-in.usecases.ts): scans of one activity that arrive together go in
 * one transaction with the batch operations of the SQL store, and answer exactly as scans one at a
 * time would — once per member, points capped on the balance, counters equal to a recount, and a
 * group that fails answers each scan on its own.
 */
import type { activity as A } from '../../contracts'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { balanceId } from '../../server/domain/points/ledger'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { cnYear } from '../../server/domain/shared/china-time'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { gatedStore } from '../support/store'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const MEMBERS = Array.from({ length: 20 }, (_, i) => DEMO.memberOpenid(i + 1))
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

async function openActivity(h: Harness): Promise<{ id: string; token: string }> {
  const { activity } = dataOf(await h.call<{ activity: A.ActivityView }>('activity', S, { action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(10 * MIN), endAt: iso(120 * MIN) }))
  h.clock.advance(15 * MIN)
  const { token } = dataOf(await h.call<A.GetSignInCodeOutput>('activity', S, { action: 'getSignInCode', activityId: activity.id }))
  return { id: activity.id, token }
}

const burst = (h: Harness, token: string, times = 2) => Promise.all(MEMBERS.flatMap((o) => Array.from({ length: times }, () => h.call<A.SignInOutput>('activity', o, { action: 'signIn', token }))))

test('a burst with repeats goes in fewer transactions than scans, each member once, counters equal to a recount', async () => {
  // its transactions counted, never held
  const { store, transactions } = await gatedStore()
  const h = await makeHarness({ store })
  const a = await openActivity(h)
  const before = transactions()
  const results = await burst(h, a.token)
  expect(transactions() - before).toBeLessThan(results.length / 2)
  const fresh = results.filter((r) => r.ok && !r.data.alreadySignedIn)
  expect(results.every((r) => r.ok)).toBe(true)
  expect(fresh).toHaveLength(MEMBERS.length)
  expect(fresh.every((r) => r.ok && r.data.points === 2)).toBe(true)
  expect(await store.count(C.activitySignIn, { activityId: a.id })).toBe(MEMBERS.length)
  expect(await store.count(C.pointsEntry, { 'source.ref': a.id })).toBe(MEMBERS.length)
  expect(await store.get(C.attendanceActivity, a.id)).toMatchObject({ signed: MEMBERS.length })
  const report = await repairAttendanceCounters(store, { fix: false })
  expect(report.differences).toEqual([])
  // a scan after the burst is a repeat
  expect(dataOf(await h.call<A.SignInOutput>('activity', MEMBERS[0] ?? '', { action: 'signIn', token: a.token })).alreadySignedIn).toBe(true)
})

test('in a group, a member near the task cap gets what fits and the balance stops at the cap', async () => {
  const h = await makeHarness()
  const near = memberIdFor(h.runtime, MEMBERS[3] ?? '')
  const year = cnYear(iso(10 * MIN))
  await h.store.insert(C.pointsBalance, { _id: balanceId(near, year), orgId: DEMO.orgId, branchId: DEMO.branchId, memberId: near, year, total: 69, entries: 1, base: 0, task: 69, reward: 0, honour: 0 })
  const a = await openActivity(h)
  const results = await burst(h, a.token, 1)
  const points = results.map((r) => (r.ok ? r.data.points : null))
  expect(points.filter((p) => p === 2)).toHaveLength(MEMBERS.length - 1)
  expect(points[3]).toBe(1)
  expect(await h.store.get(C.pointsBalance, balanceId(near, year))).toMatchObject({ task: 70, total: 70, entries: 2 })
  const other = memberIdFor(h.runtime, MEMBERS[4] ?? '')
  expect(await h.store.get(C.pointsBalance, balanceId(other, year))).toMatchObject({ task: 2, total: 2, entries: 1, base: 0 })
})

test('a group that fails (a frozen year) answers every scan with its own error and writes nothing', async () => {
  const h = await makeHarness()
  const year = cnYear(iso(10 * MIN))
  await h.store.insert(C.pointsRules, { _id: DEMO.orgId, orgId: DEMO.orgId, versions: [], frozenYears: [year] })
  const a = await openActivity(h)
  const results = await burst(h, a.token, 1)
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(MEMBERS.map(() => 'POINTS.YEAR_FROZEN'))
  expect(await h.store.count(C.activitySignIn, { activityId: a.id })).toBe(0)
  expect(await h.store.count(C.pointsEntry, { 'source.ref': a.id })).toBe(0)
  expect(await h.store.get(C.attendanceActivity, a.id)).toMatchObject({ signed: 0 })
})

test('scans that arrive while a group is in its transaction wait for it, then go together in the next one', async () => {
  const gated = await gatedStore()
  const { store } = gated
  const h = await makeHarness({ store })
  const a = await openActivity(h)
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  const scan = (openid: string | undefined) => h.call<A.SignInOutput>('activity', openid ?? '', { action: 'signIn', token: a.token })
  gated.hold()
  const from = gated.transactions()
  // two scans at once: the first group, held at the store's door
  const calls = [scan(MEMBERS[0]), scan(MEMBERS[1])]
  await sleep(200)
  // three more while it is held: none starts a transaction of its own
  calls.push(scan(MEMBERS[2]), scan(MEMBERS[3]), scan(MEMBERS[4]))
  await sleep(200)
  expect(gated.transactions() - from).toBe(1)
  gated.release()
  const results = await Promise.all(calls)
  expect(results.map((r) => r.ok && r.data.alreadySignedIn === false && r.data.points)).toEqual([2, 2, 2, 2, 2])
  // the three went together
  expect(gated.transactions() - from).toBe(2)
  expect(await store.count(C.activitySignIn, { activityId: a.id })).toBe(5)
})
