/**
 * Who may act, resolved from the platform identity: the domain's authorisation helpers tested at
 * each rule (the matrix reaches them through every action, but a rule can hide behind another
 * one there: an admin without a branch, a secretary naming their own branch, a member record
 * without a branch).
 */
import type { Role } from '../../contracts'
import { AppError } from '../../server/domain/errors'
import { branchInScope, findMember, getBranch, memberIdFor, requireIdentity, requireMember, requireRole, seededMember } from '../../server/domain/shared/actor'
import { C, type MemberDoc } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { makeHarness, T0, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await makeHarness()
  await h.store.insert(C.organization, { _id: 'org_other', name: '另一党委', createdAt: T0.toISOString() })
  await h.store.insert(C.branch, { _id: 'branch_other', orgId: 'org_other', name: '外单位支部', createdAt: T0.toISOString() })
})

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e.code
    throw e
  }
  return 'resolved'
}
const member = async (openid: string): Promise<MemberDoc> => {
  const m = await findMember(h.runtime, { openid })
  if (!m) throw new Error(`no member ${openid}`)
  return m
}
const fake = (over: Partial<MemberDoc>): MemberDoc => ({
  ...seededMember(h.runtime, { openid: 'fake', orgId: DEMO.orgId, branchId: DEMO.branchId, name: '假', role: 'member', at: T0.toISOString() }),
  ...over,
})

describe('identity and membership', () => {
  test('no OPENID → UNAUTHENTICATED; an OPENID is returned as is', () => {
    expect(() => requireIdentity({ openid: null })).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }))
    expect(requireIdentity({ openid: 'o-1' })).toBe('o-1')
  })
  test('the member record is the one derived from the OPENID; none without an OPENID or before joining', async () => {
    expect((await member(DEMO.secretaryOpenid))._id).toBe(memberIdFor(h.runtime, DEMO.secretaryOpenid))
    expect(await findMember(h.runtime, { openid: null })).toBeNull()
    expect(await findMember(h.runtime, { openid: 'never-joined' })).toBeNull()
    expect(memberIdFor(h.runtime, 'a')).not.toBe(memberIdFor(h.runtime, 'b'))
  })
  test('requireMember: UNAUTHENTICATED without identity, MEMBER.NOT_MEMBER before joining', async () => {
    expect(await codeOf(requireMember(h.runtime, { openid: null }))).toBe('UNAUTHENTICATED')
    expect(await codeOf(requireMember(h.runtime, { openid: 'never-joined' }))).toBe('MEMBER.NOT_MEMBER')
    expect((await requireMember(h.runtime, { openid: DEMO.memberOpenid(1) })).role).toBe('member')
  })
  test('requireRole admits exactly the listed roles', async () => {
    const cases: Array<[string, readonly Role[], string]> = [
      [DEMO.memberOpenid(1), ['secretary', 'admin'], 'FORBIDDEN'],
      [DEMO.secretaryOpenid, ['secretary', 'admin'], 'resolved'],
      [DEMO.secretaryOpenid, ['admin'], 'FORBIDDEN'],
      [DEMO.adminOpenid, ['admin'], 'resolved'],
      [DEMO.memberOpenid(1), ['member'], 'resolved'],
      ['never-joined', ['member'], 'MEMBER.NOT_MEMBER'],
    ]
    for (const [openid, roles, expected] of cases) expect([openid, roles, await codeOf(requireRole(h.runtime, { openid }, roles))]).toEqual([openid, roles, expected])
  })
  test('a seeded member carries everything a joined one does, joined via the seed', () => {
    const m = seededMember(h.runtime, { openid: 'o-s', orgId: 'org', branchId: 'b', name: '名', role: 'secretary', at: 'T' })
    expect(m).toEqual({ _id: memberIdFor(h.runtime, 'o-s'), openid: 'o-s', orgId: 'org', branchId: 'b', name: '名', role: 'secretary', joinedAt: 'T', joinedVia: 'seed', updatedAt: 'T' })
  })
})

describe('the branch a manager acts on', () => {
  test('getBranch: the branch, or MEMBER.BRANCH_NOT_FOUND', async () => {
    expect((await getBranch(h.runtime, DEMO.branchId)).name).toBe('第四党支部')
    expect(await codeOf(getBranch(h.runtime, 'no-such-branch'))).toBe('MEMBER.BRANCH_NOT_FOUND')
  })
  test('a secretary: their own branch, named or not; any other branch is FORBIDDEN', async () => {
    const secretary = await member(DEMO.secretaryOpenid)
    expect((await branchInScope(h.runtime, secretary, undefined))._id).toBe(DEMO.branchId)
    expect((await branchInScope(h.runtime, secretary, DEMO.branchId))._id).toBe(DEMO.branchId)
    expect(await codeOf(branchInScope(h.runtime, secretary, DEMO.otherBranchId))).toBe('FORBIDDEN')
    expect(await codeOf(branchInScope(h.runtime, secretary, 'branch_other'))).toBe('FORBIDDEN')
  })
  test('a secretary without a branch has no branch to act on', async () => {
    expect(await codeOf(branchInScope(h.runtime, fake({ role: 'secretary', branchId: null }), undefined))).toBe('FORBIDDEN')
    expect(await codeOf(branchInScope(h.runtime, fake({ role: 'secretary', branchId: null }), DEMO.branchId))).toBe('FORBIDDEN')
  })
  test('an admin: any branch of their organisation, named; their own when they have one', async () => {
    const admin = await member(DEMO.adminOpenid)
    expect((await branchInScope(h.runtime, admin, DEMO.otherBranchId))._id).toBe(DEMO.otherBranchId)
    expect((await branchInScope(h.runtime, admin, DEMO.branchId))._id).toBe(DEMO.branchId)
    expect(await codeOf(branchInScope(h.runtime, admin, undefined))).toBe('MEMBER.BRANCH_REQUIRED')
    const adminWithBranch = fake({ role: 'admin', branchId: DEMO.otherBranchId })
    expect((await branchInScope(h.runtime, adminWithBranch, undefined))._id).toBe(DEMO.otherBranchId)
    expect((await branchInScope(h.runtime, adminWithBranch, DEMO.branchId))._id).toBe(DEMO.branchId)
  })
  test("another organisation's branch answers an admin like an unknown one", async () => {
    const admin = await member(DEMO.adminOpenid)
    expect(await codeOf(branchInScope(h.runtime, admin, 'branch_other'))).toBe('MEMBER.BRANCH_NOT_FOUND')
    expect(await codeOf(branchInScope(h.runtime, admin, 'no-such-branch'))).toBe('MEMBER.BRANCH_NOT_FOUND')
    expect(await codeOf(branchInScope(h.runtime, fake({ role: 'admin', branchId: 'branch_other' }), undefined))).toBe('MEMBER.BRANCH_NOT_FOUND')
  })
})
