/**
 * The member's scan at its edges (sign-in.usecases.ts), each case one a mutation run left untested:
 * a code that is not a code, the code's timing fields, scans that arrive together after the window
 * closed, what the ledger entry says and under which id, a scan after a revoked 补录, and a group
 * that fails with a repeat in it.
 */
import type { activity as A } from '../../contracts'
import { SIGN_IN_PAGE, signInId } from '../../server/domain/activity/activity.shared'
import { STEP_MS } from '../../server/domain/activity/sign-in-token'
import { signIn } from '../../server/domain/activity/sign-in.usecases'
import type { PointsEntryDoc } from '../../server/domain/points/ledger'
import { memberIdFor } from '../../server/domain/shared/actor'
import { cnYear } from '../../server/domain/shared/china-time'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { DuplicateIdError, queryAll, type DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { freshStore, gatedStore } from '../support/store'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = Array.from({ length: 6 }, (_, i) => DEMO.memberOpenid(i + 1))
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const act = <D>(h: Harness, openid: string, action: string, input: Record<string, unknown> = {}) => h.call<D>('activity', openid, { action, ...input })

/** A 主题党日 from 10 to 120 minutes after T0, the clock 15 minutes in: open, with its current code. */
async function openActivity(h: Harness, title = '主题党日：重温入党誓词'): Promise<{ id: string; token: string }> {
  const { activity } = dataOf(await act<{ activity: A.ActivityView }>(h, S, 'createActivity', { kind: 'theme_day', title, startAt: iso(10 * MIN), endAt: iso(120 * MIN) }))
  h.clock.advance(15 * MIN)
  const { token } = dataOf(await act<A.GetSignInCodeOutput>(h, S, 'getSignInCode', { activityId: activity.id }))
  return { id: activity.id, token }
}

const signIns = (h: Harness, activityId: string) => h.store.count(C.activitySignIn, { activityId })
const entries = (h: Harness, activityId: string) => queryAll<PointsEntryDoc>(h.store, C.pointsEntry, { where: { 'source.ref': activityId } })

test('what is not a sign-in code at all is refused, by the contract and by the use case itself, and nothing is written', async () => {
  const h = await makeHarness()
  const a = await openActivity(h)
  for (const token of ['garbage', 's1', 's1.x.y', a.token.replace(/^s1/, 's9')]) {
    expect(await act(h, M[0] ?? '', 'signIn', { token })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // the use case does not lean on the contract: called directly it refuses the same code as invalid
    await expect(signIn(h.runtime, { openid: M[0] ?? '' }, { token })).rejects.toMatchObject({ code: 'ACTIVITY.TOKEN_INVALID' })
  }
  expect(await signIns(h, a.id)).toBe(0)
})

test("the code's timing: refreshed at the next 15-second step, valid one step beyond", async () => {
  const h = await makeHarness()
  const a = await openActivity(h)
  h.clock.advance(7_000)
  const code = dataOf(await act<A.GetSignInCodeOutput>(h, S, 'getSignInCode', { activityId: a.id }))
  const now = h.clock.now().getTime()
  const refresh = Date.parse(code.refreshAt)
  expect(refresh % STEP_MS).toBe(0)
  expect(refresh).toBeGreaterThan(now)
  expect(refresh - now).toBeLessThanOrEqual(STEP_MS)
  expect(Date.parse(code.expiresAt) - refresh).toBe(STEP_MS)
  // no place check: the link is the check-in page with the code and nothing else
  expect(code.path).toBe(`${SIGN_IN_PAGE}?t=${encodeURIComponent(code.token)}`)
})

test('scans that arrive together just after the window closed are refused, with a code shown before it closed', async () => {
  const h = await makeHarness()
  const a = await openActivity(h)
  h.clock.set(iso(120 * MIN - 2_000))
  const { token } = dataOf(await act<A.GetSignInCodeOutput>(h, S, 'getSignInCode', { activityId: a.id }))
  h.clock.set(iso(120 * MIN + 1_000))
  const results = await Promise.all(M.map((o) => act<A.SignInOutput>(h, o, 'signIn', { token })))
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(M.map(() => 'ACTIVITY.NOT_OPEN'))
  expect(await signIns(h, a.id)).toBe(0)
  expect(await entries(h, a.id)).toEqual([])
})

test('the points entry of a scan: its id derived from the sign-in, its reason and source, alone or in a group', async () => {
  const h = await makeHarness()
  const a = await openActivity(h)
  // one alone, then four at once
  dataOf(await act(h, M[0] ?? '', 'signIn', { token: a.token }))
  await Promise.all(M.slice(1, 5).map((o) => act(h, o, 'signIn', { token: a.token })))
  const found = await entries(h, a.id)
  expect(found).toHaveLength(5)
  for (const o of M.slice(0, 5)) {
    const id = h.runtime.ids.derive('points', 'scan', signInId(h.runtime, a.id, memberIdFor(h.runtime, o)))
    const e = found.find((x) => x._id === id)
    expect(e).toMatchObject({ reason: '主题党日签到：主题党日：重温入党誓词', source: { type: 'activity_sign_in', ref: a.id }, amount: 2 })
  }
})

test('a member whose 补录 was revoked signs in by scanning while the window is open, once', async () => {
  const h = await makeHarness()
  const a = await openActivity(h)
  const memberId = memberIdFor(h.runtime, M[0] ?? '')
  dataOf(await act(h, S, 'addMakeup', { activityId: a.id, memberId, reason: '忘带手机' }))
  dataOf(await act(h, S, 'revokeMakeup', { activityId: a.id, memberId, reason: '补录有误' }))
  const out = dataOf(await act<A.SignInOutput>(h, M[0] ?? '', 'signIn', { token: a.token }))
  expect(out).toMatchObject({ alreadySignedIn: false, points: 2 })
  expect(await h.store.get(C.activitySignIn, signInId(h.runtime, a.id, memberId))).toMatchObject({ state: 'active', method: 'scan' })
  expect(dataOf(await act<A.SignInOutput>(h, M[0] ?? '', 'signIn', { token: a.token }))).toMatchObject({ alreadySignedIn: true, points: 0 })
})

test('a group that fails with a repeat in it answers each scan, the repeat included, with its own error', async () => {
  const h = await makeHarness()
  await h.store.insert(C.pointsRules, { _id: DEMO.orgId, orgId: DEMO.orgId, versions: [], frozenYears: [cnYear(iso(10 * MIN))] })
  const a = await openActivity(h)
  const scans = [...M, M[0] ?? '', M[1] ?? ''].map((o) => act<A.SignInOutput>(h, o, 'signIn', { token: a.token }))
  const results = await Promise.all(scans)
  expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(results.map(() => 'POINTS.YEAR_FROZEN'))
  expect(await signIns(h, a.id)).toBe(0)
})

test('in a group, a member whose record is already there (a revoked 补录) is left to a scan of their own and signed in once', async () => {
  const h = await makeHarness()
  const a = await openActivity(h)
  const x = memberIdFor(h.runtime, M[0] ?? '')
  dataOf(await act(h, S, 'addMakeup', { activityId: a.id, memberId: x, reason: '忘带手机' }))
  dataOf(await act(h, S, 'revokeMakeup', { activityId: a.id, memberId: x, reason: '补录有误' }))
  const results = await Promise.all(M.slice(0, 4).map((o) => act<A.SignInOutput>(h, o, 'signIn', { token: a.token })))
  expect(results.map((r) => r.ok && r.data.alreadySignedIn === false && r.data.points)).toEqual([2, 2, 2, 2])
  expect(await h.store.get(C.activitySignIn, signInId(h.runtime, a.id, x))).toMatchObject({ state: 'active', method: 'scan' })
  const scanEntries = (await entries(h, a.id)).filter((e) => e.memberId === x && e.source.type === 'activity_sign_in')
  expect(scanEntries).toHaveLength(1)
})

test('a repeat in a group is answered with its own member\'s record, not another member\'s', async () => {
  const gated = await gatedStore()
  const h = await makeHarness({ store: gated.store })
  const a = await openActivity(h)
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  gated.hold()
  // a first group, held at the store: the next scans queue behind it
  const calls = [act<A.SignInOutput>(h, M[0] ?? '', 'signIn', { token: a.token })]
  await sleep(150)
  // D scans now; C and C again two seconds later: one group, C's repeat answered from C's record
  calls.push(act<A.SignInOutput>(h, M[3] ?? '', 'signIn', { token: a.token }))
  await sleep(150)
  h.clock.advance(2_000)
  calls.push(act<A.SignInOutput>(h, M[2] ?? '', 'signIn', { token: a.token }), act<A.SignInOutput>(h, M[2] ?? '', 'signIn', { token: a.token }))
  await sleep(150)
  gated.release()
  const [, d, c, again] = (await Promise.all(calls)).map((r) => dataOf(r))
  expect(c).toMatchObject({ alreadySignedIn: false })
  expect(again).toMatchObject({ alreadySignedIn: true, signedAt: c?.signedAt })
  expect(d?.signedAt).not.toBe(c?.signedAt)
})

/**
 * The store, whose armed transaction reports a duplicate sign-in record — as PostgreSQL does to the
 * loser of two twins inserting one record at once (PGlite runs one transaction at a time, so it never
 * does). `twin-committed` commits the transaction first, standing in for the twin that won.
 */
function racingTwin(inner: DocumentStore) {
  let armed: 'twin-committed' | 'no-twin' | null = null
  const store = Object.assign(Object.create(inner) as DocumentStore, {
    transaction: (async (fn) => {
      const mode = armed
      armed = null
      if (!mode) return inner.transaction(fn)
      if (mode === 'twin-committed') await inner.transaction(fn)
      throw new DuplicateIdError(C.activitySignIn, 'the twin')
    }) as DocumentStore['transaction'],
  })
  return { store, arm: (mode: 'twin-committed' | 'no-twin') => (armed = mode) }
}

test('a scan that loses the race to its twin answers as a repeat, with the twin’s record; with no record there the error stands', async () => {
  const race = racingTwin(await freshStore())
  const h = await makeHarness({ store: race.store })
  const a = await openActivity(h)
  race.arm('twin-committed')
  const out = dataOf(await act<A.SignInOutput>(h, M[0] ?? '', 'signIn', { token: a.token }))
  expect(out).toMatchObject({ alreadySignedIn: true, signedAt: h.clock.now().toISOString() })
  expect(await signIns(h, a.id)).toBe(1)
  expect(await entries(h, a.id)).toHaveLength(1)

  race.arm('no-twin')
  expect(await act(h, M[1] ?? '', 'signIn', { token: a.token })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  expect(h.errors.at(-1)).toBeInstanceOf(DuplicateIdError)
  expect(await signIns(h, a.id)).toBe(1)
})
