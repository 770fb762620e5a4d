/**
 * 党员积分 on the 100-point model: caps at every boundary (written and summed), the 基础分 floor, a
 * rule change mid-year, reversing entries, applications through review and 公示 (with an
 * objection), 双承诺, ranking (top 20 % for branch sizes 1–11, grades at their edges, violation,
 * exemption), and the frozen year with its checksum.
 */
import type { points as P } from '../../contracts'
import type { PointsRules } from '../../contracts/points.contract'
import { award, balanceId, gradeOf, scoreOf, topCount, type AwardRule, type PointsBalanceDoc, type PointsEntryDoc } from '../../server/domain/points/ledger'
import { repairPointsBalances } from '../../server/domain/points/balance-repair'
import { rankBranch } from '../../server/domain/points/points.usecases'
import { DEFAULT_RULES } from '../../server/domain/points/rules'
import { memberIdFor } from '../../server/domain/shared/actor'
import type { MemberDoc } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { recordingStore } from '../support/override-store'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const MIN = 60_000
const DAY = 24 * 60 * MIN
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const pts = <D>(h: Harness, openid: string | null, action: string, input: Record<string, unknown> = {}) => h.call<D>('points', openid, { action, ...input })
const my = async (h: Harness, openid: string, year?: number) => dataOf(await pts<P.GetMyPointsOutput>(h, openid, 'getMyPoints', year ? { year } : {}))
const idOf = (h: Harness, openid: string) => memberIdFor(h.runtime, openid)

let seq = 0
/** Writes one award straight through the points module, as an earning module does. */
async function give(h: Harness, memberId: string, rule: AwardRule, year = 2026): Promise<PointsEntryDoc> {
  seq += 1
  const at = iso(0)
  return h.store.transaction((tx) =>
    award(tx, { id: `test_${seq}`, orgId: DEMO.orgId, branchId: DEMO.branchId, memberId, year, at, occurredAt: at, rule, reason: '测试', source: { type: 'test', ref: String(seq) }, recordedBy: 'test' }),
  )
}
const balance = (h: Harness, memberId: string, year = 2026) => h.store.get<PointsBalanceDoc>('points_balance', balanceId(memberId, year))

async function signInTo(h: Harness, openid: string, extra: Record<string, unknown> = {}) {
  const at = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
  const a = dataOf(
    await h.call<{ activity: { id: string } }>('activity', SECRETARY, { action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: at(-10 * MIN), endAt: at(100 * MIN), ...extra }),
  ).activity
  const code = dataOf(await h.call<{ token: string }>('activity', SECRETARY, { action: 'getSignInCode', activityId: a.id }))
  return dataOf(await h.call<{ points: number }>('activity', openid, { action: 'signIn', token: code.token }))
}

describe('caps hold when entries are written and when they are summed', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('任务分: 69 + 2 counts 1, at 70 a further award counts 0, the entry keeps what was asked', async () => {
    const m = idOf(h, M1)
    for (let i = 0; i < 11; i++) await give(h, m, { kind: 'commitment', score: 6 }) // 66
    await give(h, m, { kind: 'commitment', score: 3 }) // 69
    const partly = await give(h, m, { kind: 'commitment', score: 2 })
    expect(partly).toMatchObject({ amount: 1, requested: 2, category: 'task' })
    const none = await give(h, m, { kind: 'attendance', activityKind: 'theme_day' })
    expect(none).toMatchObject({ amount: 0, requested: 2 })
    expect((await balance(h, m))?.task).toBe(70)
    const mine = await my(h, M1)
    expect(mine.byCategory).toEqual({ base: 20, task: 70, reward: 0, honour: 0 })
    expect(mine.score).toBe(90)
    expect(mine.grade).toBe('excellent')
  })

  test('奖励分: 9.5 + 1 counts 0.5, then nothing; honours on top do not count against the 10', async () => {
    const m = idOf(h, M1)
    await give(h, m, { kind: 'reviewed', category: 'reward', amount: 9.5 })
    expect((await give(h, m, { kind: 'reviewed', category: 'reward', amount: 1 })).amount).toBe(0.5)
    expect((await give(h, m, { kind: 'reviewed', category: 'reward', amount: 1 })).amount).toBe(0)
    expect((await give(h, m, { kind: 'reviewed', category: 'honour', amount: 10 })).amount).toBe(10)
    expect((await my(h, M1)).byCategory).toEqual({ base: 20, task: 0, reward: 10, honour: 10 })
  })

  test('基础分 floor: deductions stop at 0 (18 then 5 counts 2, then 0); over-cap sums are clamped when read', async () => {
    const m = idOf(h, M1)
    const rules: PointsRules = { ...DEFAULT_RULES, deductions: [{ key: 'big', label: '大项', amount: 18 }, { key: 'five', label: '五分', amount: 5 }] }
    dataOf(await pts(h, ADMIN, 'saveRules', { rules, effectiveFrom: '2026-11-20' }))
    expect((await give(h, m, { kind: 'deduction', item: 'big' })).amount).toBe(-18)
    expect((await give(h, m, { kind: 'deduction', item: 'five' })).amount).toBe(-2)
    expect((await give(h, m, { kind: 'deduction', item: 'five' })).amount).toBe(0)
    expect((await my(h, M1)).byCategory.base).toBe(0)
    // A balance that somehow went past a cap is still summed within it.
    const m2 = idOf(h, M2)
    await give(h, m2, { kind: 'commitment', score: 1 })
    await h.store.update('points_balance', balanceId(m2, 2026), { set: { task: 95, reward: 40, base: -60 } })
    expect(scoreOf(await balance(h, m2), DEFAULT_RULES).byCategory).toEqual({ base: 0, task: 70, reward: 10, honour: 0 })
  })

  test('the study daily cap is a points rule: a 4th lecture the same day earns nothing and writes no entry', async () => {
    const m = idOf(h, M1)
    expect((await give(h, m, { kind: 'study', today: 2 })).amount).toBe(1)
    expect((await give(h, m, { kind: 'study', today: 3 })).amount).toBe(0)
  })

  test('a deduction of an unknown item or a commitment score over the rule is refused, nothing written', async () => {
    const m = idOf(h, M1)
    await expect(give(h, m, { kind: 'deduction', item: 'nope' })).rejects.toMatchObject({ code: 'POINTS.UNKNOWN_ITEM' })
    await expect(give(h, m, { kind: 'commitment', score: 7 })).rejects.toMatchObject({ code: 'POINTS.OVER_CAP' })
    expect(await h.store.count('points_entry', { memberId: m })).toBe(0)
  })
})

