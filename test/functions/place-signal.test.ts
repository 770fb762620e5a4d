/**
 * The place relay signal (issue 13, relay-signals.ts `placeOutliers`): under a place check, scans let
 * in without a location and scans far from where the rest stood are listed as one `place` group for
 * the secretary, who confirms or revokes them as for the device and network kinds; the attendance
 * rows carry each scan's distance, and the code's path tells the check-in page to locate first.
 * Through the real `activity` function on PGlite.
 */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import type { SignInDoc } from '../../server/domain/activity/activity.docs'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { detectRelays, placeOutliers, type Scan } from '../../server/domain/activity/relay-signals'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const ROOM = { lat: 30.2741, lng: 120.1551 }
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180
const north = (m: number) => ({ latitude: ROOM.lat + m / M_PER_DEG, longitude: ROOM.lng })

describe('placeOutliers (pure)', () => {
  const scan = (memberId: string, distanceM: number | null, radiusM = 200, at = '2026-03-01T01:00:00.000Z'): Scan => ({ memberId, at, place: { distanceM, radiusM } })

  test('a scan without a location, and one beyond twice the median and half the radius, are picked; the rest are not', () => {
    const scans = [scan('a', 10), scan('b', 20), scan('c', 15), scan('d', 30), scan('e', null), scan('f', 150), scan('g', 90)]
    // located: 10 15 20 30 90 150 → median 25; f: 150 > 50 and > 100 → picked; g: 90 > 50 but not > 100 → not
    expect(placeOutliers(scans).map((s) => s.memberId)).toEqual(['e', 'f'])
  })

  test('half the radius is a floor: in a room where everyone stood 5 m off, the one at 15 m is not flagged', () => {
    expect(placeOutliers([scan('a', 5, 100), scan('b', 4, 100), scan('c', 6, 100), scan('d', 15, 100)])).toEqual([])
    expect(placeOutliers([scan('a', 5, 100), scan('b', 4, 100), scan('c', 6, 100), scan('d', 51, 100)]).map((s) => s.memberId)).toEqual(['d'])
  })

  test('twice the median is a floor too: members spread evenly over a wide radius are not flagged', () => {
    const spread = [300, 600, 900, 1200, 1500].map((d, i) => scan(`m${i}`, d, 2000))
    expect(placeOutliers(spread)).toEqual([])
  })

  test('scans without a place check are never picked, and detectRelays adds the group only when there is one', () => {
    const plain: Scan[] = [{ memberId: 'a', at: '2026-03-01T01:00:00.000Z' }, { memberId: 'b', at: '2026-03-01T01:00:05.000Z', place: null }]
    expect(placeOutliers(plain)).toEqual([])
    expect(detectRelays(plain)).toEqual([])
    const found = detectRelays([scan('a', 10, 200, '2026-03-01T01:00:09.000Z'), scan('b', null, 200, '2026-03-01T01:00:01.000Z')])
    expect(found).toEqual([{ kind: 'place', scans: [expect.objectContaining({ memberId: 'b' })] }])
  })
})

