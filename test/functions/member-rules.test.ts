/**
 * The member rules at their edges (member.test.ts tells the stories; this file pins each boundary):
 * invite expiry to the millisecond, a taken code skipped, joining at the expiry and at the last use,
 * the roll's order, a role set twice, branch counts, and who getMe says you are.
 */
import type { member as M } from '../../contracts'
import { memberIdFor, seededMember } from '../../server/domain/shared/actor'
import { C, type InviteDoc, type MemberDoc } from '../../server/domain/shared/collections'
import { INVITE_ALPHABET } from '../../server/domain/member/member.usecases'
import { cryptoIds } from '../../server/platform/ids'
import { DEMO } from '../../server/seed/demo'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const DAY = 24 * 60 * 60 * 1000
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString()

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})

const createInvite = (extra: Record<string, unknown> = {}) => h.call<M.CreateInviteOutput>('member', SECRETARY, { action: 'createInvite', ...extra })
const join = (openid: string, code: string, name = '新党员') => h.call<M.JoinBranchOutput>('member', openid, { action: 'joinBranch', code, name })

describe('invite expiry', () => {
  test('must be after now and at most 90 days ahead, to the millisecond', async () => {
    for (const [expiresAt, ok] of [
      [at(0), false],
      [at(1), true],
      [at(90 * DAY), true],
      [at(90 * DAY + 1), false],
    ] as const) {
      const r = await createInvite({ expiresAt })
      expect([expiresAt, r.ok]).toEqual([expiresAt, ok])
      if (!r.ok) expect(r.error).toEqual({ code: 'VALIDATION', message: '有效期须在现在之后、90 天以内', issues: [{ path: 'expiresAt', message: '有效期须在现在之后、90 天以内' }] })
      else expect(r.data.expiresAt).toBe(expiresAt)
    }
  })
  test('the default is exactly 7 days, 50 uses; a given number of uses is kept', async () => {
    expect(dataOf(await createInvite())).toMatchObject({ expiresAt: at(7 * DAY), maxUses: 50 })
    expect(dataOf(await createInvite({ maxUses: 3 })).maxUses).toBe(3)
  })
})

describe('invite codes', () => {
  test('8 characters of the read-aloud alphabet; a code already taken is skipped', async () => {
    const first = dataOf(await createInvite()).code
    expect(first).toHaveLength(8)
    for (const c of first) expect(INVITE_ALPHABET).toContain(c)
    const queue = [first, first, 'ZZZZ2222']
    h.runtime.ids = { ...cryptoIds, randomCode: () => queue.shift() ?? 'YYYY3333' }
    expect(dataOf(await createInvite()).code).toBe('ZZZZ2222')
    const invite = await h.store.get<InviteDoc>(C.memberInvite, first)
    expect(invite?.createdBy).toBe(memberIdFor(h.runtime, SECRETARY))
  })
  test('eight taken codes in a row: a fault (INTERNAL, logged), nothing written', async () => {
    const taken = dataOf(await createInvite()).code
    h.runtime.ids = { ...cryptoIds, randomCode: () => taken }
    const before = await h.counts()
    expect(await createInvite()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await h.counts()).toEqual(before)
    expect(String(h.errors.at(-1))).toContain('could not find a free invite code')
  })
})

describe('joining', () => {
  test('an invite expiring at this very moment is expired', async () => {
    const { code } = dataOf(await createInvite({ expiresAt: at(60_000) }))
    h.clock.set(at(60_000))
    expect(await join('o-late', code)).toMatchObject({ ok: false, error: { code: 'MEMBER.INVITE_EXPIRED' } })
    h.clock.set(at(59_999))
    expect((await join('o-just-in-time', code)).ok).toBe(true)
  })
  test('the last use admits one more person, then EXHAUSTED', async () => {
    const { code } = dataOf(await createInvite({ maxUses: 1 }))
    const joined = dataOf(await join('o-first', code, '第一人'))
    expect(joined).toMatchObject({ alreadyMember: false, branch: { id: DEMO.branchId, name: '第四党支部' } })
    expect(joined.member).toMatchObject({ name: '第一人', role: 'member', branchId: DEMO.branchId, joinedAt: T0.toISOString() })
    const doc = await h.store.get<MemberDoc>(C.member, memberIdFor(h.runtime, 'o-first'))
    expect(doc).toMatchObject({ openid: 'o-first', orgId: DEMO.orgId, joinedVia: code, updatedAt: T0.toISOString() })
    expect(await join('o-second', code)).toMatchObject({ ok: false, error: { code: 'MEMBER.INVITE_EXHAUSTED' } })
    expect((await h.store.get<InviteDoc>(C.memberInvite, code))?.uses).toBe(1)
  })
  test('joining again with another invite of the same branch: already a member, no use taken', async () => {
    const a = dataOf(await createInvite())
    const b = dataOf(await createInvite())
    dataOf(await join('o-twice', a.code))
    const again = dataOf(await join('o-twice', b.code, '别的名字'))
    expect(again).toMatchObject({ alreadyMember: true, member: { name: '新党员' }, branch: { id: DEMO.branchId } })
    expect((await h.store.get<InviteDoc>(C.memberInvite, b.code))?.uses).toBe(0)
  })
  test("an invite whose branch is gone: MEMBER.BRANCH_NOT_FOUND, nothing written", async () => {
    const { code } = dataOf(await createInvite())
    await h.store.remove(C.branch, DEMO.branchId)
    const before = await h.counts()
    expect(await join('o-orphan', code)).toMatchObject({ ok: false, error: { code: 'MEMBER.BRANCH_NOT_FOUND' } })
    expect(await h.counts()).toEqual(before)
  })
})

