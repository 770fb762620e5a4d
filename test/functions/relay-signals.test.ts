/**
 * Relay signals: keys from the platform caller, the clusters a secretary is shown, and the
 * secretary's confirm / revoke, through the real `activity` function on PGlite. The scans are real
 * sign-ins whose call context carries the device and address the platform would give.
 */
import { statusOf, type Result, type z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import type { SignInDoc } from '../../server/domain/activity/activity.docs'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { detectRelays, placeOutliers, relayKeys, RELAY_WINDOW_MS, reviewRelaySignIn } from '../../server/domain/activity/relay-signals'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { mountFunctions } from '../../server/functions'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { DuplicateIdError, queryAll } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const SEC = 1000
const ROOM = '10.0.0.1'
const PHONE = 'device-0123456789abcdef'

let h: Harness
let activityId: string

beforeEach(async () => {
  h = await makeHarness()
  const out = dataOf(
    await h.call<Out<'createActivity'>>('activity', SECRETARY, {
      action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: new Date(T0.getTime() + 10 * 60 * SEC).toISOString(), endAt: new Date(T0.getTime() + 120 * 60 * SEC).toISOString(),
    }),
  )
  activityId = out.activity.id
})

type Platform = { deviceId?: string; clientIp?: string } | null

/** The sign-in as the platform delivers it: the member's OPENID, and the device and address it reports. */
async function signInAs(n: number, token: string, platform: Platform) {
  const extra = { ...(platform?.deviceId ? { DEVICE_ID: platform.deviceId } : {}), ...(platform?.clientIp ? { WX_CLIENTIP: platform.clientIp } : {}) }
  const main = mountFunctions(h.runtime).activity
  if (!main) throw new Error('no activity function')
  const out = (await main({ action: 'signIn', token }, contextFor(M(n), extra))) as Result<Out<'signIn'>>
  return { ...out, status: out.ok ? 200 : statusOf(out.error.code) }
}

const code = async () => dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId })).token
const at = (ms: number) => h.clock.set(new Date(T0.getTime() + ms))
const recordOf = (n: number) => h.store.get<SignInDoc>(C.activitySignIn, h.runtime.ids.derive('signin', activityId, memberIdFor(h.runtime, M(n))))

/** A real scan at T0 + `ms`, from the device and address given. */
async function scan(n: number, ms: number, platform: Platform) {
  at(ms)
  dataOf(await signInAs(n, await code(), platform))
}

const review = (memberN: number, decision: 'confirm' | 'revoke', openid: string = SECRETARY) =>
  h.call<Out<'reviewRelaySignIn'>>('activity', openid, { action: 'reviewRelaySignIn', activityId, memberId: memberIdFor(h.runtime, M(memberN)), decision, reason: decision === 'confirm' ? '本人在场，核实无误' : '转发签到码，本人未到场' })
const attendance = async () => dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId }))
const points = async (n: number) => dataOf(await h.call<{ total: number }>('points', M(n), { action: 'getMyPoints', year: 2026 })).total

const signals = async (openid: string = SECRETARY) => h.call<Out<'listRelaySignals'>>('activity', openid, { action: 'listRelaySignals', activityId })

test('keys come from the platform caller: one device gives one key per activity, another activity another, and no address is kept', () => {
  const caller = { openid: 'x', deviceId: PHONE, clientIp: '203.0.113.7' }
  const a = relayKeys(h.runtime, 'act_a', caller)
  expect(relayKeys(h.runtime, 'act_a', { ...caller, openid: 'y' })).toEqual(a)
  expect(relayKeys(h.runtime, 'act_b', caller).deviceKey).not.toBe(a.deviceKey)
  expect(JSON.stringify(a)).not.toContain('203.0.113')
  expect(relayKeys(h.runtime, 'act_a', { openid: 'x' })).toEqual({ deviceKey: null, netKey: null })
})