describe('through the activity function', () => {
  let h: Harness
  let activityId: string

  const create = async (placeCheck: unknown) =>
    dataOf(
      await h.call<Out<'createActivity'>>('activity', SECRETARY, {
        action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(-10 * MIN), endAt: iso(110 * MIN), place: '春江站会议室', placeCheck,
      }),
    ).activity
  const code = async (id = activityId) => dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId: id }))
  const signIn = async (n: number, location?: ReturnType<typeof north>, id = activityId) => {
    h.clock.advance(2000)
    return dataOf(await h.call<Out<'signIn'>>('activity', M(n), { action: 'signIn', token: (await code(id)).token, ...(location ? { location } : {}) }))
  }
  const signals = async (id = activityId) => dataOf(await h.call<Out<'listRelaySignals'>>('activity', SECRETARY, { action: 'listRelaySignals', activityId: id }))
  const review = (n: number, decision: 'confirm' | 'revoke') =>
    h.call<Out<'reviewRelaySignIn'>>('activity', SECRETARY, { action: 'reviewRelaySignIn', activityId, memberId: memberIdFor(h.runtime, M(n)), decision, reason: decision === 'confirm' ? '本人在场，手机定位偏差' : '本人未到场' })
  const idOf = (n: number) => memberIdFor(h.runtime, M(n))

  beforeEach(async () => {
    h = await makeHarness()
    activityId = (await create({ ...ROOM, radiusM: 200, missing: 'flag' })).id
    // the room: four members near the point, one without a location, one far off (inside the radius), one halfway
    for (const [n, d] of [[1, 10], [2, 20], [3, 15], [4, 30], [5, null], [6, 150], [7, 90]] as const) await signIn(n, d === null ? undefined : north(d))
  })

  test('the code tells the check-in page to locate first only when the activity checks the place', async () => {
    expect((await code()).path).toMatch(/\?t=s1\.[^&]+&l=1$/)
    const plain = await create(null)
    expect((await code(plain.id)).path).not.toContain('l=1')
  })

  test('the secretary sees one place group: the member without a location and the one far from the rest, with their distances, in time order', async () => {
    const out = await signals()
    expect(out.signals).toEqual([
      {
        kind: 'place',
        from: expect.any(String),
        to: expect.any(String),
        members: [
          { id: idOf(5), name: expect.any(String), signedAt: expect.any(String), reviewed: false, distanceM: null },
          { id: idOf(6), name: expect.any(String), signedAt: expect.any(String), reviewed: false, distanceM: 150 },
        ],
      },
    ])
    expect(Date.parse(out.signals[0]?.from ?? '')).toBeLessThan(Date.parse(out.signals[0]?.to ?? ''))
    expect(out.scans).toBe(7)
  })

  test('the attendance rows carry each scan\'s distance, null for the one without a location, none for a 补录', async () => {
    dataOf(await h.call('activity', SECRETARY, { action: 'addMakeup', activityId, memberId: idOf(8), reason: '现场签到表补录' }))
    const rows = new Map(dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId })).rows.map((r) => [r.memberId, r]))
    expect(rows.get(idOf(1))?.place).toEqual({ distanceM: 10, radiusM: 200 })
    expect(rows.get(idOf(5))?.place).toEqual({ distanceM: null, radiusM: 200 })
    expect(rows.get(idOf(6))?.place).toEqual({ distanceM: 150, radiusM: 200 })
    expect(rows.get(idOf(8))).toMatchObject({ state: 'makeup', place: null })
    expect(rows.get(idOf(9))).toMatchObject({ state: 'pending', place: null })
  })

  test('确认本人 keeps the far scan marked reviewed; 撤销签到 takes the one without a location back; an unflagged scan cannot be reviewed', async () => {
    expect(dataOf(await review(6, 'confirm'))).toEqual({ changed: true })
    expect(dataOf(await review(6, 'confirm'))).toEqual({ changed: false })
    expect(dataOf(await review(5, 'revoke'))).toEqual({ changed: true })
    const rec = await h.store.get<SignInDoc>(C.activitySignIn, h.runtime.ids.derive('signin', activityId, idOf(5)))
    expect(rec).toMatchObject({ state: 'revoked', relayReview: { decision: 'revoked' } })
    const out = await signals()
    expect(out.signals).toEqual([expect.objectContaining({ kind: 'place', members: [expect.objectContaining({ id: idOf(6), reviewed: true, distanceM: 150 })] })])
    // the member at 90 m and one at 10 m are not flagged
    for (const n of [7, 1]) expect(await review(n, 'revoke')).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FLAGGED' } })
    const att = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId }))
    expect(att.counts.signed).toBe(6)
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
  })

  test('an activity without a place check has no place group, whatever locations its scans sent', async () => {
    const plain = await create(null)
    await signIn(1, north(5), plain.id)
    await signIn(2, north(400_000), plain.id)
    await signIn(3, undefined, plain.id)
    expect((await signals(plain.id)).signals).toEqual([])
  })
})
