/**
 * The edges of the points flows: applications at their caps, review texts and refusals, objections
 * retried and resolved twice, the application lists by scope, year and order; 双承诺 across the
 * year boundary and sorted by name; the absence sweep's queries bounded by branch and year, a
 * member moved behind the API, and a write lost to a concurrent sweep.
 */
import type { points as P } from '../../contracts'
import type { PointsRulesDoc } from '../../server/domain/points/rules'
import { memberIdFor } from '../../server/domain/shared/actor'
import { DEMO } from '../../server/seed/demo'
import { DuplicateIdError } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { addOtherBranchStaff, OTHER_BRANCH } from '../support/orgs'
import { overrideStore, recordingStore } from '../support/override-store'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const MIN = 60_000
const pts = <D>(h: Harness, openid: string | null, action: string, input: Record<string, unknown> = {}) => h.call<D>('points', openid, { action, ...input })
const act = <D>(h: Harness, openid: string, action: string, input: Record<string, unknown> = {}) => h.call<D>('activity', openid, { action, ...input })
const idOf = (h: Harness, openid: string) => memberIdFor(h.runtime, openid)
type App = { application: P.ApplicationView }
type List = { applications: P.ApplicationView[]; asOf: string }

let seq = 0
const applyFor = async (h: Harness, openid: string, extra: Record<string, unknown> = {}) =>
  dataOf(await pts<App>(h, openid, 'apply', { category: 'reward', amount: 3, title: '抗冰保畅突击队', evidence: '1月连续值守三昼夜', requestId: `req-edge-${++seq}`, ...extra })).application

describe('applying', () => {
  test('at the cap of its category exactly is allowed, past it OVER_CAP; an amount is required but for honours; the honour level is kept for honours only', async () => {
    const h = await makeHarness()
    expect((await applyFor(h, M(1), { amount: 10 })).amount).toBe(10)
    expect(await pts(h, M(1), 'apply', { category: 'reward', amount: 10.5, title: '超出上限', evidence: '材料', requestId: 'req-cap-1' })).toMatchObject({ ok: false, error: { code: 'POINTS.OVER_CAP' } })
    // 任务分 is capped at 70, so 15 is a task application's to ask, not a reward's
    expect((await applyFor(h, M(1), { category: 'task', amount: 15 })).amount).toBe(15)
    expect(await pts(h, M(1), 'apply', { category: 'reward', amount: 15, title: '超出上限', evidence: '材料', requestId: 'req-cap-2' })).toMatchObject({ ok: false, error: { code: 'POINTS.OVER_CAP' } })
    const before = await h.store.count('points_application', {})
    expect(await pts(h, M(1), 'apply', { category: 'task', title: '未填分值', evidence: '材料', requestId: 'req-none-1' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'amount', message: '请填写申请分值' }] },
    })
    expect(await h.store.count('points_application', {})).toBe(before)
    expect((await applyFor(h, M(1), { honourLevel: 'city' })).honourLevel).toBeNull()
    const honour = await applyFor(h, M(1), { category: 'honour', honourLevel: 'province', amount: undefined })
    expect(honour).toMatchObject({ honourLevel: 'province', amount: 5 })
  })

  test('a year marked frozen refuses applications into it and writes nothing', async () => {
    const h = await makeHarness()
    const doc = await h.store.get<PointsRulesDoc>('points_rules', DEMO.orgId)
    if (doc) await h.store.update('points_rules', DEMO.orgId, { set: { frozenYears: [2026] } })
    else await h.store.insert('points_rules', { _id: DEMO.orgId, orgId: DEMO.orgId, versions: [], frozenYears: [2026] })
    expect(await pts(h, M(1), 'apply', { category: 'reward', amount: 2, title: '封存年度', evidence: '材料', requestId: 'req-frozen-1' })).toMatchObject({ ok: false, error: { code: 'POINTS.YEAR_FROZEN' } })
    expect(await h.store.count('points_application', {})).toBe(0)
  })
})