describe('rules: per organisation, effective from a date, never rewriting history', () => {
  test('a rule change mid-year scores later events only; a backdated change is refused', async () => {
    const h = await makeHarness()
    expect((await signInTo(h, M1)).points).toBe(2)
    const rules = { ...DEFAULT_RULES, attendance: { ...DEFAULT_RULES.attendance, theme_day: 5 } }
    expect(await pts(h, ADMIN, 'saveRules', { rules, effectiveFrom: '2026-11-19' })).toMatchObject({ ok: false, error: { code: 'POINTS.RULES_BACKDATED' } })
    expect(await pts(h, SECRETARY, 'saveRules', { rules, effectiveFrom: '2026-12-01' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    dataOf(await pts(h, ADMIN, 'saveRules', { rules, effectiveFrom: '2026-12-01' }))
    expect((await signInTo(h, M1)).points).toBe(2) // still November
    h.clock.set('2026-12-02T02:00:00.000Z')
    expect((await signInTo(h, M1)).points).toBe(5)
    const mine = await my(h, M1)
    expect(mine.entries.map((e) => e.amount).sort()).toEqual([2, 2, 5])
    expect(mine.total).toBe(9)
    const got = dataOf(await pts<P.GetRulesOutput>(h, M1, 'getRules', { on: '2026-11-30' }))
    expect(got.rules.attendance.theme_day).toBe(2)
    expect(dataOf(await pts<P.GetRulesOutput>(h, M1, 'getRules')).rules.attendance.theme_day).toBe(5)
  })
})

describe('deductions and reversing entries', () => {
  test('a deduction once per request id, its reversal once, never of oneself; the entry is never edited', async () => {
    const h = await makeHarness()
    const m = idOf(h, M1)
    const first = dataOf(await pts<P.GetMyPointsOutput['entries'][number] extends infer E ? { entry: E } : never>(h, SECRETARY, 'deduct', { memberId: m, item: 'unexcused_absence', note: '11月主题党日无故缺席', requestId: 'req-deduct-1' }))
    const again = dataOf(await pts<typeof first>(h, SECRETARY, 'deduct', { memberId: m, item: 'unexcused_absence', note: '11月主题党日无故缺席', requestId: 'req-deduct-1' }))
    expect(again).toEqual(first)
    expect((await my(h, M1)).byCategory.base).toBe(18)
    expect(await pts(h, SECRETARY, 'deduct', { memberId: idOf(h, SECRETARY), item: 'late_dues', note: '自己扣自己', requestId: 'req-deduct-2' })).toMatchObject({ ok: false, error: { code: 'POINTS.SELF' } })
    expect(await pts(h, SECRETARY, 'deduct', { memberId: m, item: 'nope', note: '没有此项', requestId: 'req-deduct-3' })).toMatchObject({ ok: false, error: { code: 'POINTS.UNKNOWN_ITEM' } })

    const r1 = dataOf(await pts<{ entry: { amount: number; reverses: string }; changed: boolean }>(h, SECRETARY, 'reverse', { entryId: first.entry.id, reason: '已补假条' }))
    expect(r1).toMatchObject({ changed: true, entry: { amount: 2, reverses: first.entry.id, category: 'base' } })
    const r2 = dataOf(await pts<{ changed: boolean }>(h, ADMIN, 'reverse', { entryId: first.entry.id, reason: '已补假条' }))
    expect(r2.changed).toBe(false)
    expect(await pts(h, SECRETARY, 'reverse', { entryId: (r1.entry as unknown as { id: string }).id, reason: '冲正冲正' })).toMatchObject({ ok: false, error: { code: 'POINTS.NOT_REVERSIBLE' } })
    const mine = await my(h, M1)
    expect(mine.byCategory.base).toBe(20)
    expect(mine.entries).toHaveLength(2)
    expect(mine.entries.find((e) => e.id === first.entry.id)?.amount).toBe(-2)
    // a sign-in's entry is undone by its own flow (补录 revocation), not here
    await signInTo(h, M1)
    const signEntry = (await my(h, M1)).entries.find((e) => e.sourceType === 'activity_sign_in') ?? { id: 'none' }
    expect(await pts(h, SECRETARY, 'reverse', { entryId: signEntry.id, reason: '试图冲正' })).toMatchObject({ ok: false, error: { code: 'POINTS.NOT_REVERSIBLE' } })
  })
})

describe('applications: review, 公示, objection, final', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })
  type App = { application: P.ApplicationView }
  const applyFor = async (openid: string, extra: Record<string, unknown> = {}) =>
    dataOf(await pts<App>(h, openid, 'apply', { category: 'reward', amount: 3, title: '抗冰保畅突击队', evidence: '1月连续值守三昼夜，有照片和排班表', requestId: `req-apply-${++seq}`, ...extra })).application

  test('apply → 初评 → 公示 7 days → final writes the entry, every step with who and when', async () => {
    const app = await applyFor(M1)
    expect(app.status).toBe('pending')
    expect((await my(h, M1)).total).toBe(0)
    const reviewed = dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: app.id, approve: true, amount: 2, note: '支委会初评' })).application
    expect(reviewed).toMatchObject({ status: 'publicity', amount: 2, publicUntil: iso(7 * DAY) })
    // a retried approval answers the application as it is; a contrary decision is refused
    expect(dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: app.id, approve: true, amount: 2 })).application).toEqual(reviewed)
    expect(await pts(h, SECRETARY, 'review', { applicationId: app.id, approve: false })).toMatchObject({ ok: false, error: { code: 'POINTS.BAD_STATE' } })
    type List = { applications: P.ApplicationView[]; asOf: string }
    expect(dataOf(await pts<List>(h, M2, 'listApplications', { scope: 'publicity' })).applications.map((a) => a.id)).toEqual([app.id])
    expect(await pts(h, SECRETARY, 'finalize', { applicationId: app.id })).toMatchObject({ ok: false, error: { code: 'POINTS.PUBLICITY_OPEN' } })
    // the list says the server's time, by which the page tells an ended 公示 (not by the phone's clock)
    expect(dataOf(await pts<List>(h, SECRETARY, 'listApplications', { scope: 'review' })).asOf).toBe(iso(0))
    h.clock.advance(7 * DAY)
    const queue = dataOf(await pts<List>(h, SECRETARY, 'listApplications', { scope: 'review' }))
    expect(queue.asOf).toBe(iso(7 * DAY))
    expect(queue.applications.find((a) => a.id === app.id)?.publicUntil).toBe(queue.asOf)
    expect(dataOf(await pts<List>(h, M1, 'listApplications', { scope: 'mine' })).asOf).toBe(iso(7 * DAY))
    expect(await pts(h, M2, 'object', { applicationId: app.id, text: '公示已过' })).toMatchObject({ ok: false, error: { code: 'POINTS.PUBLICITY_ENDED' } })
    const done = dataOf(await pts<App>(h, SECRETARY, 'finalize', { applicationId: app.id })).application
    expect(done.status).toBe('final')
    expect(done.history.map((s) => s.what)).toEqual(['申请', '初评通过，进入公示', '公示期满，积分生效'])
    expect(done.history.map((s) => s.byName)).toEqual(['李明华', '王建国', '王建国'])
    // finalising twice writes nothing more
    dataOf(await pts(h, SECRETARY, 'finalize', { applicationId: app.id }))
    const mine = await my(h, M1)
    expect(mine.entries).toHaveLength(1)
    expect(mine.entries[0]).toMatchObject({ amount: 2, category: 'reward', sourceType: 'application', status: 'final' })
    // an application's entry is one a secretary may reverse
    expect(dataOf(await pts(h, SECRETARY, 'reverse', { entryId: mine.entries[0]?.id, reason: '材料不实' }))).toMatchObject({ changed: true, entry: { amount: -2, category: 'reward' } })
  })

  test('an objection during 公示 must be resolved: upheld → not approved, no entry; dismissed → final after the period', async () => {
    const a1 = await applyFor(M1)
    const a2 = await applyFor(M1, { title: '志愿服务之星' })
    for (const a of [a1, a2]) dataOf(await pts(h, SECRETARY, 'review', { applicationId: a.id, approve: true }))
    expect(await pts(h, M1, 'object', { applicationId: a1.id, text: '对自己有异议' })).toMatchObject({ ok: false, error: { code: 'POINTS.SELF' } })
    const objected = dataOf(await pts<App>(h, M2, 'object', { applicationId: a1.id, text: '值守名单里没有他' })).application
    expect(objected.status).toBe('objected')
    dataOf(await pts<App>(h, M2, 'object', { applicationId: a2.id, text: '材料不全' }))
    h.clock.advance(8 * DAY)
    expect(await pts(h, SECRETARY, 'finalize', { applicationId: a1.id })).toMatchObject({ ok: false, error: { code: 'POINTS.BAD_STATE' } })
    const upheld = dataOf(await pts<App>(h, SECRETARY, 'resolveObjection', { applicationId: a1.id, uphold: true, note: '核实值守名单无此人' })).application
    expect(upheld).toMatchObject({ status: 'rejected', objections: [{ resolution: 'upheld', byName: '张晓燕' }] })
    const dismissed = dataOf(await pts<App>(h, SECRETARY, 'resolveObjection', { applicationId: a2.id, uphold: false, note: '材料已补齐' })).application
    expect(dismissed.status).toBe('publicity')
    dataOf(await pts(h, SECRETARY, 'finalize', { applicationId: a2.id }))
    expect((await my(h, M1)).entries.map((e) => e.reason)).toEqual(['奖励分：志愿服务之星'])
  })

  test('no caller can approve their own application or create an approved entry outside the review flow', async () => {
    const own = await applyFor(SECRETARY)
    expect(await pts(h, SECRETARY, 'review', { applicationId: own.id, approve: true })).toMatchObject({ ok: false, error: { code: 'POINTS.SELF' } })
    expect(await pts(h, M1, 'review', { applicationId: own.id, approve: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // a status or an amount in the payload is not a field of apply: stripped, the application is pending
    const sneaky = dataOf(await pts<App>(h, M1, 'apply', { category: 'honour', honourLevel: 'national', amount: 20, status: 'final', title: '全国先进', evidence: '证书', requestId: 'req-sneaky-1' })).application
    expect(sneaky).toMatchObject({ status: 'pending', amount: 10 })
    expect(await pts(h, M1, 'apply', { category: 'reward', amount: 10.5, title: '超出上限', evidence: '材料', requestId: 'req-over-1' })).toMatchObject({ ok: false })
    expect(await pts(h, M1, 'apply', { category: 'honour', title: '无级别荣誉', evidence: '材料', requestId: 'req-honour-1' })).toMatchObject({ ok: false, error: { code: 'POINTS.HONOUR_LEVEL' } })
    expect(await pts(h, M1, 'finalize', { applicationId: sneaky.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await h.store.count('points_entry', {})).toBe(0)
    // the admin reviews the secretary's own application
    dataOf(await pts(h, ADMIN, 'review', { applicationId: own.id, approve: true }))
    h.clock.advance(7 * DAY)
    expect(await pts(h, SECRETARY, 'finalize', { applicationId: own.id })).toMatchObject({ ok: false, error: { code: 'POINTS.SELF' } })
    dataOf(await pts(h, ADMIN, 'finalize', { applicationId: own.id }))
    expect((await my(h, SECRETARY)).byCategory.reward).toBe(3)
  })
})

describe('双承诺: filed monthly, reviewed at month end 0–6, visible to the branch', () => {
  test('file, rewrite until reviewed, review once at month end with its task-points entry', async () => {
    const h = await makeHarness()
    type Out = { commitment: { id: string; score: number | null } }
    const c = dataOf(await pts<Out>(h, M1, 'fileCommitment', { post: '保障收费站畅通', service: '每周一次志愿服务' })).commitment
    dataOf(await pts(h, M1, 'fileCommitment', { post: '保障收费站畅通，零投诉', service: '每周一次志愿服务' }))
    expect(await pts(h, M1, 'fileCommitment', { month: '2026-09', post: '太早的月份', service: '太早的月份' })).toMatchObject({ ok: false, error: { code: 'POINTS.MONTH_CLOSED' } })
    const seen = dataOf(await pts<{ commitments: Array<{ post: string; memberName: string }> }>(h, M2, 'listCommitments', { month: '2026-11' })).commitments
    expect(seen).toEqual([expect.objectContaining({ memberName: '李明华', post: '保障收费站畅通，零投诉' })])
    expect(await pts(h, SECRETARY, 'reviewCommitment', { commitmentId: c.id, score: 5 })).toMatchObject({ ok: false, error: { code: 'POINTS.MONTH_NOT_ENDED' } })
    h.clock.set('2026-11-30T02:00:00.000Z')
    expect(await pts(h, SECRETARY, 'reviewCommitment', { commitmentId: c.id, score: 7 })).toMatchObject({ ok: false, error: { code: 'POINTS.OVER_CAP' } })
    expect(dataOf(await pts<Out>(h, SECRETARY, 'reviewCommitment', { commitmentId: c.id, score: 5 })).commitment.score).toBe(5)
    dataOf(await pts<Out>(h, SECRETARY, 'reviewCommitment', { commitmentId: c.id, score: 5 }))
    expect(await pts(h, SECRETARY, 'reviewCommitment', { commitmentId: c.id, score: 6 })).toMatchObject({ ok: false, error: { code: 'POINTS.COMMITMENT_REVIEWED' } })
    expect(await pts(h, M1, 'fileCommitment', { post: '再改一次', service: '再改一次' })).toMatchObject({ ok: false, error: { code: 'POINTS.COMMITMENT_REVIEWED' } })
    const mine = await my(h, M1)
    expect(mine.entries).toEqual([expect.objectContaining({ amount: 5, category: 'task', sourceType: 'commitment' })])
    // so is a commitment's
    expect(dataOf(await pts(h, SECRETARY, 'reverse', { entryId: mine.entries[0]?.id, reason: '评分有误' }))).toMatchObject({ changed: true, entry: { amount: -5, category: 'task' } })
    // the secretary's own commitment is reviewed by someone else
    h.clock.set('2026-12-01T02:00:00.000Z')
    const own = dataOf(await pts<Out>(h, SECRETARY, 'fileCommitment', { month: '2026-11', post: '带头值守', service: '联系群众' })).commitment
    expect(await pts(h, SECRETARY, 'reviewCommitment', { commitmentId: own.id, score: 6 })).toMatchObject({ ok: false, error: { code: 'POINTS.SELF' } })
    dataOf(await pts(h, ADMIN, 'reviewCommitment', { commitmentId: own.id, score: 6 }))
  })
})

describe('year end: ranking, top 20 %, grades, violation, exemption', () => {
  const rules = DEFAULT_RULES
  const fake = (n: number): { members: MemberDoc[]; balances: Map<string, PointsBalanceDoc> } => {
    const members = Array.from({ length: n }, (_, i) => ({ _id: `m${i}`, name: `党员${String(i).padStart(2, '0')}` }) as MemberDoc)
    // distinct scores: 20 + 5·(n − i) task points
    const balances = new Map(members.map((m, i) => [m._id, { _id: m._id, memberId: m._id, year: 2026, total: 0, entries: 0, task: 5 * (n - i) } as PointsBalanceDoc]))
    return { members, balances }
  }

  test.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])('a branch of %i: the top ceil(n × 0.2) are flagged', (n) => {
    const { members, balances } = fake(n)
    const r = rankBranch('b', members, balances, rules)
    const expected = Math.ceil(n * 0.2)
    expect(topCount(n)).toBe(expected)
    expect(r.top).toBe(expected)
    expect(r.rows.filter((x) => x.top).map((x) => x.memberId)).toEqual(members.slice(0, expected).map((m) => m._id))
    expect(r.rows.map((x) => x.rank)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
  })

  test('a tie across the boundary flags none of the tied: never more than ceil(n × 0.2); all equal → none', () => {
    const { members, balances } = fake(10) // k = 2
    const b = (id: string) => balances.get(id) ?? ({} as PointsBalanceDoc)
    b('m2').task = b('m1').task // 2nd and 3rd tied across the boundary
    const r = rankBranch('b', members, balances, rules)
    expect(r.rows.filter((x) => x.top).map((x) => x.memberId)).toEqual(['m0'])
    expect(r.rows.slice(0, 3).map((x) => x.rank)).toEqual([1, 2, 2])
    for (const m of members) b(m._id).task = 0
    expect(rankBranch('b', members, balances, rules).rows.filter((x) => x.top)).toEqual([])
  })

  test('equal scores share a rank; exempted members are left out of the ranking and of n; a violator is 不合格 and not flagged', () => {
    const { members, balances } = fake(6)
    const b = (id: string) => balances.get(id) ?? ({} as PointsBalanceDoc)
    b('m1').task = b('m0').task // tie at the top
    b('m0').violation = true
    b('m5').exempt = true
    const r = rankBranch('b', members, balances, rules)
    expect(r.ranked).toBe(5)
    expect(r.top).toBe(1)
    const by = new Map(r.rows.map((x) => [x.memberId, x]))
    expect(by.get('m0')).toMatchObject({ rank: 1, top: false, grade: 'unqualified' })
    expect(by.get('m1')).toMatchObject({ rank: 1, top: true })
    expect(by.get('m2')?.rank).toBe(3)
    expect(by.get('m5')).toMatchObject({ rank: null, top: false, grade: null, exempt: true })
    expect(r.rows.at(-1)?.memberId).toBe('m5')
  })

  test.each([
    [59, 'unqualified'],
    [60, 'basic'],
    [79, 'basic'],
    [80, 'qualified'],
    [89, 'qualified'],
    [90, 'excellent'],
    [100, 'excellent'],
  ] as const)('grade at %i is %s; with a violation 不合格', (score, grade) => {
    expect(gradeOf(score, false)).toBe(grade)
    expect(gradeOf(score, true)).toBe('unqualified')
  })

  test('through the actions: a violation marked by the secretary, an exemption approved by the admin only, the branch ranking read from counters', async () => {
    const h = await makeHarness()
    await give(h, idOf(h, M1), { kind: 'commitment', score: 6 })
    await give(h, idOf(h, M2), { kind: 'commitment', score: 3 })
    dataOf(await pts(h, SECRETARY, 'setStanding', { memberId: idOf(h, M2), year: 2026, exempt: false, violation: true, reason: '违反廉洁纪律受处分' }))
    const m3 = idOf(h, DEMO.memberOpenid(3))
    const before = await h.store.get('points_balance', balanceId(m3, 2026))
    expect(await pts(h, SECRETARY, 'setStanding', { memberId: m3, year: 2026, exempt: true, violation: false, reason: '长期病假' })).toMatchObject({ ok: false, error: { code: 'POINTS.EXEMPT_ADMIN_ONLY' } })
    expect(await h.store.get('points_balance', balanceId(m3, 2026))).toEqual(before)
    dataOf(await pts(h, ADMIN, 'setStanding', { memberId: m3, year: 2026, exempt: true, violation: false, reason: '长期病假' }))
    // The secretary may still mark a violation on an exempted member (keeping the exemption), not lift it.
    dataOf(await pts(h, SECRETARY, 'setStanding', { memberId: m3, year: 2026, exempt: true, violation: false, reason: '核实无违纪' }))
    expect(await pts(h, SECRETARY, 'setStanding', { memberId: m3, year: 2026, exempt: false, violation: false, reason: '病愈返岗' })).toMatchObject({ ok: false, error: { code: 'POINTS.EXEMPT_ADMIN_ONLY' } })
    expect(await pts(h, SECRETARY, 'setStanding', { memberId: idOf(h, SECRETARY), year: 2026, exempt: true, violation: false, reason: '给自己免评' })).toMatchObject({ ok: false, error: { code: 'POINTS.SELF' } })
    const r = dataOf(await pts<P.GetRankingOutput>(h, M1, 'getRanking', { year: 2026 }))
    expect(r.rows[0]).toMatchObject({ name: '李明华', rank: 1, top: true, score: 26 })
    expect(r.rows.find((x) => x.name === '张晓燕')).toMatchObject({ rank: 2, violation: true, grade: 'unqualified', top: false })
    expect(r.rows.find((x) => x.name === '刘建军')).toMatchObject({ rank: null, exempt: true })
    expect(r.ranked).toBe(r.rows.length - 1)
    expect(r.topCount).toBe(Math.ceil(r.ranked * 0.2))
    expect((await my(h, M2)).grade).toBe('unqualified')
    expect(await pts(h, M1, 'getRanking', { year: 2026, branchId: DEMO.otherBranchId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const x = dataOf(await pts<{ fileName: string; base64: string }>(h, SECRETARY, 'exportYear', { year: 2026 }))
    expect(x.fileName).toBe('积分_第四党支部_2026.xlsx')
    expect(Buffer.from(x.base64, 'base64').subarray(0, 2).toString()).toBe('PK')
  })
})

describe('the frozen year', () => {
  test('freeze: a snapshot and a checksum; twice answers the same; no write to the year after; verify detects an altered entry', async () => {
    const h = await makeHarness()
    await signInTo(h, M1)
    await give(h, idOf(h, M2), { kind: 'commitment', score: 4 })
    expect(await pts(h, ADMIN, 'freezeYear', { year: 2026 })).toMatchObject({ ok: false, error: { code: 'POINTS.BAD_STATE' } })
    expect(await pts(h, ADMIN, 'verifyYear', { year: 2026 })).toMatchObject({ ok: false, error: { code: 'POINTS.NOT_FROZEN' } })
    h.clock.set('2027-01-05T02:00:00.000Z')
    expect(await pts(h, SECRETARY, 'freezeYear', { year: 2026 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const first = dataOf(await pts<{ checksum: string; entries: number; alreadyFrozen: boolean }>(h, ADMIN, 'freezeYear', { year: 2026 }))
    expect(first).toMatchObject({ entries: 2, alreadyFrozen: false })
    const second = dataOf(await pts<typeof first>(h, ADMIN, 'freezeYear', { year: 2026 }))
    expect(second).toEqual({ ...first, alreadyFrozen: true })
    expect(await h.store.count('points_year', {})).toBe(1)
    expect(dataOf(await pts<{ ok: boolean }>(h, ADMIN, 'verifyYear', { year: 2026 })).ok).toBe(true)

    const ranking = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2026 }))
    expect(ranking.frozen).toBe(true)
    expect(ranking.rows.find((r) => r.name === '张晓燕')?.score).toBe(24)
    // nothing can be written into the frozen year
    await expect(give(h, idOf(h, M2), { kind: 'commitment', score: 4 })).rejects.toMatchObject({ code: 'POINTS.YEAR_FROZEN' })
    expect(await pts(h, SECRETARY, 'setStanding', { memberId: idOf(h, M2), year: 2026, exempt: true, violation: false, reason: '封存后修改' })).toMatchObject({ ok: false, error: { code: 'POINTS.YEAR_FROZEN' } })
    expect(dataOf(await pts<{ ok: boolean }>(h, ADMIN, 'verifyYear', { year: 2026 })).ok).toBe(true)

    // someone alters an entry in the database behind the API
    const entry = (await h.store.query<PointsEntryDoc>('points_entry', { where: { memberId: idOf(h, M2), year: 2026 } })).docs[0]
    if (!entry) throw new Error('no entry')
    await h.store.update('points_entry', entry._id, { set: { amount: 6 } })
    const v = dataOf(await pts<{ ok: boolean; mismatches: string[]; checksum: string; recomputed: string }>(h, ADMIN, 'verifyYear', { year: 2026 }))
    expect(v.ok).toBe(false)
    expect(v.recomputed).not.toBe(v.checksum)
    expect(v.mismatches).toEqual([idOf(h, M2)])
  })
})

describe('year reads come from the counters', () => {
  test('getRanking reads no ledger entry; getMyPoints reads only the caller\'s own year of entries', async () => {
    const { store, reads } = recordingStore(await freshStore())
    const h = await makeHarness({ store })
    for (const n of [1, 2, 3]) await give(h, idOf(h, DEMO.memberOpenid(n)), { kind: 'commitment', score: n })
    reads.length = 0
    dataOf(await pts(h, SECRETARY, 'getRanking', { year: 2026 }))
    expect(reads.filter((r) => r.collection === 'points_entry')).toEqual([])
    expect(reads.map((r) => r.collection).sort()).toEqual(['member', 'points_balance'])
    reads.length = 0
    const mine = await my(h, M2)
    expect(mine.byCategory.task).toBe(2)
    expect(reads.filter((r) => r.collection === 'points_entry')).toEqual([{ collection: 'points_entry', where: { memberId: idOf(h, M2), year: 2026 } }])
  })
})

describe('upgrading: balances written before the categories are rebuilt from the ledger', () => {
  test('a legacy balance (no category, no branch) is found by the check, repaired, then ranked; entries untouched', async () => {
    const h = await makeHarness()
    const m = idOf(h, M1)
    const legacy = { orgId: DEMO.orgId, branchId: DEMO.branchId, memberId: m, year: 2026, reason: '旧签到', reverses: null, recordedBy: m, at: iso(0) }
    await h.store.insert('points_entry', { _id: 'legacy_1', ...legacy, amount: 2, source: { type: 'activity_sign_in', ref: 'a1' } })
    await h.store.insert('points_entry', { _id: 'legacy_2', ...legacy, amount: 1, source: { type: 'lecture_completed', ref: 'l1' } })
    await h.store.insert('points_balance', { _id: balanceId(m, 2026), memberId: m, year: 2026, total: 3, entries: 2 })
    await h.store.insert('points_balance', { _id: balanceId(idOf(h, M2), 2026), memberId: idOf(h, M2), year: 2026, total: 0, entries: 0, exempt: true })
    const before = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2026 }))
    expect(before.rows.find((r) => r.name === '李明华')?.score).toBe(20)

    const check = await repairPointsBalances(h.store, { fix: false })
    expect(check.differences.filter((d) => d.id === balanceId(m, 2026)).map((d) => d.field).sort()).toEqual(['branchId', 'orgId', 'task'])
    expect(check.differences.map((d) => d.id)).not.toContain(balanceId(idOf(h, M2), 2026))
    await repairPointsBalances(h.store, { fix: true })
    expect((await repairPointsBalances(h.store, { fix: false })).differences).toEqual([])

    const after = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2026 }))
    expect(after.rows[0]).toMatchObject({ name: '李明华', score: 23, rank: 1 })
    expect((await my(h, M1)).byCategory.task).toBe(3)
    expect((await h.store.get<PointsEntryDoc>('points_entry', 'legacy_1'))?.category).toBeUndefined()
  })
})

