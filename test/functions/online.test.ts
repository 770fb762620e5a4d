/** 流动党员 online participation through the real `member` and `activity` functions on PGlite, with the harness's fixed clock. */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import type { memberActions } from '../../contracts/member.contract'
import { repairAttendanceCounters } from '../../server/domain/activity/attendance-repair'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { DuplicateIdError, queryAll } from '../../server/store/document-store'
import { joinOnline, onlineCodeOf } from '../../server/domain/activity/online.usecases'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dumpStore } from '../support/dump'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>
type MOut<K extends keyof typeof memberActions> = z.infer<(typeof memberActions)[K]['output']>

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const OTHER_MEMBER = 'online-other-member'
const OTHER_SECRETARY = 'online-other-secretary'
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

let h: Harness
let activityId: string
let m1: string
let m2: string
let seq = 0
const rid = () => `req-online-${String(++seq).padStart(4, '0')}`

beforeEach(async () => {
  h = await makeHarness()
  const at = T0.toISOString()
  for (const [openid, role, name] of [[OTHER_MEMBER, 'member', '外支部员'], [OTHER_SECRETARY, 'secretary', '外支书记']] as const) {
    // 流动 on their own branch's word: a mark does not let them into another branch's activity
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, openid), openid, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name, role, joinedAt: at, joinedVia: 'seed', updatedAt: at, mobile: { place: '上海', until: null } })
  }
  m1 = memberIdFor(h.runtime, M1)
  m2 = memberIdFor(h.runtime, M2)
  // Under way: started 10 minutes ago, sign-in open.
  const created = dataOf(
    await h.call<Out<'createActivity'>>('activity', SECRETARY, { action: 'createActivity', kind: 'party_congress', title: '11月支部党员大会', startAt: iso(-10 * MIN), endAt: iso(110 * MIN), place: '春江站会议室' }),
  )
  activityId = created.activity.id
})

const setMobile = (openid: string | null, memberId: string, mobile: { place: string; until: string | null } | null) =>
  h.call<MOut<'setMobile'>>('member', openid, { action: 'setMobile', memberId, mobile })
const open = (openid: string | null = SECRETARY, requestId = rid()) => h.call<Out<'openOnlineCode'>>('activity', openid, { action: 'openOnlineCode', activityId, requestId })
const join = (openid: string | null, code: string, requestId = rid()) => h.call<Out<'joinOnline'>>('activity', openid, { action: 'joinOnline', activityId, code, requestId })

async function expectNothingChanged(call: () => Promise<unknown>) {
  const before = await dumpStore(h.store)
  await call()
  expect(await dumpStore(h.store)).toEqual(before)
}

