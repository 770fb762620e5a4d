import type { activity as A, points as P, z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import type { ActivityDoc } from '../../server/domain/activity/activity.docs'
import { makeToken, parseToken, STEP_MS, stepAt } from '../../server/domain/activity/sign-in-token'
import { memberIdFor } from '../../server/domain/shared/actor'
import type { MemberDoc } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

async function create(h: Harness, extra: Record<string, unknown> = {}, openid: string = SECRETARY) {
  const out = dataOf(
    await h.call<Out<'createActivity'>>('activity', openid, {
      action: 'createActivity',
      kind: 'theme_day',
      title: '11月主题党日',
      startAt: iso(10 * MIN),
      endAt: iso(120 * MIN),
      place: '春江站会议室',
      ...extra,
    }),
  )
  return out.activity
}

async function code(h: Harness, activityId: string) {
  return dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId }))
}

const signIn = (h: Harness, openid: string | null, token: string, extra: Record<string, unknown> = {}) =>
  h.call<Out<'signIn'>>('activity', openid, { action: 'signIn', token, ...extra })

async function memberId(h: Harness, openid: string) {
  return memberIdFor(h.runtime, openid)
}

/** A token signed exactly as the server signs it, with the activity's own secret, for any moment. */
async function tokenAt(h: Harness, activityId: string, at: number): Promise<string> {
  const doc = await h.store.get<ActivityDoc>('activity', activityId)
  if (!doc) throw new Error(`no activity ${activityId}`)
  return makeToken(doc.secret, activityId, new Date(at)).token
}