describe('review', () => {
  test('approving above the asked amount is refused; rejecting names no amount to check; notes and steps are kept; a retried decision answers as it is', async () => {
    const h = await makeHarness()
    const a = await applyFor(h, M(1))
    expect(await pts(h, SECRETARY, 'review', { applicationId: a.id, approve: true, amount: 4 })).toMatchObject({ ok: false, error: { code: 'POINTS.OVER_CAP' } })
    expect((await h.store.get<{ _id: string; status: string }>('points_application', a.id))?.status).toBe('pending')
    const approved = dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: a.id, approve: true, note: '支委会一致同意' })).application
    expect(approved).toMatchObject({ status: 'publicity', amount: 3 })
    expect(approved.history.map((s) => [s.what, s.note])).toEqual([
      ['申请', null],
      ['初评通过，进入公示', '支委会一致同意'],
    ])
    expect(dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: a.id, approve: true })).application).toEqual(approved)

    const b = await applyFor(h, M(2))
    const rejected = dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: b.id, approve: false, amount: 5, note: '材料不足' })).application
    expect(rejected).toMatchObject({ status: 'rejected', amount: 3, publicUntil: null })
    expect(rejected.history.map((s) => [s.what, s.byName, s.note])).toEqual([
      ['申请', '张晓燕', null],
      ['初评未通过', '王建国', '材料不足'],
    ])
    expect(dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: b.id, approve: false, amount: 5, note: '材料不足' })).application).toEqual(rejected)
    const c = await applyFor(h, M(3))
    expect(dataOf(await pts<App>(h, SECRETARY, 'review', { applicationId: c.id, approve: false })).application.history.at(-1)).toMatchObject({ what: '初评未通过', note: null })
  })
})

describe('objections', () => {
  test('one of another branch cannot object; a retried objection is one, a different text or another member adds one; resolving twice keeps the first resolution', async () => {
    const h = await makeHarness()
    await addOtherBranchStaff(h)
    const a = await applyFor(h, M(1))
    dataOf(await pts(h, SECRETARY, 'review', { applicationId: a.id, approve: true }))
    expect(await pts(h, OTHER_BRANCH.memberOpenid, 'object', { applicationId: a.id, text: '不认识此人' })).toMatchObject({ ok: false, error: { code: 'POINTS.NOT_FOUND' } })
    const objectAs = async (openid: string, text: string) => dataOf(await pts<App>(h, openid, 'object', { applicationId: a.id, text })).application
    await objectAs(M(2), '值守名单里没有他')
    expect((await objectAs(M(2), '值守名单里没有他')).objections).toHaveLength(1)
    expect((await objectAs(M(2), '照片日期不对')).objections).toHaveLength(2)
    const three = await objectAs(M(3), '值守名单里没有他')
    expect(three.objections.map((o) => [o.byName, o.text])).toEqual([
      ['张晓燕', '值守名单里没有他'],
      ['张晓燕', '照片日期不对'],
      ['刘建军', '值守名单里没有他'],
    ])
    const dismissed = dataOf(await pts<App>(h, SECRETARY, 'resolveObjection', { applicationId: a.id, uphold: false, note: '核实确有值守' })).application
    expect(dismissed.status).toBe('publicity')
    expect(dismissed.history.at(-1)).toMatchObject({ what: '异议不成立，继续公示', byName: '王建国', note: '核实确有值守' })
    expect(dismissed.objections.map((o) => o.resolution)).toEqual(['dismissed', 'dismissed', 'dismissed'])
    // the same text again after its resolution is a new objection, not a retry
    expect((await objectAs(M(2), '值守名单里没有他')).objections).toHaveLength(4)
    const upheld = dataOf(await pts<App>(h, SECRETARY, 'resolveObjection', { applicationId: a.id, uphold: true, note: '照片为去年' })).application
    expect(upheld.status).toBe('rejected')
    expect(upheld.objections.map((o) => o.resolution)).toEqual(['dismissed', 'dismissed', 'dismissed', 'upheld'])
    expect(upheld.history.at(-1)).toMatchObject({ what: '异议成立，申请不通过', note: '照片为去年' })
    // a retried 'uphold' answers the rejected application as it is
    expect(dataOf(await pts<App>(h, SECRETARY, 'resolveObjection', { applicationId: a.id, uphold: true, note: '照片为去年' })).application).toEqual(upheld)
  })
})

