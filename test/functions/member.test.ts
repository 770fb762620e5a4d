import type { member as M } from '../../contracts'
import { mountFunctions } from '../../server/functions'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const MEMBER = DEMO.memberOpenid(1)

async function invite(h: Harness, openid: string = SECRETARY, extra: Record<string, unknown> = {}) {
  return dataOf(await h.call<M.CreateInviteOutput>('member', openid, { action: 'createInvite', ...extra }))
}

describe('member.getMe', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('answers member: null and role public for a WeChat user who has not joined', async () => {
    const r = await h.call<M.GetMeOutput>('member', 'wx-stranger', { action: 'getMe' })
    expect(r).toMatchObject({ ok: true, data: { identified: true, role: 'public', member: null, branch: null } })
  })

  test('works without any identity and says so', async () => {
    const r = await h.call<M.GetMeOutput>('member', null, { action: 'getMe' })
    expect(r).toMatchObject({ ok: true, data: { identified: false, role: 'public', member: null } })
  })

  test('shows the secretary their name, branch, organisation and role', async () => {
    const me = dataOf(await h.call<M.GetMeOutput>('member', SECRETARY, { action: 'getMe' }))
    expect(me.role).toBe('secretary')
    expect(me.member?.name).toBe('王建国')
    expect(me.branch).toEqual({ id: DEMO.branchId, name: '第四党支部' })
    expect(me.org?.name).toBe('沿江高速公路管理处党委')
  })

  test('ignores identity claims in the payload: userInfo and openid fields change nothing', async () => {
    const r = await h.call<M.GetMeOutput>('member', 'wx-stranger', {
      action: 'getMe',
      userInfo: { openId: SECRETARY },
      openid: SECRETARY,
    })
    expect(r).toMatchObject({ ok: true, data: { role: 'public', member: null } })
  })

  test('never echoes the event, the context or the OPENID back', async () => {
    const r = await h.call('member', SECRETARY, { action: 'getMe' })
    expect(JSON.stringify(r)).not.toContain(SECRETARY)
    const main = mountFunctions(h.runtime).member
    const context = (openid: string) => ({
      request_id: 'req-marker-7f3a',
      environment: JSON.stringify({ WX_OPENID: openid, WX_CLIENTIP: '198.51.100.23', WX_APPID: 'appid-marker-51c0', TCB_ENV: 'env-marker-2b9e' }),
    })
    const markers = ['event-marker-9c1d', 'req-marker-7f3a', '198.51.100.23', 'appid-marker-51c0', 'env-marker-2b9e']
    const calls: Array<[string, Record<string, unknown>, boolean]> = [
      [SECRETARY, { action: 'getMe', note: 'event-marker-9c1d' }, true],
      [SECRETARY, { action: 'createInvite', requestId: 'event-marker-9c1d' }, true],
      [SECRETARY, { action: 'createInvite', maxUses: 'event-marker-9c1d' }, false],
      [MEMBER, { action: 'createInvite', note: 'event-marker-9c1d' }, false],
      [SECRETARY, { action: 'joinBranch', code: 'ABCDEFGH', name: '韩梅梅', note: 'event-marker-9c1d' }, false],
    ]
    for (const [openid, event, ok] of calls) {
      const out = await main?.(event, context(openid))
      expect({ event, ok: out?.ok }).toEqual({ event, ok })
      const text = JSON.stringify(out)
      for (const m of [...markers, openid]) expect({ event, echoes: text.includes(m) ? m : null }).toEqual({ event, echoes: null })
    }
  })
})

describe('envelope and routing', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
  })

  test.each([
    ['no action', {}],
    ['a non-object event', 'getMe'],
    ['an unknown action', { action: 'dropEverything' }],
    ['a prototype key as action', { action: '__proto__' }],
  ])('answers UNKNOWN_ACTION (400) for %s', async (_name, event) => {
    const r = await h.call('member', SECRETARY, event)
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'UNKNOWN_ACTION' } })
  })

  test('a fault inside a use case answers INTERNAL with no stack and logs it', async () => {
    const broken = await makeHarness()
    broken.runtime.store.get = () => Promise.reject(new Error('disk on fire at /secret/path'))
    const r = await broken.call('member', SECRETARY, { action: 'getMe' })
    expect(r).toMatchObject({ ok: false, status: 500, error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } })
    expect(JSON.stringify(r)).not.toContain('secret')
    expect(broken.errors).toHaveLength(1)
  })
})