describe('activity: create, edit, cancel, list', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('a secretary creates an activity for their branch; members see it as upcoming', async () => {
    const a = await create(h)
    expect(a).toMatchObject({ kind: 'theme_day', kindLabel: '主题党日', branchId: DEMO.branchId, status: 'scheduled' })
    expect(a.signIn).toMatchObject({ open: true, mode: 'auto', opensAt: iso(-20 * MIN) })
    const list = dataOf(await h.call<Out<'listActivities'>>('activity', M1, { action: 'listActivities' }))
    expect(list.activities.map((x) => x.id)).toEqual([a.id])
    expect(list.activities[0]).toMatchObject({ expected: true, myState: 'pending' })
    const past = dataOf(await h.call<Out<'listActivities'>>('activity', M1, { action: 'listActivities', scope: 'past' }))
    expect(past.activities).toEqual([])
  })

  test('the same request id twice makes one activity', async () => {
    await create(h, { requestId: 'form-000000001' })
    await create(h, { requestId: 'form-000000001' })
    expect(await h.store.count('activity')).toBe(1)
  })

  test.each([
    ['an end before the start', { endAt: iso(0) }, 'endAt'],
    ['an unknown kind', { kind: 'party' }, 'kind'],
    ['a one-character title', { title: '会' }, 'title'],
    ['volunteer hours on a meeting', { kind: 'committee', volunteerHours: 2 }, 'volunteerHours'],
    ['a start that is not a date', { startAt: '明天' }, 'startAt'],
    ['an expected member from another branch', { expectedMemberIds: ['nobody_here'] }, 'expectedMemberIds'],
  ])('rejects %s with VALIDATION and writes nothing', async (_n, extra, path) => {
    const before = await h.counts()
    const r = await h.call('activity', SECRETARY, {
      action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(0), endAt: iso(60 * MIN), ...extra,
    })
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION' } })
    if (!r.ok) expect(r.error.issues?.map((i) => i.path)).toContain(path)
    expect(await h.counts()).toEqual(before)
  })

  test('members cannot create (403); the public gets 403 NOT_MEMBER; no identity 401', async () => {
    const body = { action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(0), endAt: iso(60 * MIN) }
    expect(await h.call('activity', M1, body)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
    expect(await h.call('activity', 'wx-commuter', body)).toMatchObject({ status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
    expect(await h.call('activity', null, body)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } })
  })

  test('edit and cancel: a cancelled activity refuses sign-in codes and edits; cancelling twice changes nothing', async () => {
    const a = await create(h)
    const edited = dataOf(await h.call<Out<'updateActivity'>>('activity', SECRETARY, {
      action: 'updateActivity', activityId: a.id, kind: 'party_lecture', title: '专题党课', startAt: a.startAt, endAt: a.endAt,
    }))
    expect(edited.activity).toMatchObject({ kind: 'party_lecture', title: '专题党课' })
    const c1 = dataOf(await h.call<Out<'cancelActivity'>>('activity', SECRETARY, { action: 'cancelActivity', activityId: a.id, reason: '台风停课' }))
    expect(c1).toMatchObject({ changed: true, activity: { status: 'cancelled', cancelReason: '台风停课' } })
    const c2 = dataOf(await h.call<Out<'cancelActivity'>>('activity', SECRETARY, { action: 'cancelActivity', activityId: a.id, reason: '台风停课' }))
    expect(c2.changed).toBe(false)
    expect(await h.call('activity', SECRETARY, { action: 'getSignInCode', activityId: a.id })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.CANCELLED' } })
    const stored = await h.store.get('activity', a.id)
    expect(await h.call('activity', SECRETARY, {
      action: 'updateActivity', activityId: a.id, kind: 'committee', title: '改期后的支委会', startAt: a.startAt, endAt: a.endAt,
    })).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVITY.CANCELLED' } })
    expect(await h.store.get('activity', a.id)).toEqual(stored)
  })

  test('a secretary of another branch cannot touch this activity', async () => {
    const a = await create(h)
    await h.store.insert('member', {
      _id: memberIdFor(h.runtime, 'sec-3'), openid: 'sec-3', orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '周书记', role: 'secretary', joinedAt: T0.toISOString(), joinedVia: 'seed', updatedAt: T0.toISOString(),
    } satisfies MemberDoc)
    // …and cannot even tell it exists: another branch's activity answers like an unknown id.
    expect(await h.call('activity', 'sec-3', { action: 'getSignInCode', activityId: a.id })).toMatchObject({ status: 404, error: { code: 'ACTIVITY.NOT_FOUND' } })
    expect(await h.call('activity', 'sec-3', { action: 'listAttendance', activityId: a.id })).toMatchObject({ status: 404, error: { code: 'ACTIVITY.NOT_FOUND' } })
  })
})

describe('activity.signIn with rotating codes', () => {
  let h: Harness
  let a: A.ActivityView
  beforeEach(async () => {
    h = await makeHarness()
    a = await create(h)
  })

  test('a member signs in once with the current code; a repeat answers alreadySignedIn and writes nothing', async () => {
    const { token, path } = await code(h, a.id)
    expect(path).toContain(encodeURIComponent(token))
    const first = dataOf(await signIn(h, M1, token))
    expect(first).toMatchObject({ alreadySignedIn: false, points: 2, activity: { title: '11月主题党日' } })
    const before = await h.counts()
    const again = dataOf(await signIn(h, M1, token))
    expect(again).toMatchObject({ alreadySignedIn: true, points: 0, signedAt: first.signedAt })
    expect(await h.counts()).toEqual(before)
  })

  test('the token carries no secret', async () => {
    const { token } = await code(h, a.id)
    const doc = await h.store.get<{ _id: string; secret: string }>('activity', a.id)
    expect(token).not.toContain(doc?.secret ?? 'missing')
  })

  test('the helper signs like the server: at the same moment it makes the very code the secretary is shown', async () => {
    const at = h.clock.now().getTime()
    expect(await tokenAt(h, a.id, at)).toBe((await code(h, a.id)).token)
    expect(parseToken(await tokenAt(h, a.id, at + STEP_MS))?.step).toBe(stepAt(new Date(at)) + 1)
  })

  test('the previous 15-second step is still accepted; two steps old is TOKEN_EXPIRED', async () => {
    const { token } = await code(h, a.id)
    h.clock.advance(15_000)
    expect(dataOf(await signIn(h, M1, token)).alreadySignedIn).toBe(false)
    h.clock.advance(15_000)
    expect(await signIn(h, M2, token)).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVITY.TOKEN_EXPIRED' } })
  })

  test('step boundaries to the millisecond: a code shown at the last ms of its step works until its successor ends, and not one ms longer', async () => {
    const start = stepAt(h.clock.now()) * STEP_MS
    h.clock.set(new Date(start + STEP_MS - 1))
    const { token } = await code(h, a.id)
    expect(parseToken(token)?.step).toBe(start / STEP_MS)
    h.clock.set(new Date(start + 2 * STEP_MS - 1))
    expect(dataOf(await signIn(h, M1, token)).alreadySignedIn).toBe(false)
    h.clock.set(new Date(start + 2 * STEP_MS))
    const before = await h.counts()
    expect(await signIn(h, M2, token)).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVITY.TOKEN_EXPIRED' } })
    expect(await h.counts()).toEqual(before)
  })

  test('at one moment: the current and the previous step are accepted, the step before that is TOKEN_EXPIRED', async () => {
    const now = h.clock.now().getTime()
    expect(dataOf(await signIn(h, M1, await tokenAt(h, a.id, now))).alreadySignedIn).toBe(false)
    expect(dataOf(await signIn(h, M2, await tokenAt(h, a.id, now - STEP_MS))).alreadySignedIn).toBe(false)
    const before = await h.counts()
    expect(await signIn(h, DEMO.memberOpenid(3), await tokenAt(h, a.id, now - 2 * STEP_MS))).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVITY.TOKEN_EXPIRED' } })
    expect(await h.counts()).toEqual(before)
  })

  test('a validly signed code for the next 15-second step is TOKEN_INVALID until that step comes, and writes nothing', async () => {
    const start = stepAt(h.clock.now()) * STEP_MS
    const next = await tokenAt(h, a.id, start + STEP_MS)
    const before = await h.counts()
    for (const at of [start, start + STEP_MS - 1]) {
      h.clock.set(new Date(at))
      expect(await signIn(h, M1, next)).toMatchObject({ ok: false, status: 400, error: { code: 'ACTIVITY.TOKEN_INVALID' } })
    }
    expect(await h.counts()).toEqual(before)
    // the signature was genuine all along: once its step comes, the same code signs in
    h.clock.set(new Date(start + STEP_MS))
    expect(dataOf(await signIn(h, M1, next)).alreadySignedIn).toBe(false)
  })

  test('a code from the future, a tampered code and a code of another activity are TOKEN_INVALID', async () => {
    const other = await create(h, { title: '支委会', kind: 'committee' })
    const { token } = await code(h, a.id)
    const [, id, step, mac] = token.split('.')
    // signed for its own step, so only the step rule can refuse it
    const future = await tokenAt(h, a.id, h.clock.now().getTime() + STEP_MS)
    const tampered = `s1.${id}.${step}.${(mac ?? '').replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`
    const swapped = `s1.${other.id}.${step}.${mac}`
    const before = await h.counts()
    for (const t of [future, tampered, swapped, `s1.nope.${step}.${mac}`]) {
      expect(await signIn(h, M1, t)).toMatchObject({ ok: false, status: 400, error: { code: 'ACTIVITY.TOKEN_INVALID' } })
    }
    expect(await signIn(h, M1, 'not a token')).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION' } })
    expect(await h.counts()).toEqual(before)
  })

  test('a sign-in checks the member into this activity only', async () => {
    const other = await create(h, { title: '支委会', kind: 'committee' })
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    const att = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: other.id }))
    expect(att.counts.signed).toBe(0)
  })

  test('outside the window: NOT_OPEN; the secretary can open early and close early', async () => {
    const later = await create(h, { startAt: iso(24 * 60 * MIN), endAt: iso(26 * 60 * MIN) })
    expect(await h.call('activity', SECRETARY, { action: 'getSignInCode', activityId: later.id })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.NOT_OPEN' } })
    dataOf(await h.call('activity', SECRETARY, { action: 'setSignInMode', activityId: later.id, mode: 'open' }))
    const { token } = await code(h, later.id)
    dataOf(await h.call('activity', SECRETARY, { action: 'setSignInMode', activityId: later.id, mode: 'closed' }))
    expect(await signIn(h, M1, token)).toMatchObject({ status: 409, error: { code: 'ACTIVITY.NOT_OPEN' } })
    h.clock.advance(3 * 60 * MIN)
    expect(await h.call('activity', SECRETARY, { action: 'getSignInCode', activityId: a.id })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.NOT_OPEN' } })
  })

  test('who may sign in: not the public, not another branch, not an unexpected member', async () => {
    const chosen = await create(h, { title: '党小组会', kind: 'group_meeting', expectedMemberIds: [await memberId(h, M1)] })
    const { token } = await code(h, chosen.id)
    expect(await signIn(h, 'wx-commuter', token)).toMatchObject({ status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
    expect(await signIn(h, null, token)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } })
    expect(await signIn(h, M2, token)).toMatchObject({ status: 403, error: { code: 'ACTIVITY.NOT_EXPECTED' } })
    await h.store.insert('member', {
      _id: memberIdFor(h.runtime, 'm-3'), openid: 'm-3', orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '吴三', role: 'member', joinedAt: T0.toISOString(), joinedVia: 'seed', updatedAt: T0.toISOString(),
    } satisfies MemberDoc)
    expect(await signIn(h, 'm-3', token)).toMatchObject({ status: 403, error: { code: 'ACTIVITY.OTHER_BRANCH' } })
    expect(dataOf(await signIn(h, M1, token)).alreadySignedIn).toBe(false)
  })

  test('a cancelled activity refuses a code shown before the cancellation: ACTIVITY.CANCELLED, no sign-in, no points', async () => {
    const { token } = await code(h, a.id)
    dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId: a.id, reason: '台风停课' }))
    const before = await h.counts()
    expect(await signIn(h, M1, token)).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVITY.CANCELLED' } })
    // the code is still in its step: only the cancellation refuses it
    h.clock.advance(STEP_MS)
    expect(await signIn(h, M2, token)).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVITY.CANCELLED' } })
    expect(await h.counts()).toEqual(before)
    expect(await h.store.count('activity_sign_in', { activityId: a.id })).toBe(0)
    expect(await h.store.count('points_entry', { 'source.ref': a.id })).toBe(0)
    expect(dataOf(await h.call<P.GetMyPointsOutput>('points', M1, { action: 'getMyPoints' })).total).toBe(0)
  })

  test('a location is recorded as a flag, never a gate', async () => {
    const { token } = await code(h, a.id)
    dataOf(await signIn(h, M1, token, { location: { latitude: 31.8, longitude: 119.9 } }))
    dataOf(await signIn(h, M2, token))
    const att = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    const flags = Object.fromEntries(att.rows.filter((r) => r.state === 'signed').map((r) => [r.name, r.locationFlag]))
    expect(flags).toEqual({ 李明华: 'provided', 张晓燕: 'none' })
  })

  test('each sign-in appends one points entry and getMyPoints sums them', async () => {
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    const lecture = await create(h, { kind: 'party_lecture', title: '专题党课' })
    dataOf(await signIn(h, M1, (await code(h, lecture.id)).token))
    dataOf(await signIn(h, M1, (await code(h, lecture.id)).token))
    const mine = dataOf(await h.call<P.GetMyPointsOutput>('points', M1, { action: 'getMyPoints' }))
    expect(mine.year).toBe(2026)
    expect(mine.entries).toHaveLength(2)
    expect(mine.total).toBe(4)
    expect(mine.total).toBe(mine.entries.reduce((s, e) => s + e.amount, 0))
    expect(await h.call('points', 'wx-commuter', { action: 'getMyPoints' })).toMatchObject({ status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
  })
})