describe('marking a member 流动', () => {
  test('the secretary marks and clears; the roll shows the mark; each change leaves one audit line, a repeat none', async () => {
    const set = dataOf(await setMobile(SECRETARY, m1, { place: '江苏苏州', until: '2026-12-31' }))
    expect(set).toMatchObject({ changed: true, member: { id: m1, mobile: { place: '江苏苏州', until: '2026-12-31' } } })
    expect(dataOf(await setMobile(SECRETARY, m1, { place: '江苏苏州', until: '2026-12-31' })).changed).toBe(false)
    const roll = dataOf(await h.call<MOut<'listMembers'>>('member', SECRETARY, { action: 'listMembers' }))
    expect(roll.members.find((m) => m.id === m1)?.mobile).toEqual({ place: '江苏苏州', until: '2026-12-31' })
    expect(roll.members.find((m) => m.id === m2)?.mobile).toBeNull()
    expect(dataOf(await setMobile(SECRETARY, m1, null))).toMatchObject({ changed: true, member: { mobile: null } })
    const audit = await queryAll<{ _id: string; memberId: string; what: string; byName: string }>(h.store, C.memberAudit, {})
    expect(audit.map((a) => `${a.what} ${a.byName}`).sort()).toEqual(['mobile_cleared 王建国', 'mobile_set 王建国'])
  })

  test('only a manager of the member: a member is refused, another branch\'s secretary is told there is no such member; nothing changes', async () => {
    await expectNothingChanged(async () => {
      expect(await setMobile(M2, m1, { place: '江苏苏州', until: null })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
      expect(await setMobile(OTHER_SECRETARY, m1, { place: '江苏苏州', until: null })).toMatchObject({ status: 404, error: { code: 'MEMBER.NOT_FOUND' } })
      expect(await setMobile(SECRETARY, memberIdFor(h.runtime, OTHER_MEMBER), { place: '江苏苏州', until: null })).toMatchObject({ error: { code: 'MEMBER.NOT_FOUND' } })
    })
    expect(dataOf(await setMobile(ADMIN, m1, { place: '浙江杭州', until: null })).changed).toBe(true)
  })

  test('a day before today or a one-letter place is refused with a field message', async () => {
    await expectNothingChanged(async () => {
      expect(await setMobile(SECRETARY, m1, { place: '江苏苏州', until: '2026-11-19' })).toMatchObject({
        status: 400,
        error: { code: 'VALIDATION', message: '截止日期不能早于今天', issues: [{ path: 'mobile.until', message: '截止日期不能早于今天' }] },
      })
      expect(await setMobile(SECRETARY, m1, { place: '苏', until: null })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
    })
    // today itself is fine (the mark holds through the day, China time)
    expect(dataOf(await setMobile(SECRETARY, m1, { place: '江苏苏州', until: '2026-11-20' })).changed).toBe(true)
  })
})

describe('a 流动 mark, change by change', () => {
  test('it shows while it holds (no end, or through its last day); a new place or a new day alone is a change; clearing no mark is none', async () => {
    expect(dataOf(await setMobile(SECRETARY, m1, { place: '江苏苏州', until: null })).member.mobile).toEqual({ place: '江苏苏州', until: null })
    expect(dataOf(await setMobile(SECRETARY, m1, { place: '浙江杭州', until: null }))).toMatchObject({ changed: true, member: { mobile: { place: '浙江杭州', until: null } } })
    const today = '2026-11-20'
    expect(dataOf(await setMobile(SECRETARY, m1, { place: '浙江杭州', until: today }))).toMatchObject({ changed: true, member: { mobile: { place: '浙江杭州', until: today } } })
    expect(dataOf(await setMobile(SECRETARY, m2, null))).toMatchObject({ changed: false, member: { mobile: null } })
    const audit = await queryAll<{ _id: string; what: string; memberId: string }>(h.store, C.memberAudit, {})
    expect(audit.map((a) => `${a.what} ${a.memberId === m1 ? 'm1' : a.memberId}`)).toEqual(['mobile_set m1', 'mobile_set m1', 'mobile_set m1'])
    // the day after its last day the roll no longer shows it
    h.clock.advance(24 * 60 * MIN)
    const roll = dataOf(await h.call<MOut<'listMembers'>>('member', SECRETARY, { action: 'listMembers' }))
    expect(roll.members.find((m) => m.id === m1)?.mobile).toBeNull()
  })

  test('a secretary without a branch reaches no branchless member, another organisation\'s admin no member here', async () => {
    const at = T0.toISOString()
    const BRANCHLESS = 'online-branchless-secretary'
    const ELSEWHERE = 'online-elsewhere-admin'
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, BRANCHLESS), openid: BRANCHLESS, orgId: DEMO.orgId, branchId: null, name: '无支部书记', role: 'secretary', joinedAt: at, joinedVia: 'seed', updatedAt: at })
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, ELSEWHERE), openid: ELSEWHERE, orgId: 'org_elsewhere', branchId: null, name: '外组织管理员', role: 'admin', joinedAt: at, joinedVia: 'seed', updatedAt: at })
    await expectNothingChanged(async () => {
      expect(await setMobile(BRANCHLESS, memberIdFor(h.runtime, ADMIN), { place: '江苏苏州', until: null })).toMatchObject({ error: { code: 'MEMBER.NOT_FOUND' } })
      expect(await setMobile(ELSEWHERE, m1, { place: '江苏苏州', until: null })).toMatchObject({ error: { code: 'MEMBER.NOT_FOUND' } })
    })
  })
})

