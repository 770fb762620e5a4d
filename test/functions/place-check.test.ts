/**
 * Place check (issue 13, place-check.ts): an activity's point and radius gate members' scans of its
 * rotating code — inside or on the edge signs in, outside is refused with the distance, no location
 * is refused or flagged as the secretary chose — on the single and the group-commit path, through
 * the real `activity` function on PGlite. The personal-code scan and 补录 are not place-checked.
 */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import type { SignInDoc } from '../../server/domain/activity/activity.docs'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { distanceM, formatDistance } from '../../server/domain/activity/place-check'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

/** 春江站会议室, and a point `m` metres due north of it (one degree of latitude is R·π/180 m). */
const ROOM = { lat: 30.2741, lng: 120.1551 }
const M_PER_DEG = (6_371_008.8 * Math.PI) / 180
const north = (m: number, accuracy?: number) => ({ latitude: ROOM.lat + m / M_PER_DEG, longitude: ROOM.lng, ...(accuracy === undefined ? {} : { accuracy }) })

describe('the distance (pure)', () => {
  test('due north is the latitude difference; a known pair within a metre; the wording in 米 and 公里', () => {
    expect(distanceM(ROOM, { lat: ROOM.lat + 200 / M_PER_DEG, lng: ROOM.lng })).toBeCloseTo(200, 6)
    // 杭州东站 ↔ 杭州站 (WGS-84), about 6.1 km by the Vincenty formula; haversine on the mean sphere within 0.5 %
    const d = distanceM({ lat: 30.2906, lng: 120.2128 }, { lat: 30.2437, lng: 120.1788 })
    expect(d).toBeGreaterThan(6000)
    expect(d).toBeLessThan(6200)
    expect(formatDistance(183.4)).toBe('约 183 米')
    expect(formatDistance(2449)).toBe('约 2.4 公里')
    expect(formatDistance(999.6)).toBe('约 1000 米')
    expect(formatDistance(1000)).toBe('约 1.0 公里')
  })
})