/** The rows of a sheet of an exported workbook, each cell as text. */
async function sheetsOf(base64: string) {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer)
  return (name: string) => {
    const ws = wb.getWorksheet(name)
    if (!ws) throw new Error(`no sheet ${name}`)
    const out: string[][] = []
    ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))))
    return out
  }
}

describe('the .xlsx export', () => {
  test("a member's own year: the score by category against each cap, the grade, and only their own 明细, oldest first", async () => {
    const h = await makeHarness()
    const m = idOf(h, M1)
    await signInTo(h, M1)
    h.clock.advance(DAY)
    dataOf(await pts(h, SECRETARY, 'deduct', { memberId: m, item: 'late_dues', note: '11月党费未按时交纳', requestId: 'req-export-mine' }))
    await signInTo(h, M2)
    const mine = await my(h, M1)
    const x = dataOf(await pts<{ fileName: string; base64: string }>(h, M1, 'exportMine', {}))
    expect(x.fileName).toBe(`我的积分_李明华_${mine.year}.xlsx`)
    const rows = await sheetsOf(x.base64)
    const summary = rows('我的积分')
    expect(summary[0]?.[0]).toBe(`李明华 ${mine.year} 年度党员积分`)
    expect(summary.find((r) => r[0] === '基础分')).toEqual(['基础分', String(mine.byCategory.base), '20'])
    expect(summary.find((r) => r[0] === '任务分')).toEqual(['任务分', String(mine.byCategory.task), '70'])
    expect(summary.find((r) => r[0] === '总分')?.[1]).toBe(String(mine.score))
    expect(summary.find((r) => r[0] === '等次')?.[1]).toBe('不合格')
    const detail = rows('积分明细')
    const body = detail.slice(detail.findIndex((r) => r.includes('来源')) + 1)
    // two entries, both the member's own (张晓燕's sign-in is not there), the deduction last
    expect(body).toHaveLength(mine.entries.length)
    expect(body).toHaveLength(2)
    expect(body[0]).toEqual(expect.arrayContaining(['任务分', '签到']))
    expect(body[1]).toEqual(expect.arrayContaining(['基础分', '-2', '扣分']))
    expect(body[1]?.join(' ')).toContain('11月党费未按时交纳')
    // a past year without entries: the same sheets, empty 明细
    const empty = await sheetsOf(dataOf(await pts<{ base64: string }>(h, M1, 'exportMine', { year: 2024 })).base64)
    expect(empty('积分明细').filter((r) => !r.includes('来源'))).toEqual([])
    // nobody's record: no export
    expect(await pts(h, 'wx-stranger', 'exportMine', {})).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_MEMBER' } })
  })

  test('a real workbook: the ranking with the exempted member, the 明细 with every entry and its source in Chinese', async () => {
    const h = await makeHarness()
    const m = idOf(h, M1)
    dataOf(await pts(h, SECRETARY, 'deduct', { memberId: m, item: 'late_dues', note: '11月党费未按时交纳', requestId: 'req-export-1' }))
    await signInTo(h, M2)
    dataOf(await pts(h, ADMIN, 'setStanding', { memberId: idOf(h, DEMO.memberOpenid(3)), year: 2026, exempt: true, violation: false, reason: '全年病休' }))
    const x = dataOf(await pts<{ fileName: string; base64: string }>(h, SECRETARY, 'exportYear', { year: 2026 }))
    const rows = await sheetsOf(x.base64)
    const ranking = rows('积分排名')
    expect(ranking.find((r) => r.includes('刘建军'))).toEqual(expect.arrayContaining(['免评', '免于参评']))
    const detail = rows('积分明细')
    const header = detail.find((r) => r.includes('来源')) ?? []
    const source = header.indexOf('来源')
    const deduction = detail.find((r) => r.includes('李明华'))
    const signIn = detail.find((r) => r.includes('张晓燕'))
    expect(deduction?.[source]).toBe('扣分')
    expect(deduction).toEqual(expect.arrayContaining(['基础分', '-2']))
    expect(signIn?.[source]).toBe('签到')
    // no raw source type left in the sheet
    expect(detail.map((r) => r[source]).filter((s) => /^[a-z_]+$/.test(s ?? ''))).toEqual([])
  })
})