describe('member.createInvite', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('a secretary gets an 8-character code for their branch, 50 uses and 7 days by default', async () => {
    const out = await invite(h)
    expect(out.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
    expect(out).toMatchObject({ branchId: DEMO.branchId, maxUses: 50, expiresAt: '2026-11-27T09:00:00.000Z' })
  })

  test('the same request id five times at once (a burst of taps) makes one invite, and every tap gets it', async () => {
    const before = (await h.counts()).member_invite ?? 0
    const taps = await Promise.all(
      Array.from({ length: 5 }, () => h.call<M.CreateInviteOutput>('member', SECRETARY, { action: 'createInvite', requestId: 'req-0000001' })),
    )
    const okOnes = taps.filter((r) => r.ok)
    expect(okOnes.length).toBe(5)
    const retry = dataOf(await h.call<M.CreateInviteOutput>('member', SECRETARY, { action: 'createInvite', requestId: 'req-0000001' }))
    expect(okOnes.map((r) => dataOf(r).code)).toEqual(okOnes.map(() => retry.code))
    expect((await h.counts()).member_invite).toBe(before + 1)
  })

  test('the same request id from two secretaries makes two invites, each for the sender\'s own branch', async () => {
    const other = 'member-test-other-secretary'
    const at = new Date().toISOString()
    await h.store.insert(C.member, { _id: memberIdFor(h.runtime, other), openid: other, orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '外支书记', role: 'secretary', joinedAt: at, joinedVia: 'seed', updatedAt: at })
    const mine = await invite(h, SECRETARY, { requestId: 'req-shared-01' })
    const theirs = await invite(h, other, { requestId: 'req-shared-01' })
    expect(mine.branchId).toBe(DEMO.branchId)
    expect(theirs.branchId).toBe(DEMO.otherBranchId)
    expect(theirs.code).not.toBe(mine.code)
  })

  test('a taken code is drawn again, 8 draws at most; then the call fails and writes nothing', async () => {
    const ids = h.runtime.ids
    const original = ids.randomCode.bind(ids)
    const taken = (await invite(h)).code
    let draws = 0
    ids.randomCode = () => (draws++, taken)
    try {
      const before = await h.counts()
      expect(await h.call('member', SECRETARY, { action: 'createInvite' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
      expect(draws).toBe(8)
      expect(await h.counts()).toEqual(before)
      // a free code on the last draw is taken
      draws = 0
      ids.randomCode = (length, alphabet) => (++draws < 8 ? taken : original(length, alphabet))
      expect((await invite(h)).code).not.toBe(taken)
      expect(draws).toBe(8)
    } finally {
      ids.randomCode = original
    }
  })

  test('an admin must name the branch, and may name any branch of the organisation', async () => {
    const r = await h.call('member', ADMIN, { action: 'createInvite' })
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'MEMBER.BRANCH_REQUIRED' } })
    const out = await invite(h, ADMIN, { branchId: DEMO.otherBranchId })
    expect(out.branchId).toBe(DEMO.otherBranchId)
  })

  test('a secretary cannot create an invite for another branch (403)', async () => {
    const r = await h.call('member', SECRETARY, { action: 'createInvite', branchId: DEMO.otherBranchId })
    expect(r).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } })
  })

  test.each([
    ['a member', MEMBER, 403, 'FORBIDDEN'],
    ['a WeChat user who has not joined', 'wx-stranger', 403, 'MEMBER.NOT_MEMBER'],
    ['a caller with no identity', null, 401, 'UNAUTHENTICATED'],
  ])('refuses %s and writes nothing', async (_who, openid, status, code) => {
    const before = await h.counts()
    const r = await h.call('member', openid, { action: 'createInvite' })
    expect(r).toMatchObject({ ok: false, status, error: { code } })
    expect(await h.counts()).toEqual(before)
  })

  test.each([
    ['maxUses 0', { maxUses: 0 }, 'maxUses'],
    ['maxUses not an integer', { maxUses: 2.5 }, 'maxUses'],
    ['maxUses as a string', { maxUses: '10' }, 'maxUses'],
    ['an expiry that is not a date', { expiresAt: 'next week' }, 'expiresAt'],
    ['an expiry in the past', { expiresAt: '2026-11-19T00:00:00.000Z' }, 'expiresAt'],
    ['an expiry beyond 90 days', { expiresAt: '2027-06-01T00:00:00.000Z' }, 'expiresAt'],
    ['a malformed branch id', { branchId: 'x y' }, 'branchId'],
  ])('rejects %s with VALIDATION naming the field, writing nothing', async (_name, extra, path) => {
    const before = await h.counts()
    const r = await h.call('member', SECRETARY, { action: 'createInvite', ...extra })
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION' } })
    if (!r.ok) expect(r.error.issues?.map((i) => i.path)).toContain(path)
    expect(await h.counts()).toEqual(before)
  })
})