describe('concurrency', () => {
  test('200 members each firing 3 concurrent sign-ins make exactly 200 sign-ins and 200 ledger entries', async () => {
    const h = await makeHarness()
    const at = T0.toISOString()
    const openids = Array.from({ length: 200 }, (_, i) => `burst-${i}`)
    await h.store.insertMany('branch', [{ _id: 'branch_big', orgId: DEMO.orgId, name: '联合党支部', createdAt: at }])
    await h.store.insertMany('member', [
      { _id: memberIdFor(h.runtime, 'big-sec'), openid: 'big-sec', orgId: DEMO.orgId, branchId: 'branch_big', name: '赵书记', role: 'secretary', joinedAt: at, joinedVia: 'seed', updatedAt: at },
      ...openids.map((o, i) => ({ _id: memberIdFor(h.runtime, o), openid: o, orgId: DEMO.orgId, branchId: 'branch_big', name: `党员${i}`, role: 'member' as const, joinedAt: at, joinedVia: 'seed', updatedAt: at })),
    ])
    const a = await create(h, { expectedMemberIds: openids.map((o) => memberIdFor(h.runtime, o)) }, 'big-sec')
    const { token } = dataOf(await h.call<Out<'getSignInCode'>>('activity', 'big-sec', { action: 'getSignInCode', activityId: a.id }))
    const results = await Promise.all(openids.flatMap((o) => [signIn(h, o, token), signIn(h, o, token), signIn(h, o, token)]))
    expect(results.every((r) => r.ok)).toBe(true)
    expect(results.filter((r) => r.ok && !r.data.alreadySignedIn)).toHaveLength(200)
    expect(await h.store.count('activity_sign_in', { activityId: a.id })).toBe(200)
    expect(await h.store.count('points_entry', { 'source.ref': a.id })).toBe(200)
    const balances = await h.store.query<{ _id: string; total: number }>('points_balance', { limit: 1000 })
    expect(balances.docs.filter((b) => b.total === 2)).toHaveLength(200)
  })
})