describe('the 会议口令', () => {
  test('six digits valid two minutes; a retried request gets the same code, showing it again a fresh one', async () => {
    const requestId = rid()
    const first = dataOf(await open(SECRETARY, requestId))
    expect(first.code).toMatch(/^\d{6}$/)
    expect(first.expiresAt).toBe(iso(2 * MIN))
    expect(dataOf(await open(SECRETARY, requestId))).toEqual(first)
    h.clock.advance(30_000)
    const second = dataOf(await open())
    expect(second.code).not.toBe(first.code)
    expect(second.expiresAt).toBe(iso(2 * MIN + 30_000))
    // the code itself is nowhere in the store
    expect(await dumpStore(h.store)).not.toContain(`"${first.code}"`)
  })

  test('a member cannot show it; nor when sign-in is closed or the activity cancelled', async () => {
    await expectNothingChanged(async () => expect(await open(M1)).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } }))
    dataOf(await h.call('activity', SECRETARY, { action: 'setSignInMode', activityId, mode: 'closed' }))
    expect(await open()).toMatchObject({ error: { code: 'ACTIVITY.NOT_OPEN' } })
    dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId, reason: '台风停课' }))
    expect(await open()).toMatchObject({ error: { code: 'ACTIVITY.CANCELLED' } })
  })
})

describe('joining online', () => {
  beforeEach(async () => {
    dataOf(await setMobile(SECRETARY, m1, { place: '江苏苏州', until: '2026-12-31' }))
  })

  test('a 流动 member with the right code is recorded 线上参加, counted, marked and awarded like a sign-in; a repeat changes nothing', async () => {
    const { code } = dataOf(await open())
    h.clock.advance(90_000)
    const joined = dataOf(await join(M1, ` ${code.slice(0, 3)} ${code.slice(3)} `))
    expect(joined).toMatchObject({ alreadySignedIn: false, signedAt: iso(90_000) })
    expect(joined.points).toBeGreaterThan(0)
    const again = dataOf(await join(M1, code))
    expect(again).toEqual({ alreadySignedIn: true, signedAt: iso(90_000), points: 0 })

    const list = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId }))
    expect(list.rows.find((r) => r.memberId === m1)).toMatchObject({ state: 'online', stateLabel: '线上参加', signedAt: iso(90_000) })
    // the attendance page's tiles count it with the scans (the row says 线上参加)
    expect(list.counts).toMatchObject({ signed: 1, pending: list.rows.length - 1 })
    // the secretary's live count includes the online member
    expect(dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId })).signedCount).toBe(1)
    const mine = dataOf(await h.call<Out<'myAttendance'>>('activity', M1, { action: 'myAttendance', year: 2026 }))
    expect(mine.items.find((i) => i.activity.id === activityId)).toMatchObject({ state: 'online', stateLabel: '线上参加' })
    expect(mine.summary).toEqual({ expected: 1, attended: 1, rate: 1 })
    // the points: one entry, of its own source type, the amount the join reported
    const entries = await queryAll<{ _id: string; memberId: string; amount: number; source: { type: string } }>(h.store, C.pointsEntry, { where: { memberId: m1 } })
    expect(entries.filter((e) => e.source.type === 'activity_online').map((e) => e.amount)).toEqual([joined.points])
    // the counters equal a recount from the records
    expect((await repairAttendanceCounters(h.store, { fix: false })).differences).toEqual([])

    // after the end: the rates and the alerts count it as attendance
    h.clock.set(iso(3 * 60 * MIN))
    const stats = dataOf(await h.call<Out<'attendanceStats'>>('activity', SECRETARY, { action: 'attendanceStats', year: 2026 }))
    expect(stats.byMember.find((m) => m.memberId === m1)).toMatchObject({ expected: 1, attended: 1, absent: 0 })
    expect(stats.byMember.find((m) => m.memberId === m2)).toMatchObject({ expected: 1, attended: 0, absent: 1 })
    // and so does the activity's own rate on the attendance page
    const after = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId }))
    expect(after.rate).toBeCloseTo(1 / after.rows.length)
  })

  test('a wrong code is refused; a code shown before the latest is wrong too; nothing changes', async () => {
    const { code: old } = dataOf(await open())
    const { code } = dataOf(await open())
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    await expectNothingChanged(async () => {
      expect(await join(M1, wrong)).toMatchObject({ status: 400, error: { code: 'ACTIVITY.ONLINE_CODE_WRONG' } })
      if (old !== code) expect(await join(M1, old)).toMatchObject({ error: { code: 'ACTIVITY.ONLINE_CODE_WRONG' } })
      expect(await join(M1, '12345')).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
    })
  })

  test('no code shown yet: any code is wrong', async () => {
    await expectNothingChanged(async () => expect(await join(M1, '000000')).toMatchObject({ error: { code: 'ACTIVITY.ONLINE_CODE_WRONG' } }))
  })

  test('the right code after its two minutes is refused as expired; at 1:59 it is taken', async () => {
    const { code } = dataOf(await open())
    h.clock.advance(2 * MIN)
    await expectNothingChanged(async () => expect(await join(M1, code)).toMatchObject({ status: 409, error: { code: 'ACTIVITY.ONLINE_CODE_EXPIRED', message: expect.stringContaining('过期') } }))
    h.clock.advance(-1000)
    expect(dataOf(await join(M1, code)).alreadySignedIn).toBe(false)
  })

  test('a member not marked 流动, or whose mark has run out, is refused; so is a member of another branch and the admin', async () => {
    const { code } = dataOf(await open())
    await expectNothingChanged(async () => expect(await join(M2, code)).toMatchObject({ status: 403, error: { code: 'ACTIVITY.NOT_MOBILE' } }))
    dataOf(await setMobile(SECRETARY, m2, { place: '安徽合肥', until: '2026-11-20' }))
    // 2026-11-21 00:30 China time: the mark held through the 20th only
    h.clock.set('2026-11-20T16:30:00.000Z')
    dataOf(await h.call('activity', SECRETARY, { action: 'setSignInMode', activityId, mode: 'open' }))
    await expectNothingChanged(async () => expect(await join(M2, code)).toMatchObject({ error: { code: 'ACTIVITY.NOT_MOBILE' } }))
    h.clock.set(T0)
    await expectNothingChanged(async () => {
      expect(await join(OTHER_MEMBER, code)).toMatchObject({ status: 404, error: { code: 'ACTIVITY.NOT_FOUND' } })
      expect(await join(ADMIN, code)).toMatchObject({ status: 403, error: { code: 'ACTIVITY.NOT_EXPECTED' } })
      expect(await join(null, code)).toMatchObject({ status: 401 })
    })
  })

  test('a member who scanned in the room first keeps the scan; the online join answers "already"', async () => {
    const token = dataOf(await h.call<Out<'getSignInCode'>>('activity', SECRETARY, { action: 'getSignInCode', activityId })).token
    dataOf(await h.call('activity', M1, { action: 'signIn', token }))
    const { code } = dataOf(await open())
    expect(dataOf(await join(M1, code))).toMatchObject({ alreadySignedIn: true, points: 0 })
    const list = dataOf(await h.call<Out<'listAttendance'>>('activity', SECRETARY, { action: 'listAttendance', activityId }))
    expect(list.rows.find((r) => r.memberId === m1)?.state).toBe('signed')
  })

  test('a join after the activity has ended is refused (sign-in is over), even within the code\'s two minutes', async () => {
    const { code } = dataOf(await open())
    h.clock.set(iso(110 * MIN))
    await expectNothingChanged(async () => expect(await join(M1, code)).toMatchObject({ error: { code: 'ACTIVITY.NOT_OPEN' } }))
  })
})