test('the secretary sees one phone signing in two members and two members behind one address other than the room’s, within one code’s life', async () => {
  // The room: three members on its Wi-Fi.
  await scan(1, 0, { clientIp: ROOM })
  await scan(2, 5 * SEC, { clientIp: ROOM })
  await scan(3, 10 * SEC, { clientIp: ROOM })
  // Two members somewhere else behind one address, seconds apart: a relayed code.
  await scan(4, 12 * SEC, { clientIp: '203.0.113.7' })
  await scan(5, 20 * SEC, { clientIp: '203.0.113.7' })
  // One phone, two members.
  await scan(6, 25 * SEC, { deviceId: PHONE, clientIp: '198.51.100.1' })
  await scan(7, 40 * SEC, { deviceId: PHONE, clientIp: '198.51.100.2' })
  // One address, minutes apart: two codes, not one relayed.
  await scan(8, 60 * SEC, { clientIp: '198.51.100.9' })
  await scan(9, 60 * SEC + RELAY_WINDOW_MS + SEC, { clientIp: '198.51.100.9' })
  // A scan with nothing from the platform.
  await scan(10, 200 * SEC, null)

  const out = dataOf(await signals())
  expect(out).toMatchObject({ scans: 10, marked: 9 })
  expect(out.signals.map((s) => [s.kind, s.members.map((m) => m.name)])).toEqual([
    ['network', ['陈思远', '杨秀英']],
    ['device', ['赵国强', '黄丽娟']],
  ])
  expect(out.signals[1]).toMatchObject({ from: new Date(T0.getTime() + 25 * SEC).toISOString(), to: new Date(T0.getTime() + 40 * SEC).toISOString() })
  // the record keeps keys, never the address or the device id
  const rec = await recordOf(4)
  expect(rec).toMatchObject({ netKey: relayKeys(h.runtime, activityId, { openid: null, clientIp: '203.0.113.7' }).netKey, deviceKey: null })
  expect(JSON.stringify(rec)).not.toContain('203.0.113')
})

test('a burst of scans that goes through the group commit records each scan’s keys: one phone behind three members is flagged', async () => {
  at(0)
  await scan(1, 0, { clientIp: ROOM })
  const token = await code()
  const outs = await Promise.all([2, 3, 4].map((n) => signInAs(n, token, { deviceId: PHONE, clientIp: ROOM })))
  for (const o of outs) expect(dataOf(o).alreadySignedIn).toBe(false)
  for (const n of [2, 3, 4]) expect((await recordOf(n))?.deviceKey).toBe(relayKeys(h.runtime, activityId, { openid: null, deviceId: PHONE }).deviceKey)
  const out = dataOf(await signals())
  expect(out).toMatchObject({ scans: 4, marked: 4 })
  expect(out.signals.map((s) => [s.kind, s.members.length])).toEqual([['device', 3]])
})