describe('leave and 补录', () => {
  let h: Harness
  let a: A.ActivityView
  let m1: string
  beforeEach(async () => {
    h = await makeHarness()
    a = await create(h)
    m1 = await memberId(h, M1)
  })

  test('a member asks for leave, the secretary approves; the roll shows 请假 with who decided', async () => {
    const req = dataOf(await h.call<Out<'requestLeave'>>('activity', M1, { action: 'requestLeave', activityId: a.id, reason: '值班无法参加' }))
    expect(req.leave.status).toBe('pending')
    const dec = dataOf(await h.call<Out<'decideLeave'>>('activity', SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: m1, approve: true }))
    expect(dec).toMatchObject({ changed: true, leave: { status: 'approved', decidedByName: '王建国' } })
    const again = dataOf(await h.call<Out<'decideLeave'>>('activity', SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: m1, approve: true }))
    expect(again.changed).toBe(false)
    const att = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    const row = att.rows.find((r) => r.memberId === m1)
    expect(row).toMatchObject({ state: 'leave', stateLabel: '请假', leaveReason: '值班无法参加' })
    expect(row?.audit).toEqual([expect.objectContaining({ what: 'leave_approved', byName: '王建国' })])
  })

  test('leave is refused after the end, after signing in, and for a member who asks twice it stays one record', async () => {
    dataOf(await h.call('activity', M2, { action: 'requestLeave', activityId: a.id, reason: '家中有事' }))
    dataOf(await h.call('activity', M2, { action: 'requestLeave', activityId: a.id, reason: '家中有急事' }))
    expect(await h.store.count('activity_leave')).toBe(1)
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    expect(await h.call('activity', M1, { action: 'requestLeave', activityId: a.id, reason: '值班' })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.ALREADY_SIGNED_IN' } })
    h.clock.advance(3 * 60 * MIN)
    expect(await h.call('activity', DEMO.memberOpenid(3), { action: 'requestLeave', activityId: a.id, reason: '值班' })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.ENDED' } })
    expect(await h.call('activity', M1, { action: 'decideLeave', activityId: a.id, memberId: m1, approve: true })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })

  test('补录 needs a reason, appends points once, and its revocation appends a reversing entry; both audited', async () => {
    h.clock.advance(3 * 60 * MIN)
    expect(await h.call('activity', SECRETARY, { action: 'addMakeup', activityId: a.id, memberId: m1, reason: '' })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
    const add = dataOf(await h.call<Out<'addMakeup'>>('activity', SECRETARY, { action: 'addMakeup', activityId: a.id, memberId: m1, reason: '现场签到表已签字' }))
    expect(add.changed).toBe(true)
    expect(dataOf(await h.call<Out<'addMakeup'>>('activity', SECRETARY, { action: 'addMakeup', activityId: a.id, memberId: m1, reason: '重复' })).changed).toBe(false)
    let pts = dataOf(await h.call<P.GetMyPointsOutput>('points', M1, { action: 'getMyPoints' }))
    expect(pts.total).toBe(2)
    h.clock.advance(MIN)
    const rev = dataOf(await h.call<Out<'revokeMakeup'>>('activity', SECRETARY, { action: 'revokeMakeup', activityId: a.id, memberId: m1, reason: '核实未到场' }))
    expect(rev.changed).toBe(true)
    expect(dataOf(await h.call<Out<'revokeMakeup'>>('activity', SECRETARY, { action: 'revokeMakeup', activityId: a.id, memberId: m1, reason: '核实未到场' })).changed).toBe(false)
    pts = dataOf(await h.call<P.GetMyPointsOutput>('points', M1, { action: 'getMyPoints' }))
    // the activity has ended: with the 补录 revoked the member is absent, and the absence costs 基础分 2
    expect(pts.total).toBe(-2)
    expect(pts.entries.map((e) => `${e.sourceType} ${e.amount}`).sort()).toEqual(['absence -2', 'activity_makeup 2', 'activity_makeup_revoked -2'])
    const entries = await h.store.query<{ _id: string; reverses: string | null; amount: number }>('points_entry', { where: { memberId: m1 } })
    const original = entries.docs.find((e) => e.amount === 2)
    expect(entries.docs.find((e) => e.amount === -2 && e.reverses)?.reverses).toBe(original?._id)
    // a second 补录 after the revocation earns again, under a new key
    h.clock.advance(MIN)
    dataOf(await h.call('activity', SECRETARY, { action: 'addMakeup', activityId: a.id, memberId: m1, reason: '补交了请假条以外的证明' }))
    pts = dataOf(await h.call<P.GetMyPointsOutput>('points', M1, { action: 'getMyPoints' }))
    expect(pts.total).toBe(2)
    const att = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    const row = att.rows.find((r) => r.memberId === m1)
    expect(row?.state).toBe('makeup')
    expect(row?.audit.map((x) => x.what)).toEqual(['makeup', 'revoke', 'makeup'])
    expect(row?.audit.every((x) => x.byName === '王建国')).toBe(true)
  })

  test('a scanned sign-in cannot be revoked as a 补录', async () => {
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    expect(await h.call('activity', SECRETARY, { action: 'revokeMakeup', activityId: a.id, memberId: m1, reason: '测试撤销' })).toMatchObject({ status: 409, error: { code: 'ACTIVITY.NOT_MAKEUP' } })
  })
})

describe('attendance, rates and absence alerts', () => {
  test('after the end, the roll shows 已签到 / 补录 / 请假 / 缺席 and the rate', async () => {
    const h = await makeHarness()
    const a = await create(h)
    const { token } = await code(h, a.id)
    dataOf(await signIn(h, M1, token))
    dataOf(await h.call('activity', M2, { action: 'requestLeave', activityId: a.id, reason: '值班' }))
    dataOf(await h.call('activity', SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: await memberId(h, M2), approve: true }))
    const live = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    expect(live.counts).toMatchObject({ expected: 21, signed: 1, leave: 1, pending: 19, absent: 0 })
    expect(live.rate).toBeNull()
    h.clock.advance(3 * 60 * MIN)
    dataOf(await h.call('activity', SECRETARY, { action: 'addMakeup', activityId: a.id, memberId: await memberId(h, DEMO.memberOpenid(3)), reason: '纸质签到' }))
    const after = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    expect(after.counts).toMatchObject({ expected: 21, signed: 1, makeup: 1, leave: 1, absent: 18, pending: 0 })
    expect(after.rate).toBeCloseTo(2 / 21, 3)
  })

  test('an approved leave counts in 应到 but never as attended; a pending one counts as absent', async () => {
    const h = await makeHarness()
    const a = await create(h)
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    dataOf(await h.call('activity', M2, { action: 'requestLeave', activityId: a.id, reason: '值班' }))
    dataOf(await h.call('activity', SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: await memberId(h, M2), approve: true }))
    dataOf(await h.call('activity', DEMO.memberOpenid(3), { action: 'requestLeave', activityId: a.id, reason: '家中有事' }))
    h.clock.advance(3 * 60 * MIN)

    const roll = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    expect(roll.counts).toMatchObject({ expected: 21, signed: 1, leave: 2, absent: 18 })
    expect(roll.rate).toBeCloseTo(1 / 21, 3)
    const stats = dataOf(await h.call<Out<'attendanceStats'>>('activity', SECRETARY, { action: 'attendanceStats', year: 2026 }))
    expect(stats.branch).toEqual({ expected: 21, attended: 1, rate: Math.round((1 / 21) * 1000) / 1000 })
    expect(stats.byKind).toEqual([expect.objectContaining({ kind: 'theme_day', expected: 21, attended: 1 })])
    expect(stats.byMonth.find((m) => m.month === 11)).toMatchObject({ expected: 21, attended: 1 })
    const byName = Object.fromEntries(stats.byMember.map((m) => [m.name, m]))
    expect(byName['李明华']).toMatchObject({ expected: 1, attended: 1, leave: 0, absent: 0, rate: 1 })
    expect(byName['张晓燕']).toMatchObject({ expected: 1, attended: 0, leave: 1, absent: 0, rate: 0 })
    expect(byName['刘建军']).toMatchObject({ expected: 1, attended: 0, leave: 0, absent: 1, rate: 0 })
    const mine = dataOf(await h.call<Out<'myAttendance'>>('activity', M2, { action: 'myAttendance', year: 2026 }))
    expect(mine.summary).toEqual({ expected: 1, attended: 0, rate: 0 })
    expect(mine.items.map((i) => i.stateLabel)).toEqual(['请假'])
  })

  test('members who joined after an activity ended are not expected at it; one who joined before its end is', async () => {
    const h = await makeHarness()
    const a = await create(h)
    const { code: invite } = dataOf(await h.call<{ code: string }>('member', SECRETARY, { action: 'createInvite', maxUses: 10 }))
    const join = async (openid: string, name: string, at: string) => {
      h.clock.set(at)
      dataOf(await h.call('member', openid, { action: 'joinBranch', code: invite, name }))
    }
    await join('wx-during', '陈在会', new Date(new Date(a.endAt).getTime() - 1).toISOString())
    await join('wx-at-end', '周刚到', a.endAt)
    await join('wx-later', '孙后来', iso(3 * 60 * MIN))
    h.clock.set(iso(4 * 60 * MIN))

    const roll = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId: a.id }))
    expect(roll.counts.expected).toBe(22)
    const names = roll.rows.map((r) => r.name)
    expect(names).toContain('陈在会')
    expect(names).not.toContain('周刚到')
    expect(names).not.toContain('孙后来')
    const stats = dataOf(await h.call<Out<'attendanceStats'>>('activity', SECRETARY, { action: 'attendanceStats', year: 2026 }))
    expect(stats.branch).toMatchObject({ expected: 22, attended: 0 })
    const byName = Object.fromEntries(stats.byMember.map((m) => [m.name, m]))
    expect(byName['陈在会']).toMatchObject({ expected: 1, absent: 1 })
    expect(byName['周刚到']).toMatchObject({ expected: 0, absent: 0, rate: null })
    expect(byName['孙后来']).toMatchObject({ expected: 0, absent: 0, rate: null })
    for (const openid of ['wx-at-end', 'wx-later']) {
      const mine = dataOf(await h.call<Out<'myAttendance'>>('activity', openid, { action: 'myAttendance', year: 2026 }))
      expect({ openid, summary: mine.summary, items: mine.items }).toEqual({ openid, summary: { expected: 0, attended: 0, rate: null }, items: [] })
    }
    const { alerts } = dataOf(await h.call<Out<'absenceAlerts'>>('activity', SECRETARY, { action: 'absenceAlerts', year: 2026 }))
    expect(alerts).toEqual([])
  })

  test('3 unexcused absences in a year, or 3 in a row, are listed with the activities; attending breaks a streak', async () => {
    const h = await makeHarness()
    // five past activities a day apart, in 2026
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const a = await create(h, { title: `第${i + 1}次党小组会`, kind: 'group_meeting', startAt: iso((i * 24 * 60 + 10) * MIN), endAt: iso((i * 24 * 60 + 70) * MIN) })
      ids.push(a.id)
    }
    const attend = async (openid: string, i: number) => {
      h.clock.set(iso(i * 24 * 60 * MIN + 15 * MIN))
      const token = dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId: ids[i] })).token
      dataOf(await signIn(h, openid, token))
    }
    // M1 misses 1,2,3 in a row; M2 misses 1,3,5 (3 in the year, never 3 in a row); M3 attends all but one
    for (const i of [3, 4]) await attend(M1, i)
    for (const i of [1, 3]) await attend(M2, i)
    for (const i of [0, 1, 2, 3]) await attend(DEMO.memberOpenid(3), i)
    h.clock.set(iso(6 * 24 * 60 * MIN))
    const { alerts } = dataOf(await h.call<Out<'absenceAlerts'>>('activity', SECRETARY, { action: 'absenceAlerts', year: 2026 }))
    const byName = Object.fromEntries(alerts.map((x) => [x.name, x]))
    expect(byName['李明华']).toMatchObject({ reasons: ['total', 'streak'], unexcused: 3, longestStreak: 3 })
    expect(byName['李明华']?.activities.map((x) => x.title)).toEqual(['第1次党小组会', '第2次党小组会', '第3次党小组会'])
    expect(byName['张晓燕']).toMatchObject({ reasons: ['total'], unexcused: 3, longestStreak: 1 })
    expect(byName['刘建军']).toBeUndefined()
    expect(await h.call('activity', M1, { action: 'absenceAlerts', year: 2026 })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })

    const stats = dataOf(await h.call<Out<'attendanceStats'>>('activity', SECRETARY, { action: 'attendanceStats', year: 2026 }))
    expect(stats.branch).toMatchObject({ expected: 5 * 21, attended: 2 + 2 + 4 })
    expect(stats.byKind).toEqual([expect.objectContaining({ kind: 'group_meeting', kindLabel: '党小组会', expected: 105 })])
    expect(stats.byMonth.find((m) => m.month === 11)).toMatchObject({ expected: 105 })
    expect(stats.byMember.find((m) => m.name === '刘建军')).toMatchObject({ expected: 5, attended: 4, absent: 1, rate: 0.8 })

    const mine = dataOf(await h.call<Out<'myAttendance'>>('activity', M2, { action: 'myAttendance', year: 2026 }))
    expect(mine.summary).toMatchObject({ expected: 5, attended: 2, rate: 0.4 })
    expect(mine.items.map((i) => i.stateLabel)).toEqual(['缺席', '已签到', '缺席', '已签到', '缺席'])
  })

  test('a member reads back the leave they asked for; the secretary sees pending leaves per activity and in total, a member never', async () => {
    const h = await makeHarness()
    const a = await create(h)
    dataOf(await h.call('activity', M1, { action: 'requestLeave', activityId: a.id, reason: '当日值班，无法参加' }))
    const mine = dataOf(await h.call<Out<'getActivity'>>('activity', M1, { action: 'getActivity', activityId: a.id })).activity
    expect(mine.myLeave).toMatchObject({ reason: '当日值班，无法参加', status: 'pending', decidedAt: null })
    expect(mine.pendingLeaves).toBeUndefined()
    const list = dataOf(await h.call<Out<'listActivities'>>('activity', SECRETARY, { action: 'listActivities' }))
    expect(list.pendingLeaveTotal).toBe(1)
    expect(list.activities.find((x) => x.id === a.id)?.pendingLeaves).toBe(1)
    const asMember = dataOf(await h.call<Out<'listActivities'>>('activity', M2, { action: 'listActivities' }))
    expect(asMember.pendingLeaveTotal).toBeUndefined()
    expect(asMember.activities[0]?.pendingLeaves).toBeUndefined()
    h.clock.advance(15 * MIN)
    dataOf(await h.call('activity', SECRETARY, { action: 'decideLeave', activityId: a.id, memberId: await memberId(h, M1), approve: false }))
    const after = dataOf(await h.call<Out<'getActivity'>>('activity', M1, { action: 'getActivity', activityId: a.id })).activity
    expect(after.myLeave).toMatchObject({ status: 'rejected', decidedByName: '王建国' })
    expect(dataOf(await h.call<Out<'listActivities'>>('activity', SECRETARY, { action: 'listActivities' })).pendingLeaveTotal).toBe(0)
  })

  test('the secretary sees the live count of an activity whose sign-in is open; a member does not', async () => {
    const h = await makeHarness()
    const a = await create(h)
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    const list = dataOf(await h.call<Out<'listActivities'>>('activity', SECRETARY, { action: 'listActivities' }))
    expect(list.activities.find((x) => x.id === a.id)?.liveCount).toEqual({ signed: 1, expected: 21 })
    const asMember = dataOf(await h.call<Out<'listActivities'>>('activity', M2, { action: 'listActivities' }))
    expect(asMember.activities.find((x) => x.id === a.id)?.liveCount).toBeUndefined()
  })

  test('my attendance counts a sign-in to an ongoing activity at once: the header agrees with the list', async () => {
    const h = await makeHarness()
    const a = await create(h)
    const b = await create(h, { title: '另一场主题党日' })
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    // both activities are under way; M1 signed in to one, not yet to the other
    const mine = dataOf(await h.call<Out<'myAttendance'>>('activity', M1, { action: 'myAttendance', year: 2026 }))
    expect(mine.items.find((i) => i.activity.id === a.id)?.stateLabel).toBe('已签到')
    expect(mine.items.find((i) => i.activity.id === b.id)?.state).toBe('pending')
    expect(mine.summary).toEqual({ expected: 1, attended: 1, rate: 1 })
    h.clock.advance(3 * 60 * MIN)
    const later = dataOf(await h.call<Out<'myAttendance'>>('activity', M1, { action: 'myAttendance', year: 2026 }))
    expect(later.summary).toEqual({ expected: 2, attended: 1, rate: 0.5 })
  })

  test('a plain member asking for the branch\'s per-member statistics is FORBIDDEN', async () => {
    const h = await makeHarness()
    const a = await create(h)
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    h.clock.advance(3 * 60 * MIN)
    for (const event of [{ year: 2026 }, { year: 2026, branchId: DEMO.branchId }]) {
      expect(await h.call('activity', M1, { action: 'attendanceStats', ...event })).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } })
    }
    expect(await h.call('activity', 'wx-commuter', { action: 'attendanceStats', year: 2026 })).toMatchObject({ ok: false, status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
    expect(await h.call('activity', null, { action: 'attendanceStats', year: 2026 })).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED' } })
    // their own figures are what a member may read
    expect(dataOf(await h.call<Out<'myAttendance'>>('activity', M1, { action: 'myAttendance', year: 2026 })).summary).toMatchObject({ expected: 1, attended: 1 })
  })

  test('an admin reads stats of a branch they name', async () => {
    const h = await makeHarness()
    const stats = dataOf(await h.call<Out<'attendanceStats'>>('activity', ADMIN, { action: 'attendanceStats', year: 2026, branchId: DEMO.branchId }))
    expect(stats.branch).toEqual({ expected: 0, attended: 0, rate: null })
  })
})