describe('joining online at its edges', () => {
  const mobile = async (...ids: string[]) => {
    for (const id of ids) dataOf(await setMobile(SECRETARY, id, { place: '江苏苏州', until: null }))
  }
  const createAnother = async (fields: Record<string, unknown> = {}) =>
    dataOf(await h.call<Out<'createActivity'>>('activity', SECRETARY, { action: 'createActivity', kind: 'party_lecture', title: '线上党课', startAt: iso(-5 * MIN), endAt: iso(100 * MIN), ...fields })).activity.id

  test('the six digits keep their leading zeros', () => {
    const activity = { _id: 'act_pad', secret: 'pad-secret' }
    const codes = Array.from({ length: 200 }, (_, i) => onlineCodeOf(activity, i + 1))
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true)
    expect(codes.some((c) => c.startsWith('0'))).toBe(true)
  })

  test('one requestId is each member’s own, and each activity’s own opening', async () => {
    await mobile(m1, m2)
    const { code } = dataOf(await open())
    expect(dataOf(await join(M1, code, 'req-online-shared'))).toMatchObject({ alreadySignedIn: false })
    expect(dataOf(await join(M2, code, 'req-online-shared'))).toMatchObject({ alreadySignedIn: false })
    expect(await h.store.count(C.activitySignIn, { activityId, state: 'active' })).toBe(2)
    // the same requestId opening another activity's code opens that one
    const other = await createAnother()
    dataOf(await h.call('activity', SECRETARY, { action: 'openOnlineCode', activityId, requestId: 'req-open-shared' }))
    const second = dataOf(await h.call<Out<'openOnlineCode'>>('activity', SECRETARY, { action: 'openOnlineCode', activityId: other, requestId: 'req-open-shared' }))
    expect(dataOf(await h.call<Out<'joinOnline'>>('activity', M1, { action: 'joinOnline', activityId: other, code: second.code, requestId: rid() }))).toMatchObject({ alreadySignedIn: false })
  })

  test('refused on a cancelled activity and to a member not on its list', async () => {
    await mobile(m1)
    const { code } = dataOf(await open())
    dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId, reason: '改期' }))
    await expectNothingChanged(async () => expect(await join(M1, code)).toMatchObject({ error: { code: 'ACTIVITY.CANCELLED' } }))
    const listed = await createAnother({ expectedMemberIds: [m2] })
    const listedCode = dataOf(await h.call<Out<'openOnlineCode'>>('activity', SECRETARY, { action: 'openOnlineCode', activityId: listed })).code
    await expectNothingChanged(async () =>
      expect(await h.call('activity', M1, { action: 'joinOnline', activityId: listed, code: listedCode, requestId: rid() })).toMatchObject({ error: { code: 'ACTIVITY.NOT_EXPECTED' } }),
    )
  })

  test('after a revoked 补录 the member joins online; the ledger says 线上参加 with the activity', async () => {
    await mobile(m1)
    dataOf(await h.call('activity', SECRETARY, { action: 'addMakeup', activityId, memberId: m1, reason: '纸质签到' }))
    dataOf(await h.call('activity', SECRETARY, { action: 'revokeMakeup', activityId, memberId: m1, reason: '录错了人' }))
    const { code } = dataOf(await open())
    expect(dataOf(await join(M1, code))).toMatchObject({ alreadySignedIn: false })
    const records = await queryAll<{ _id: string; method: string; state: string }>(h.store, C.activitySignIn, { where: { activityId } })
    expect(records.map((r) => [r.method, r.state])).toEqual([['online', 'active']])
    const entries = await queryAll<{ _id: string; reason: string; source: { type: string } }>(h.store, C.pointsEntry, { where: { 'source.ref': activityId } })
    expect(entries.filter((e) => e.source.type === 'activity_online').map((e) => e.reason)).toEqual(['支部党员大会线上参加：11月支部党员大会'])
  })

  test('a join that loses the race to a twin answers "already"; with no record there, or a duplicate of anything but the record, the error stands', async () => {
    // The store reports the duplicate record PostgreSQL gives the loser of two inserts at once
    // (PGlite runs one transaction at a time, so it never does), writing nothing.
    let armed: DuplicateIdError | null = null
    const inner = h.store
    const store = Object.assign(Object.create(inner) as typeof inner, {
      transaction: (async (fn) => {
        const error = armed
        if (!error) return inner.transaction(fn)
        armed = null
        throw error
      }) as typeof inner.transaction,
    })
    const deps = { ...h.runtime, store }
    await mobile(m1, m2)
    const { code } = dataOf(await open())
    // the twin: the same member's other request, which won
    expect(dataOf(await join(M1, code))).toMatchObject({ alreadySignedIn: false })
    armed = new DuplicateIdError(C.activitySignIn, 'the twin')
    await expect(joinOnline(deps, { openid: M1 }, { activityId, code, requestId: rid() })).resolves.toMatchObject({ alreadySignedIn: true })
    armed = new DuplicateIdError(C.activitySignIn, 'the twin')
    await expect(joinOnline(deps, { openid: M2 }, { activityId, code, requestId: rid() })).rejects.toBeInstanceOf(DuplicateIdError)
    // a duplicate ledger entry is not the twin's record, even for a member who has one: not taken for "already"
    const ledger = new DuplicateIdError(C.pointsEntry, 'an entry')
    armed = ledger
    await expect(joinOnline(deps, { openid: M1 }, { activityId, code, requestId: rid() })).rejects.toBe(ledger)
    expect(await h.store.count(C.activitySignIn, { activityId })).toBe(1)
  })
})