describe('the roll, roles and branches', () => {
  test('the roll: secretaries, then admins, then members, each by the date they joined', async () => {
    const person = (openid: string, name: string, role: MemberDoc['role'], ms: number) =>
      seededMember(h.runtime, { openid, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name, role, at: at(ms) })
    await h.store.insertMany(C.member, [
      person('o-m2', '成员乙', 'member', 3000),
      person('o-a1', '管理员', 'admin', 4000),
      person('o-s2', '书记乙', 'secretary', 5000),
      person('o-m1', '成员甲', 'member', 1000),
      person('o-s1', '书记甲', 'secretary', 2000),
    ])
    const out = dataOf(await h.call<M.ListMembersOutput>('member', ADMIN, { action: 'listMembers', branchId: DEMO.otherBranchId }))
    expect(out.members.map((m) => m.name)).toEqual(['书记甲', '书记乙', '管理员', '成员甲', '成员乙'])
    expect(out.branch).toEqual({ id: DEMO.otherBranchId, name: '第三党支部' })
  })
  test('within one role the roll goes by joining date, not by id (ids ordered against the dates)', async () => {
    const openids = ['o-r1', 'o-r2', 'o-r3', 'o-r4', 'o-r5', 'o-r6']
    // the later the id sorts, the earlier the member joined: an order by id would reverse the roll
    const byId = openids.map((o) => ({ o, id: memberIdFor(h.runtime, o) })).sort((a, b) => (a.id < b.id ? -1 : 1))
    const people = byId.map(({ o }, i) =>
      seededMember(h.runtime, { openid: o, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: `成员${i}`, role: 'member', at: at((byId.length - i) * 1000) }),
    )
    await h.store.insertMany(C.member, people)
    const out = dataOf(await h.call<M.ListMembersOutput>('member', ADMIN, { action: 'listMembers', branchId: DEMO.otherBranchId }))
    expect(out.members.map((m) => m.name)).toEqual(['成员5', '成员4', '成员3', '成员2', '成员1', '成员0'])
  })
  test("an admin's branches go by name, not by id (ids ordered against the names)", async () => {
    await h.store.insertMany(C.branch, [
      { _id: 'branch_zz_first', orgId: DEMO.orgId, name: '第一党支部', createdAt: at(0) },
      { _id: 'branch_00_last', orgId: DEMO.orgId, name: '第九党支部', createdAt: at(0) },
    ])
    const all = dataOf(await h.call<M.ListBranchesOutput>('member', ADMIN, { action: 'listBranches' }))
    expect(all.branches.map((b) => b.name)).toEqual(['第一党支部', '第三党支部', '第九党支部', '第四党支部'])
    expect(all.branches.map((b) => b.id).slice().sort()).not.toEqual(all.branches.map((b) => b.id))
  })
  test('setting the role someone already has writes nothing; a change stamps the time', async () => {
    const target = memberIdFor(h.runtime, DEMO.memberOpenid(2))
    const same = dataOf(await h.call<M.SetRoleOutput>('member', ADMIN, { action: 'setRole', memberId: target, role: 'member' }))
    expect(same).toMatchObject({ changed: false, member: { role: 'member' } })
    expect((await h.store.get<MemberDoc>(C.member, target))?.updatedAt).toBe(T0.toISOString())
    h.clock.set(at(5000))
    const changed = dataOf(await h.call<M.SetRoleOutput>('member', ADMIN, { action: 'setRole', memberId: target, role: 'secretary' }))
    expect(changed).toMatchObject({ changed: true, member: { role: 'secretary', id: target } })
    expect(await h.store.get<MemberDoc>(C.member, target)).toMatchObject({ role: 'secretary', updatedAt: at(5000) })
  })
  test("a member of another organisation is not found for this organisation's admin", async () => {
    const stranger = seededMember(h.runtime, { openid: 'o-stranger', orgId: 'org_else', branchId: null, name: '外人', role: 'member', at: at(0) })
    await h.store.insert(C.member, stranger)
    expect(await h.call('member', ADMIN, { action: 'setRole', memberId: stranger._id, role: 'secretary' })).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_FOUND' } })
    expect((await h.store.get<MemberDoc>(C.member, stranger._id))?.role).toBe('member')
  })
  test('branches: a secretary sees their own with its count; an admin every branch by name, an empty one with 0', async () => {
    const mine = dataOf(await h.call<M.ListBranchesOutput>('member', SECRETARY, { action: 'listBranches' }))
    expect(mine.branches).toEqual([{ id: DEMO.branchId, name: '第四党支部', memberCount: 21 }])
    const all = dataOf(await h.call<M.ListBranchesOutput>('member', ADMIN, { action: 'listBranches' }))
    expect(all.branches).toEqual([
      { id: DEMO.otherBranchId, name: '第三党支部', memberCount: 0 },
      { id: DEMO.branchId, name: '第四党支部', memberCount: 21 },
    ])
  })
})

describe('getMe', () => {
  test('a WeChat user who has not joined is identified but public; no identity is not identified', async () => {
    expect(dataOf(await h.call<M.GetMeOutput>('member', 'o-visitor', { action: 'getMe' }))).toEqual({ identified: true, role: 'public', member: null, branch: null, org: null })
    expect(dataOf(await h.call<M.GetMeOutput>('member', null, { action: 'getMe' }))).toEqual({ identified: false, role: 'public', member: null, branch: null, org: null })
  })
  test('the admin, who has no branch: the organisation and no branch', async () => {
    const me = dataOf(await h.call<M.GetMeOutput>('member', ADMIN, { action: 'getMe' }))
    expect(me).toMatchObject({ identified: true, role: 'admin', branch: null, org: { id: DEMO.orgId, name: '沿江高速公路管理处党委' } })
  })
})