describe('through the activity function', () => {
  let h: Harness
  let seq = 0

  const create = async (fields: Record<string, unknown> = {}) =>
    dataOf(
      await h.call<Out<'createActivity'>>('activity', SECRETARY, {
        action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(-10 * MIN), endAt: iso(110 * MIN), place: '春江站会议室',
        placeCheck: { ...ROOM, radiusM: 200, missing: 'refuse' }, ...fields,
      }),
    ).activity
  const tokenOf = async (activityId: string) => dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId })).token
  const signIn = (openid: string, token: string, location?: ReturnType<typeof north>) =>
    h.call<Out<'signIn'>>('activity', openid, { action: 'signIn', token, ...(location ? { location } : {}) })
  const recordOf = (activityId: string, openid: string) => h.store.get<SignInDoc>(C.activitySignIn, h.runtime.ids.derive('signin', activityId, memberIdFor(h.runtime, openid)))

  beforeEach(async () => {
    h = await makeHarness()
  })

  test('the activity keeps its point and radius and shows them; an edit without placeCheck keeps it, null turns it off', async () => {
    const a = await create()
    expect(a.placeCheck).toEqual({ ...ROOM, radiusM: 200, missing: 'refuse' })
    expect(dataOf(await h.call<Out<'getActivity'>>('activity', M1, { action: 'getActivity', activityId: a.id })).activity.placeCheck).toEqual(a.placeCheck)
    const base = { action: 'updateActivity', activityId: a.id, kind: 'theme_day', title: '主题党日（改）', startAt: a.startAt, endAt: a.endAt }
    expect(dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, base)).activity.placeCheck).toEqual(a.placeCheck)
    const changed = { ...ROOM, radiusM: 500, missing: 'flag' }
    expect(dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, { ...base, placeCheck: changed })).activity.placeCheck).toEqual(changed)
    expect(dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, { ...base, placeCheck: null })).activity.placeCheck).toBeNull()
    // and one created without it has none
    expect((await create({ placeCheck: undefined, title: '支部党员大会' })).placeCheck).toBeNull()
  })

  test('inside the radius and on its edge sign in, with the distance on the record; 1 m beyond is refused with the distance and writes nothing', async () => {
    const a = await create()
    const token = await tokenOf(a.id)
    expect(dataOf(await signIn(M1, token, north(120, 30)))).toMatchObject({ alreadySignedIn: false, points: 2 })
    expect((await recordOf(a.id, M1))?.place).toEqual({ distanceM: 120, radiusM: 200 })
    expect(dataOf(await signIn(M2, token, north(200)))).toMatchObject({ alreadySignedIn: false })
    expect((await recordOf(a.id, M2))?.place).toEqual({ distanceM: 200, radiusM: 200 })

    const m3 = DEMO.memberOpenid(3)
    const before = await h.counts()
    const out = await signIn(m3, token, north(201))
    expect(out).toMatchObject({ ok: false, status: 403, error: { code: 'ACTIVITY.OUT_OF_RANGE', message: '您距离活动地点约 201 米，超出签到范围（200 米）' } })
    const far = await signIn(m3, token, north(2449))
    expect(far).toMatchObject({ error: { code: 'ACTIVITY.OUT_OF_RANGE', message: '您距离活动地点约 2.4 公里，超出签到范围（200 米）' } })
    // the accuracy the client reports widens nothing
    expect(await signIn(m3, token, north(300, 5000))).toMatchObject({ error: { code: 'ACTIVITY.OUT_OF_RANGE' } })
    expect(await h.counts()).toEqual(before)
    // the member who walks in signs in
    expect(dataOf(await signIn(m3, token, north(50))).alreadySignedIn).toBe(false)
  })

  test('a member already signed in who scans again from far away is told they are signed in', async () => {
    const a = await create()
    const token = await tokenOf(a.id)
    const first = dataOf(await signIn(M1, token, north(10)))
    h.clock.advance(5000)
    expect(dataOf(await signIn(M1, token, north(5000)))).toEqual({ ...first, alreadySignedIn: true, points: 0 })
    expect(dataOf(await signIn(M1, token))).toMatchObject({ alreadySignedIn: true })
  })

  test('no location: refused LOCATION_REQUIRED when the secretary chose refuse; signed in and flagged when flag', async () => {
    const refuse = await create()
    expect(await signIn(M1, await tokenOf(refuse.id))).toMatchObject({ ok: false, status: 400, error: { code: 'ACTIVITY.LOCATION_REQUIRED' } })
    expect(await h.store.count(C.activitySignIn)).toBe(0)
    expect(await h.store.count(C.pointsEntry)).toBe(0)

    const flag = await create({ title: '志愿服务', placeCheck: { ...ROOM, radiusM: 200, missing: 'flag' } })
    const token = await tokenOf(flag.id)
    expect(dataOf(await signIn(M1, token))).toMatchObject({ alreadySignedIn: false, points: 2 })
    expect(await recordOf(flag.id, M1)).toMatchObject({ locationFlag: 'none', location: null, place: { distanceM: null, radiusM: 200 } })
    // flag lets a missing location in, never a far one
    expect(await signIn(M2, token, north(900))).toMatchObject({ error: { code: 'ACTIVITY.OUT_OF_RANGE' } })
  })

  test('without a place check nothing changes: any location or none signs in, and the record has no place', async () => {
    const a = await create({ placeCheck: null })
    const token = await tokenOf(a.id)
    expect(dataOf(await signIn(M1, token, north(500_000))).alreadySignedIn).toBe(false)
    expect(dataOf(await signIn(M2, token)).alreadySignedIn).toBe(false)
    const r1 = await recordOf(a.id, M1)
    expect(r1).toMatchObject({ locationFlag: 'provided' })
    expect(r1?.place).toBeUndefined()
    expect((await recordOf(a.id, M2))?.place).toBeUndefined()
  })

  test('a burst (the group-commit path) signs in the near and refuses the far, each with its own answer', async () => {
    const a = await create()
    const token = await tokenOf(a.id)
    const members = Array.from({ length: 12 }, (_, i) => DEMO.memberOpenid(i + 1))
    const results = await Promise.all(members.map((o, i) => signIn(o, token, north(i % 2 ? 1000 + i : 10 * i))))
    results.forEach((r, i) => {
      if (i % 2) expect(r).toMatchObject({ ok: false, error: { code: 'ACTIVITY.OUT_OF_RANGE', message: `您距离活动地点约 ${(Math.round((1000 + i) / 100) / 10).toFixed(1)} 公里，超出签到范围（200 米）` } })
      else expect(r).toMatchObject({ ok: true, data: { alreadySignedIn: false, points: 2 } })
    })
    expect(await h.store.count(C.activitySignIn, { activityId: a.id })).toBe(6)
    expect((await recordOf(a.id, members[4] ?? ''))?.place).toEqual({ distanceM: 40, radiusM: 200 })
    expect(await h.store.get(C.attendanceActivity, a.id)).toMatchObject({ signed: 6 })
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])
  })

  test('the secretary\'s personal-code scan and 补录 are not place-checked', async () => {
    const personal = await create({ codeMode: 'personal', title: '支委会' })
    const { code } = dataOf(await h.call<Out<'getMyPersonalCode'>>('activity', M1, { action: 'getMyPersonalCode' }))
    expect(dataOf(await h.call<Out<'signInByPersonalCode'>>('activity', SECRETARY, { action: 'signInByPersonalCode', activityId: personal.id, code, requestId: `req-place-${++seq}` }))).toMatchObject({ alreadySignedIn: false })
    expect((await recordOf(personal.id, M1))?.place).toBeUndefined()
    const makeup = await h.call<Out<'addMakeup'>>('activity', SECRETARY, { action: 'addMakeup', activityId: personal.id, memberId: memberIdFor(h.runtime, M2), reason: '手机没电，现场确认' })
    expect(dataOf(makeup)).toEqual({ changed: true })
  })

  test('a bad point, radius or choice is refused by the contract, in Chinese, and nothing is written', async () => {
    const before = await h.counts()
    const bad: [Record<string, unknown>, string, string][] = [
      [{ ...ROOM, lat: 91, radiusM: 200, missing: 'refuse' }, 'placeCheck.lat', '纬度须在 -90 到 90 之间'],
      [{ ...ROOM, lng: -181, radiusM: 200, missing: 'refuse' }, 'placeCheck.lng', '经度须在 -180 到 180 之间'],
      [{ lat: '30.27', lng: ROOM.lng, radiusM: 200, missing: 'refuse' }, 'placeCheck.lat', '请填写活动地点的纬度'],
      [{ lng: ROOM.lng, radiusM: 200, missing: 'refuse' }, 'placeCheck.lat', '请填写活动地点的纬度'],
      [{ ...ROOM, radiusM: 49, missing: 'refuse' }, 'placeCheck.radiusM', '签到范围至少 50 米'],
      [{ ...ROOM, radiusM: 5001, missing: 'refuse' }, 'placeCheck.radiusM', '签到范围最多 5000 米'],
      [{ ...ROOM, radiusM: 100.5, missing: 'refuse' }, 'placeCheck.radiusM', '签到范围须为整数米'],
      [{ ...ROOM, radiusM: 200, missing: 'maybe' }, 'placeCheck.missing', '请选择无定位时的处理方式'],
    ]
    for (const [placeCheck, path, message] of bad) {
      const out = await h.call('activity', SECRETARY, { action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(10 * MIN), endAt: iso(70 * MIN), placeCheck })
      expect(out).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION' } })
      if (out.ok) continue
      expect(out.error.issues).toContainEqual({ path, message })
    }
    expect(await h.counts()).toEqual(before)
    // and a sign-in's location outside the globe never reaches the check
    const a = await create()
    expect(await signIn(M1, await tokenOf(a.id), { latitude: 95, longitude: 0 })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
  })
})