describe('Excel exports', () => {
  test("an activity's attendance and the year's summary open as real workbooks with the rows", async () => {
    const h = await makeHarness()
    const a = await create(h)
    dataOf(await signIn(h, M1, (await code(h, a.id)).token))
    h.clock.advance(3 * 60 * MIN)
    const one = dataOf(await h.call<Out<'exportAttendance'>>('activity', SECRETARY, { action: 'exportAttendance', activityId: a.id }))
    expect(one.fileName).toMatch(/^出勤_11月主题党日_2026-11-20\.xlsx$/)
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(one.base64, 'base64') as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('出勤明细')
    const rows: string[][] = []
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(rows[1]).toEqual(['姓名', '状态', '签到时间', '位置', '请假原因', '补录与审批记录'])
    expect(rows.find((r) => r[0] === '李明华')?.[1]).toBe('已签到')
    expect(rows.filter((r) => r[1] === '缺席')).toHaveLength(20)

    const year = dataOf(await h.call<Out<'exportYear'>>('activity', SECRETARY, { action: 'exportYear', year: 2026 }))
    const wb2 = new ExcelJS.Workbook()
    await wb2.xlsx.load(Buffer.from(year.base64, 'base64') as unknown as ArrayBuffer)
    expect(wb2.worksheets.map((s) => s.name)).toEqual(['党员出勤', '按类型', '按月份'])
    expect(await h.call('activity', M1, { action: 'exportAttendance', activityId: a.id })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })
})