describe('the application lists', () => {
  test('mine: my own of the year, newest first; review: pending, objected, then in 公示, each oldest first; publicity: no pending; members may not review', async () => {
    const h = await makeHarness()
    h.clock.set('2025-12-20T02:00:00.000Z')
    const old = await applyFor(h, M(1), { title: '去年的申请' })
    h.clock.set(T0)
    const mine = [] as P.ApplicationView[]
    for (let i = 0; i < 4; i++) {
      mine.push(await applyFor(h, M(1), { title: `申请${i + 1}` }))
      h.clock.advance(MIN)
    }
    const others = [] as P.ApplicationView[]
    for (let i = 0; i < 4; i++) {
      others.push(await applyFor(h, M(2), { title: `他人申请${i + 1}` }))
      h.clock.advance(MIN)
    }
    const list = async (openid: string, input: Record<string, unknown>) => dataOf(await pts<List>(h, openid, 'listApplications', input)).applications.map((a) => a.id)
    expect(await list(M(1), { scope: 'mine' })).toEqual(mine.map((a) => a.id).reverse())
    expect(await list(M(1), { scope: 'mine', year: 2025 })).toEqual([old.id])

    // in 公示: others[3], then others[1]; objected: others[2]
    for (const a of [others[3], others[1], others[2]]) dataOf(await pts(h, SECRETARY, 'review', { applicationId: a?.id, approve: true }))
    dataOf(await pts(h, M(1), 'object', { applicationId: others[2]?.id, text: '有异议' }))
    // last year's still pending application waits in the queue too, first
    const pending = [old, ...mine, others[0]].map((a) => a?.id)
    expect(await list(SECRETARY, { scope: 'review' })).toEqual([...pending, others[2]?.id, others[1]?.id, others[3]?.id])
    expect(await list(M(3), { scope: 'publicity' })).toEqual([others[1]?.id, others[3]?.id, others[2]?.id])
    expect(await pts(h, M(3), 'listApplications', { scope: 'review' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('双承诺 edges', () => {
  test("in January last December may be filed late, unless that year is frozen; the review's entry names the month; the list is in name order", async () => {
    const h = await makeHarness()
    const file = (openid: string, month?: string) => pts<{ commitment: { id: string } }>(h, openid, 'fileCommitment', { ...(month ? { month } : {}), post: '做好收费稽核', service: '帮扶困难群众' })
    // filed in an order that is not the name order (李 张 刘 陈 → 陈 李 刘 张)
    const ids: string[] = []
    for (const n of [3, 2, 4, 1]) ids.push(dataOf(await file(M(n))).commitment.id)
    const listed = dataOf(await pts<{ commitments: Array<{ memberName: string }> }>(h, SECRETARY, 'listCommitments', { month: '2026-11' })).commitments
    expect(listed.map((c) => c.memberName)).toEqual(['陈思远', '李明华', '刘建军', '张晓燕'])
    h.clock.set('2026-11-30T02:00:00.000Z')
    const reviewed = dataOf(await pts<{ commitment: { score: number } }>(h, SECRETARY, 'reviewCommitment', { commitmentId: ids[3], score: 5 }))
    expect(reviewed.commitment.score).toBe(5)
    const entry = dataOf(await pts<P.GetMyPointsOutput>(h, M(1), 'getMyPoints')).entries[0]
    expect(entry).toMatchObject({ reason: '2026-11 双承诺审核赋分', amount: 5, sourceType: 'commitment' })

    h.clock.set('2027-01-10T02:00:00.000Z')
    expect(dataOf(await file(M(5), '2026-12')).commitment.id).toBeTruthy()
    expect(await file(M(5), '2026-11')).toMatchObject({ ok: false, error: { code: 'POINTS.MONTH_CLOSED' } })
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2026 }))
    expect(await file(M(6), '2026-12')).toMatchObject({ ok: false, error: { code: 'POINTS.YEAR_FROZEN' } })
    expect(dataOf(await file(M(6))).commitment.id).toBeTruthy()
  })
})

describe('the absence sweep', () => {
  async function heldActivity(h: Harness, title: string, expected: string[], branch: string = SECRETARY) {
    const at = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
    return dataOf(await act<{ activity: { id: string } }>(h, branch, 'createActivity', { kind: 'theme_day', title, startAt: at(-10 * MIN), endAt: at(100 * MIN), expectedMemberIds: expected.map((o) => idOf(h, o)) })).activity
  }
  const settle = async (h: Harness, input: Record<string, unknown> = {}) => dataOf(await pts<P.SettleAbsencesOutput>(h, SECRETARY, 'settleAbsences', input))

  test("every query of a sweep is bounded by the branch (and the year's dates); last year's activity and the other branch's are not this year's", async () => {
    const { store, reads } = recordingStore(await freshStore())
    const h = await makeHarness({ store })
    await addOtherBranchStaff(h)
    h.clock.set('2025-11-20T09:00:00.000Z')
    await heldActivity(h, '去年的主题党日', [M(1), M(2)])
    h.clock.set(T0)
    await heldActivity(h, '第三支部主题党日', [OTHER_BRANCH.memberOpenid], OTHER_BRANCH.secretaryOpenid)
    await heldActivity(h, '十一月主题党日', [M(1), M(2)])
    h.clock.advance(101 * MIN)
    reads.length = 0
    expect(await settle(h)).toMatchObject({ year: 2026, activities: 1, deducted: 2, standing: 2 })
    const queried = reads.filter((r) => ['activity', 'member', 'points_balance'].includes(r.collection))
    expect(queried.map((r) => r.collection).sort()).toEqual(['activity', 'member', 'points_balance'])
    for (const r of queried) expect(r.where).toMatchObject({ branchId: DEMO.branchId })
    expect(queried.find((r) => r.collection === 'points_balance')?.where).toEqual({ branchId: DEMO.branchId, year: 2026 })
    expect(queried.find((r) => r.collection === 'activity')?.where).toMatchObject({ startAt: { $gte: expect.stringMatching(/^2025-12-31T16:00/), $lt: expect.stringMatching(/^2026-12-31T16:00/) } })
    expect(await settle(h, { year: 2025 })).toMatchObject({ year: 2025, activities: 1, deducted: 2 })
  })

  test('a member moved to another branch behind the API loses the deduction at the next sweep, which goes on to the later activities', async () => {
    const h = await makeHarness()
    await heldActivity(h, '十一月主题党日', [M(1), M(2)])
    h.clock.advance(101 * MIN)
    expect(await settle(h)).toMatchObject({ deducted: 2 })
    await h.store.update('member', idOf(h, M(2)), { set: { branchId: DEMO.otherBranchId } })
    // a later activity that M2 (still with a balance of this branch) was never expected at
    h.clock.advance(60 * MIN)
    await heldActivity(h, '十一月党课', [M(1)])
    h.clock.advance(101 * MIN)
    expect(await settle(h)).toMatchObject({ activities: 2, deducted: 1, cleared: 1, standing: 2 })
    expect(await settle(h)).toMatchObject({ deducted: 0, cleared: 0, standing: 2 })
    expect(dataOf(await pts<P.GetMyPointsOutput>(h, M(2), 'getMyPoints')).byCategory.base).toBe(20)
    expect(dataOf(await pts<P.GetMyPointsOutput>(h, M(1), 'getMyPoints')).byCategory.base).toBe(16)
  })

  test('a deduction another sweep wrote first is not counted and does not fail the sweep; any other failure does', async () => {
    const inner = await freshStore()
    let fail: Error | null = null
    const store = overrideStore(inner, (s) => ({
      transaction: (fn) => {
        const f = fail
        if (f) {
          fail = null
          return Promise.reject(f)
        }
        return s.transaction(fn)
      },
    }))
    const h = await makeHarness({ store })
    await heldActivity(h, '十一月主题党日', [M(1), M(2), M(3)])
    h.clock.advance(101 * MIN)
    fail = new DuplicateIdError('points_entry', 'x')
    expect(await settle(h)).toMatchObject({ deducted: 2, standing: 3 })
    expect(fail).toBeNull()
    expect(await settle(h)).toMatchObject({ deducted: 1, standing: 3 })
    await heldActivity(h, '十二月主题党日', [M(1)])
    h.clock.advance(101 * MIN)
    fail = new Error('连接中断（测试）')
    expect(await pts(h, SECRETARY, 'settleAbsences')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(h.errors).toEqual([expect.objectContaining({ message: '连接中断（测试）' })])
  })
})