describe('member.joinBranch', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('a new WeChat user joins with a code and their name, then getMe shows them', async () => {
    const { code } = await invite(h)
    const out = dataOf(await h.call<M.JoinBranchOutput>('member', 'wx-newcomer', { action: 'joinBranch', code, name: '  韩梅梅 ' }))
    expect(out).toMatchObject({ alreadyMember: false, branch: { name: '第四党支部' }, member: { name: '韩梅梅', role: 'member' } })
    const me = dataOf(await h.call<M.GetMeOutput>('member', 'wx-newcomer', { action: 'getMe' }))
    expect(me).toMatchObject({ role: 'member', member: { name: '韩梅梅' }, branch: { id: DEMO.branchId } })
  })

  test('accepts the code in lower case and with spaces, as people type it', async () => {
    const { code } = await invite(h)
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4).toLowerCase()}`
    const r = await h.call('member', 'wx-newcomer', { action: 'joinBranch', code: typed, name: '韩梅梅' })
    expect(r.ok).toBe(true)
  })

  test('a burst of joins by one user makes one member and uses the invite once', async () => {
    const { code } = await invite(h)
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.call<M.JoinBranchOutput>('member', 'wx-burst', { action: 'joinBranch', code, name: '韩梅梅' })),
    )
    expect(results.every((r) => r.ok)).toBe(true)
    expect(results.filter((r) => r.ok && !r.data.alreadyMember)).toHaveLength(1)
    expect(await h.store.count('member', { name: '韩梅梅' })).toBe(1)
    expect(await h.store.get('member_invite', code)).toMatchObject({ uses: 1 })
  })

  test('an invite with maxUses 2 admits exactly two people even when five race for it', async () => {
    const { code } = await invite(h, SECRETARY, { maxUses: 2 })
    const results = await Promise.all(
      ['wx-a', 'wx-b', 'wx-c', 'wx-d', 'wx-e'].map((id) => h.call('member', id, { action: 'joinBranch', code, name: '韩梅梅' })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(results.filter((r) => !r.ok && r.error.code === 'MEMBER.INVITE_EXHAUSTED')).toHaveLength(3)
    expect(await h.store.count('member', { name: '韩梅梅' })).toBe(2)
  })

  test('an expired invite is refused with a coded 409 and writes nothing', async () => {
    const { code } = await invite(h)
    h.clock.advance(8 * 24 * 3600 * 1000)
    const before = await h.counts()
    const r = await h.call('member', 'wx-late', { action: 'joinBranch', code, name: '韩梅梅' })
    expect(r).toMatchObject({ ok: false, status: 409, error: { code: 'MEMBER.INVITE_EXPIRED' } })
    expect(await h.counts()).toEqual(before)
  })

  test('an unknown code answers 404 MEMBER.INVITE_NOT_FOUND', async () => {
    const r = await h.call('member', 'wx-newcomer', { action: 'joinBranch', code: 'ABCDEFGH', name: '韩梅梅' })
    expect(r).toMatchObject({ ok: false, status: 404, error: { code: 'MEMBER.INVITE_NOT_FOUND' } })
  })

  test('a member of another branch cannot join with this code (409)', async () => {
    const other = await invite(h, ADMIN, { branchId: DEMO.otherBranchId })
    const r = await h.call('member', MEMBER, { action: 'joinBranch', code: other.code, name: '李明华' })
    expect(r).toMatchObject({ ok: false, status: 409, error: { code: 'MEMBER.ALREADY_IN_OTHER_BRANCH' } })
  })

  test('needs an identity (401) and writes nothing', async () => {
    const { code } = await invite(h)
    const before = await h.counts()
    const r = await h.call('member', null, { action: 'joinBranch', code, name: '韩梅梅' })
    expect(r).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED' } })
    expect(await h.counts()).toEqual(before)
  })

  test.each([
    ['a short code', { code: 'ABC', name: '韩梅梅' }, 'code'],
    ['a code with O and 0', { code: 'OOOO0000', name: '韩梅梅' }, 'code'],
    ['a one-character name', { code: 'ABCDEFGH', name: '韩' }, 'name'],
    ['a name with digits', { code: 'ABCDEFGH', name: '韩梅梅123' }, 'name'],
    ['a 21-character name', { code: 'ABCDEFGH', name: '韩'.repeat(21) }, 'name'],
    ['a missing name', { code: 'ABCDEFGH' }, 'name'],
  ])('rejects %s with VALIDATION, writing nothing', async (_n, fields, path) => {
    const before = await h.counts()
    const r = await h.call('member', 'wx-newcomer', { action: 'joinBranch', ...fields })
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION' } })
    if (!r.ok) {
      expect(r.error.issues?.map((i) => i.path)).toContain(path)
      expect(r.error.issues?.every((i) => /[\u4e00-\u9fa5]/.test(i.message))).toBe(true)
    }
    expect(await h.counts()).toEqual(before)
  })
})

describe('member.listMembers and member.setRole', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
  })

  test('a secretary sees their branch roll, secretary first, 21 people', async () => {
    const out = dataOf(await h.call<M.ListMembersOutput>('member', SECRETARY, { action: 'listMembers' }))
    expect(out.branch.name).toBe('第四党支部')
    expect(out.members).toHaveLength(21)
    expect(out.members[0]).toMatchObject({ name: '王建国', role: 'secretary' })
  })

  test('an admin reads any branch of the organisation; a secretary cannot read another (403)', async () => {
    const out = dataOf(await h.call<M.ListMembersOutput>('member', ADMIN, { action: 'listMembers', branchId: DEMO.otherBranchId }))
    expect(out).toMatchObject({ branch: { name: '第三党支部' }, members: [] })
    const r = await h.call('member', SECRETARY, { action: 'listMembers', branchId: DEMO.otherBranchId })
    expect(r).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } })
  })

  test('a member cannot read the roll (403); no identity gets 401', async () => {
    expect(await h.call('member', MEMBER, { action: 'listMembers' })).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } })
    expect(await h.call('member', null, { action: 'listMembers' })).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED' } })
  })

  test('an admin makes a member secretary; repeating it changes nothing', async () => {
    const roll = dataOf(await h.call<M.ListMembersOutput>('member', SECRETARY, { action: 'listMembers' }))
    const target = roll.members.find((m) => m.name === '李明华')
    expect(target).toBeDefined()
    const first = dataOf(await h.call<M.SetRoleOutput>('member', ADMIN, { action: 'setRole', memberId: target?.id, role: 'secretary' }))
    expect(first).toMatchObject({ changed: true, member: { role: 'secretary' } })
    const again = dataOf(await h.call<M.SetRoleOutput>('member', ADMIN, { action: 'setRole', memberId: target?.id, role: 'secretary' }))
    expect(again.changed).toBe(false)
    const me = dataOf(await h.call<M.GetMeOutput>('member', MEMBER, { action: 'getMe' }))
    expect(me.role).toBe('secretary')
    await h.call('member', ADMIN, { action: 'setRole', memberId: target?.id, role: 'member' })
  })

  test('only an admin sets roles; nobody changes their own; unknown ids are 404; bad roles 400', async () => {
    const roll = dataOf(await h.call<M.ListMembersOutput>('member', SECRETARY, { action: 'listMembers' }))
    const someone = roll.members[3]?.id
    expect(await h.call('member', SECRETARY, { action: 'setRole', memberId: someone, role: 'secretary' })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
    const adminMe = dataOf(await h.call<M.GetMeOutput>('member', ADMIN, { action: 'getMe' }))
    expect(await h.call('member', ADMIN, { action: 'setRole', memberId: adminMe.member?.id, role: 'member' })).toMatchObject({
      status: 409,
      error: { code: 'MEMBER.CANNOT_CHANGE_OWN_ROLE' },
    })
    expect(await h.call('member', ADMIN, { action: 'setRole', memberId: 'nobody', role: 'member' })).toMatchObject({ status: 404, error: { code: 'MEMBER.NOT_FOUND' } })
    const before = await h.counts()
    expect(await h.call('member', ADMIN, { action: 'setRole', memberId: someone, role: 'king' })).toMatchObject({
      status: 400,
      error: { code: 'VALIDATION' },
    })
    expect(await h.counts()).toEqual(before)
  })

  test('listBranches: an admin sees every branch with member counts; a member may not', async () => {
    const out = dataOf(await h.call<M.ListBranchesOutput>('member', ADMIN, { action: 'listBranches' }))
    expect(out.branches).toEqual(
      expect.arrayContaining([
        { id: DEMO.branchId, name: '第四党支部', memberCount: 21 },
        { id: DEMO.otherBranchId, name: '第三党支部', memberCount: 0 },
      ]),
    )
    expect(await h.call('member', MEMBER, { action: 'listBranches' })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })
})

describe('demo seed', () => {
  test('running it twice changes nothing the second time', async () => {
    const h = await makeHarness()
    const before = await h.counts()
    const { seedDemo } = await import('../../server/seed/demo')
    expect(await seedDemo(h.runtime)).toEqual({ inserted: 0 })
    expect(await h.counts()).toEqual(before)
    expect(before.member).toBe(22)
    expect(before.survey_code).toBe(2 + 8 + 6)
  })
})