describe('the secretary’s review of a flagged scan', () => {
  beforeEach(async () => {
    await scan(1, 0, { clientIp: ROOM })
    await scan(2, 2 * SEC, { clientIp: ROOM })
    await scan(3, 4 * SEC, { deviceId: PHONE, clientIp: ROOM })
    await scan(4, 6 * SEC, { deviceId: PHONE, clientIp: ROOM })
  })

  test('confirm keeps the scan, marks it reviewed, is audited, and a repeat changes nothing', async () => {
    expect(dataOf(await review(3, 'confirm'))).toEqual({ changed: true })
    expect(dataOf(await review(3, 'confirm'))).toEqual({ changed: false })
    const members = dataOf(await signals()).signals[0]?.members
    expect(members?.map((m) => [m.name, m.reviewed])).toEqual([[members?.[0]?.name, true], [members?.[1]?.name, false]])
    const row = (await attendance()).rows.find((r) => r.memberId === memberIdFor(h.runtime, M(3)))
    expect(row?.state).toBe('signed')
    expect(row?.audit.map((a) => [a.what, a.reason])).toEqual([['relay_confirm', '本人在场，核实无误']])
  })

  test('revoke undoes the scan exactly: the record, its points, the counters; audited; a repeat changes nothing; the member cannot scan again', async () => {
    const before = await attendance()
    const pointsSigned = await points(4)
    expect(pointsSigned).toBeGreaterThan(0)
    expect(dataOf(await review(4, 'revoke'))).toEqual({ changed: true })
    expect(dataOf(await review(4, 'revoke'))).toEqual({ changed: false })

    expect(await recordOf(4)).toMatchObject({ state: 'revoked', method: 'scan', relayReview: { decision: 'revoked', reason: '转发签到码，本人未到场' } })
    const after = await attendance()
    expect(after.counts.signed).toBe(before.counts.signed - 1)
    const row = after.rows.find((r) => r.memberId === memberIdFor(h.runtime, M(4)))
    expect(row?.state).not.toBe('signed')
    expect(row?.audit.map((a) => a.what)).toEqual(['relay_revoke'])
    expect(await points(4)).toBe(0)
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
    // one member left in the cluster: no signal any more
    expect(dataOf(await signals()).signals).toEqual([])

    at(8 * SEC)
    expect(await signInAs(4, await code(), { clientIp: ROOM })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.SIGN_IN_REVOKED' } })
  })

  test('revoking a flagged scan with no ledger entry (recorded before points were kept) revokes it and its count; nothing to reverse', async () => {
    const before = await attendance()
    const scanId = h.runtime.ids.derive('signin', activityId, memberIdFor(h.runtime, M(4)))
    expect(await h.store.remove(C.pointsEntry, h.runtime.ids.derive('points', 'scan', scanId))).toBe(true)
    expect(dataOf(await review(4, 'revoke'))).toEqual({ changed: true })
    expect((await recordOf(4))?.state).toBe('revoked')
    expect((await attendance()).counts.signed).toBe(before.counts.signed - 1)
    expect(await h.store.count(C.pointsEntry, { 'source.ref': activityId, 'source.type': 'activity_scan_revoked' })).toBe(0)
  })

  test('only a flagged scan can be reviewed; a member cannot review; nothing changes on a refusal', async () => {
    expect(await review(1, 'revoke')).toMatchObject({ status: 409, error: { code: 'ACTIVITY.NOT_FLAGGED' } })
    const counts = await h.counts()
    expect(await review(3, 'revoke', M(1))).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
    expect(await h.counts()).toEqual(counts)
    expect((await recordOf(3))?.state).toBe('active')
  })
})

test('a member cannot read the signals; the admin of the organisation can (another branch: the matrix)', async () => {
  expect(await signals(M(1))).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  expect(dataOf(await signals(DEMO.adminOpenid)).signals).toEqual([])
})

describe('detectRelays', () => {
  const at = (s: number) => new Date(T0.getTime() + s * SEC).toISOString()
  test('with no address clearly the room’s, every shared address within the window is flagged', () => {
    const found = detectRelays([
      { memberId: 'a', at: at(0), netKey: 'x' },
      { memberId: 'b', at: at(1), netKey: 'x' },
      { memberId: 'c', at: at(2), netKey: 'y' },
      { memberId: 'd', at: at(3), netKey: 'y' },
    ])
    expect(found.map((c) => c.scans.map((s) => s.memberId))).toEqual([['a', 'b'], ['c', 'd']])
  })

  test('a device or an address behind one member only is no cluster', () => {
    expect(detectRelays([
      { memberId: 'a', at: at(0), deviceKey: 'p', netKey: 'x' },
      { memberId: 'b', at: at(1), deviceKey: 'q', netKey: 'y' },
      { memberId: 'c', at: at(2), deviceKey: 'r' },
    ])).toEqual([])
  })

  test('a chain of scans each within the window of the last is one cluster; a gap over it starts another', () => {
    const w = RELAY_WINDOW_MS / SEC
    const found = detectRelays([
      { memberId: 'a', at: at(0), deviceKey: 'p' },
      { memberId: 'b', at: at(w), deviceKey: 'p' },
      { memberId: 'c', at: at(2 * w), deviceKey: 'p' },
      { memberId: 'd', at: at(3 * w + 1), deviceKey: 'p' },
    ])
    expect(found.map((c) => c.scans.map((s) => s.memberId))).toEqual([['a', 'b', 'c']])
  })
})

describe('placeOutliers and the room’s address', () => {
  const at = (s: number) => new Date(T0.getTime() + s * SEC).toISOString()
  /** Scans at the given distances (null: no location), in that order, a second apart. */
  const placed = (distances: Array<number | null>, radiusM: number) =>
    distances.map((d, i) => ({ memberId: `m${i}`, at: at(i), place: { distanceM: d, radiusM } }))
  const far = (distances: Array<number | null>, radiusM: number) => placeOutliers(placed(distances, radiusM)).map((s) => s.place?.distanceM)

  test('the median is of the sorted distances, an even count averaging the middle two', () => {
    // sorted 5 5 5 100 100: median 5, so both at 100 are far (over 10 and over 75)
    expect(far([5, 100, 100, 5, 5], 150)).toEqual([100, 100])
    // 0 20 60 110: median 40, so 110 is far (over 80 and over 100); the upper middle alone (60) would not make it
    expect(far([0, 20, 60, 110], 200)).toEqual([110])
    // 0 20 60 70 105 110: median 65, so nothing is over 130
    expect(far([0, 20, 60, 70, 105, 110], 200)).toEqual([])
  })

  test('a scan let in without a location is far; a scan at exactly twice the median or half the radius is not', () => {
    expect(far([10, null, 10], 100)).toEqual([null])
    // 30 30 30 60: median 30, so 60 (exactly twice) is not far, 61 is
    expect(far([30, 30, 30, 60], 100)).toEqual([])
    expect(far([30, 30, 30, 61], 100)).toEqual([61])
    expect(far([10, 10, 50], 100)).toEqual([]) // 50 is half the radius exactly
    expect(far([10, 10, 51], 100)).toEqual([51])
  })

  test('scans let in without a location do not count towards the median', () => {
    // the located 40 40 60: median 40, so 60 is not far (not over 80); counting the three as 0 would make it far
    expect(far([40, null, 40, null, 60, null], 100)).toEqual([null, null, null])
    // the located 10 10 100: median 10, so 100 is far with the three
    expect(far([10, null, 10, null, 100, null], 100)).toEqual([null, null, 100, null])
  })

  test('the far scans come in time order', () => {
    const scans = [
      { memberId: 'late', at: at(9), place: { distanceM: 90, radiusM: 100 } },
      { memberId: 'a', at: at(1), place: { distanceM: 5, radiusM: 100 } },
      { memberId: 'early', at: at(0), place: { distanceM: 95, radiusM: 100 } },
      { memberId: 'b', at: at(2), place: { distanceM: 5, radiusM: 100 } },
      { memberId: 'c', at: at(3), place: { distanceM: 5, radiusM: 100 } },
    ]
    expect(placeOutliers(scans).map((s) => s.memberId)).toEqual(['early', 'late'])
  })

  test('the room is the address most members scanned from, whatever the order; scans with no address do not make a room', () => {
    const found = detectRelays([
      { memberId: 'b1', at: at(0), netKey: 'b' },
      { memberId: 'b2', at: at(1), netKey: 'b' },
      { memberId: 'r1', at: at(2), netKey: 'room' },
      { memberId: 'r2', at: at(3), netKey: 'room' },
      { memberId: 'r3', at: at(4), netKey: 'room' },
      ...['n1', 'n2', 'n3', 'n4'].map((m, i) => ({ memberId: m, at: at(5 + i) })),
    ])
    expect(found.map((c) => [c.kind, c.scans.map((s) => s.memberId)])).toEqual([['network', ['b1', 'b2']]])
  })
})

describe('reviewing among several signals', () => {
  test('a member in the second of two clusters can be revoked; the ledger says why', async () => {
    await scan(1, 0, { deviceId: PHONE })
    await scan(2, 2 * SEC, { deviceId: PHONE })
    await scan(3, 4 * SEC, { deviceId: 'device-fedcba9876543210' })
    await scan(4, 6 * SEC, { deviceId: 'device-fedcba9876543210' })
    const listed = dataOf(await signals()).signals
    expect(listed).toHaveLength(2)
    // a phone's signal carries no distances (only a place signal does)
    expect(listed.flatMap((c) => c.members).some((m) => 'distanceM' in m)).toBe(false)
    expect(dataOf(await review(4, 'revoke'))).toEqual({ changed: true })
    const entries = await queryAll<{ _id: string; reason: string; source: { type: string } }>(h.store, C.pointsEntry, { where: { 'source.ref': activityId } })
    expect(entries.filter((e) => e.source.type === 'activity_scan_revoked').map((e) => e.reason)).toEqual(['撤销转发签到：主题党日（转发签到码，本人未到场）'])
  })
})

test('a review that loses the race to its twin answers "nothing changed"', async () => {
  await scan(1, 0, { deviceId: PHONE })
  await scan(2, 2 * SEC, { deviceId: PHONE })
  const inner = h.store
  const store = Object.assign(Object.create(inner) as typeof inner, {
    // the twin's transaction committed the same entry first (PostgreSQL's duplicate, staged on PGlite)
    transaction: (async () => {
      throw new DuplicateIdError(C.pointsEntry, 'the twin')
    }) as typeof inner.transaction,
  })
  const input = { activityId, memberId: memberIdFor(h.runtime, M(2)), decision: 'revoke' as const, reason: '转发签到码，本人未到场' }
  await expect(reviewRelaySignIn({ ...h.runtime, store }, { openid: SECRETARY }, input)).resolves.toEqual({ changed: false })
  await expect(reviewRelaySignIn({ ...h.runtime, store: Object.assign(Object.create(inner) as typeof inner, { transaction: async () => { throw new Error('connection lost') } }) }, { openid: SECRETARY }, input)).rejects.toThrow('connection lost')
})
