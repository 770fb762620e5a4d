/**
 * The points year in detail: the branch and member .xlsx exports cell by cell, the freeze's
 * checksum recomputed independently (id order, legacy entries, other organisations and years left
 * out), the freeze racing itself and failing, the frozen ranking per branch, the ranking's order
 * rules, and the manager's corrections (deduction, reversal, standing) with their exact texts.
 */
import { createHash } from 'node:crypto'
import type { points as P } from '../../contracts'
import { award, type AwardRule, type PointsEntryDoc } from '../../server/domain/points/ledger'
import { repairPointsBalances } from '../../server/domain/points/balance-repair'
import { rankBranch } from '../../server/domain/points/points.usecases'
import { DEFAULT_RULES } from '../../server/domain/points/rules'
import { memberIdFor } from '../../server/domain/shared/actor'
import { cnTime } from '../../server/domain/shared/china-time'
import type { MemberDoc } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import type { DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'
import { addOtherBranchStaff, ORG_B, OTHER_BRANCH, seedOrgB } from '../support/orgs'
import { freshStore } from '../support/store'
import { overrideStore } from '../support/override-store'
import { readWorkbook, trimRow } from '../support/xlsx'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const DAY = 24 * 3600_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const pts = <D>(h: Harness, openid: string | null, action: string, input: Record<string, unknown> = {}) => h.call<D>('points', openid, { action, ...input })
const idOf = (h: Harness, openid: string) => memberIdFor(h.runtime, openid)
const AFTER_YEAR = '2027-01-05T02:00:00.000Z'

/** One entry written through the ledger with a chosen id and time (an earning module's write). */
function put(h: Harness, id: string, memberId: string, rule: AwardRule, at: string, extra: { year?: number; orgId?: string; branchId?: string | null } = {}): Promise<PointsEntryDoc> {
  return h.store.transaction((tx) =>
    award(tx, {
      id,
      orgId: extra.orgId ?? DEMO.orgId,
      branchId: extra.branchId === undefined ? DEMO.branchId : extra.branchId,
      memberId,
      year: extra.year ?? 2026,
      at,
      occurredAt: at,
      rule,
      reason: `测试 ${id}`,
      source: { type: 'commitment', ref: id },
      recordedBy: 'test',
    }),
  )
}

/** The rows of each sheet of an exported workbook. */
const sheetsOf = async (base64: string) => {
  const book = await readWorkbook(base64)
  return (name: string) => book.rows(name)
}
const trim = trimRow

/** The checksum as documented: SHA-256 over the year's entries of the organisation in id order, one JSON line each. */
async function expectedChecksum(store: DocumentStore, orgId: string, year: number) {
  const { docs } = await store.query<PointsEntryDoc>('points_entry', { where: { orgId, year }, limit: 1000 })
  const hash = createHash('sha256')
  for (const e of [...docs].sort((a, b) => (a._id < b._id ? -1 : 1)))
    hash.update(JSON.stringify([e._id, e.memberId, e.branchId, e.year, e.category ?? 'task', e.amount, e.source.type, e.source.ref, e.reverses, e.recordedBy, e.at, e.reason]) + '\n')
  return { checksum: hash.digest('hex'), entries: docs.length }
}

/** A year with every kind of entry: task, reward, honour, a deduction and its reversal, entries written out of id order, a legacy one without category. */
async function busyYear(h: Harness) {
  const m1 = idOf(h, M(1))
  const m2 = idOf(h, M(2))
  // at order c, a, b; id order a, b, c
  await put(h, 'e_c', m1, { kind: 'commitment', score: 5 }, iso(-3 * DAY))
  await put(h, 'e_a', m2, { kind: 'reviewed', category: 'reward', amount: 3 }, iso(-2 * DAY))
  await put(h, 'e_b', m1, { kind: 'reviewed', category: 'honour', amount: 2 }, iso(-DAY))
  const d = dataOf(await pts<{ entry: { id: string } }>(h, SECRETARY, 'deduct', { memberId: m2, item: 'late_dues', note: '10月', requestId: 'req-year-1' }))
  h.clock.advance(60_000)
  dataOf(await pts(h, SECRETARY, 'reverse', { entryId: d.entry.id, reason: '已补交' }))
  h.clock.advance(60_000)
  dataOf(await pts(h, SECRETARY, 'deduct', { memberId: m1, item: 'duty_lapse', note: '11月', requestId: 'req-year-2' }))
  // written before the categories existed: no category, an unknown source type; balances repaired from the ledger
  await h.store.insert('points_entry', { _id: 'e_0legacy', orgId: DEMO.orgId, branchId: DEMO.branchId, memberId: m2, year: 2026, amount: 1, reason: '旧记录', source: { type: 'legacy_import', ref: 'x' }, reverses: null, recordedBy: m2, at: iso(-4 * DAY) })
  await repairPointsBalances(h.store, { fix: true })
  // the other branch, another year: never in this branch's 2026 export
  await addOtherBranchStaff(h)
  await put(h, 'e_other_branch', idOf(h, OTHER_BRANCH.memberOpenid), { kind: 'commitment', score: 1 }, iso(-DAY), { branchId: OTHER_BRANCH.branchId })
  await put(h, 'e_2025', m1, { kind: 'commitment', score: 4 }, '2025-06-01T02:00:00.000Z', { year: 2025 })
}

describe('the branch export, cell by cell', () => {
  test('积分排名: title, header and one row per ranked member as getRanking has it; 积分明细: this branch and year in time order', async () => {
    const h = await makeHarness()
    await busyYear(h)
    const m3 = idOf(h, M(3))
    const m4 = idOf(h, M(4))
    dataOf(await pts(h, ADMIN, 'setStanding', { memberId: m3, year: 2026, exempt: true, violation: false, reason: '全年病休' }))
    dataOf(await pts(h, ADMIN, 'setStanding', { memberId: m4, year: 2026, exempt: true, violation: true, reason: '病休，受处分' }))
    dataOf(await pts(h, SECRETARY, 'setStanding', { memberId: idOf(h, M(5)), year: 2026, exempt: false, violation: true, reason: '受处分' }))
    const ranking = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2026 }))
    expect(ranking.frozen).toBe(false)
    const x = dataOf(await pts<{ fileName: string; base64: string }>(h, SECRETARY, 'exportYear', { year: 2026 }))
    const rows = await sheetsOf(x.base64)
    const sheet = rows('积分排名')
    expect(sheet[0]?.[0]).toBe('第四党支部 2026 年度党员积分排名')
    expect(sheet[1]).toEqual(['名次', '姓名', '基础分', '任务分', '奖励分', '荣誉加分', '总分', '等次', '前20%', '备注'])
    const labels: Record<string, string> = { excellent: '优秀', qualified: '合格', basic: '基本合格', unqualified: '不合格' }
    const remark = (r: P.GetRankingOutput['rows'][number]) => (r.exempt && r.violation ? '免于参评，有违纪记录' : r.exempt ? '免于参评' : r.violation ? '有违纪记录' : '')
    expect(sheet.slice(2)).toEqual(
      ranking.rows.map((r) => trim([r.rank === null ? '' : String(r.rank), r.name, ...[r.byCategory.base, r.byCategory.task, r.byCategory.reward, r.byCategory.honour, r.score].map(String), r.grade ? labels[r.grade] : '免评', r.top ? '是' : '', remark(r)])),
    )
    // the fixture reaches every remark and both marks
    expect(sheet.slice(2).map((r) => r[9] ?? '').filter(Boolean).sort()).toEqual(['免于参评', '免于参评，有违纪记录', '有违纪记录'])
    expect(sheet.slice(2).filter((r) => r[8] === '是').map((r) => r[1])).toEqual(['张晓燕', '李明华'])

    const detail = rows('积分明细')
    expect(detail[0]).toEqual(['时间', '姓名', '类别', '分值', '事由', '来源', '冲正'])
    const names = new Map(ranking.rows.map((r) => [r.memberId, r.name]))
    const { docs } = await h.store.query<PointsEntryDoc>('points_entry', { where: { branchId: DEMO.branchId, year: 2026 }, limit: 100 })
    const byTime = [...docs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    expect(byTime.map((e) => e._id).slice(0, 4)).toEqual(['e_0legacy', 'e_c', 'e_a', 'e_b'])
    const cat: Record<string, string> = { base: '基础分', task: '任务分', reward: '奖励分', honour: '荣誉加分' }
    const src: Record<string, string> = { commitment: '双承诺', deduction: '扣分', reversal: '冲正', legacy_import: 'legacy_import' }
    expect(detail.slice(1)).toEqual(byTime.map((e) => trim([cnTime(e.at), names.get(e.memberId) ?? '', cat[e.category ?? 'task'], String(e.amount), e.reason, src[e.source.type], e.reverses ? '是' : ''])))
    expect(detail.slice(1).map((r) => r[6] ?? '')).toEqual(['', '', '', '', '', '是', ''])
    expect(detail[1]?.slice(2, 4)).toEqual(['任务分', '1'])
    expect(detail.flat()).not.toContain('测试 e_other_branch')
    expect(detail.flat()).not.toContain('测试 e_2025')
  })

  test('an entry of someone no longer in the branch keeps its line with an empty name; a frozen year says so in the title', async () => {
    const h = await makeHarness()
    await put(h, 'e_gone', 'member_gone', { kind: 'commitment', score: 2 }, iso(0))
    await put(h, 'e_here', idOf(h, M(1)), { kind: 'commitment', score: 3 }, iso(DAY))
    h.clock.set(AFTER_YEAR)
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2026 }))
    const rows = await sheetsOf(dataOf(await pts<{ base64: string }>(h, SECRETARY, 'exportYear', { year: 2026 })).base64)
    expect(rows('积分排名')[0]?.[0]).toBe('第四党支部 2026 年度党员积分排名（已封存）')
    expect(rows('积分明细').slice(1).map((r) => [r[1], r[3]])).toEqual([
      ['', '2'],
      ['李明华', '3'],
    ])
  })
})

describe("a member's own export, row by row", () => {
  test('the summary rows in order with their caps, no 备注 row without a violation; 明细 oldest first with the reversal marked', async () => {
    const h = await makeHarness()
    await busyYear(h)
    const x = dataOf(await pts<{ base64: string }>(h, M(2), 'exportMine', { year: 2026 }))
    const mine = dataOf(await pts<P.GetMyPointsOutput>(h, M(2), 'getMyPoints', { year: 2026 }))
    const rows = await sheetsOf(x.base64)
    const summary = rows('我的积分')
    expect(summary[0]?.[0]).toBe('张晓燕 2026 年度党员积分')
    const g: Record<string, string> = { excellent: '优秀', qualified: '合格', basic: '基本合格', unqualified: '不合格' }
    expect(summary.slice(1)).toEqual([
      ['项目', '得分', '满分'],
      ['基础分', String(mine.byCategory.base), '20'],
      ['任务分', String(mine.byCategory.task), '70'],
      ['奖励分', '3', '10'],
      ['荣誉加分', '0'],
      ['总分', String(mine.score)],
      ['等次', g[mine.grade ?? ''] ?? ''],
    ])
    const detail = rows('积分明细')
    expect(detail[0]).toEqual(['时间', '类别', '分值', '事由', '来源', '冲正'])
    expect(detail.slice(1).map((r) => [r[1], r[2], r[5] ?? ''])).toEqual([
      ['任务分', '1', ''],
      ['奖励分', '3', ''],
      ['基础分', '-2', ''],
      ['基础分', '2', '是'],
    ])
    expect(detail.slice(1).map((r) => r[4])).toEqual(['legacy_import', '双承诺', '扣分', '冲正'])
  })

  test('an exempted member with a violation: 等次 免于参评 and the 备注 row', async () => {
    const h = await makeHarness()
    dataOf(await pts(h, ADMIN, 'setStanding', { memberId: idOf(h, M(3)), year: 2026, exempt: true, violation: true, reason: '病休，受处分' }))
    const summary = (await sheetsOf(dataOf(await pts<{ base64: string }>(h, M(3), 'exportMine', { year: 2026 })).base64))('我的积分')
    expect(summary.slice(6)).toEqual([
      ['总分', '20'],
      ['等次', '免于参评'],
      ['备注', '有违纪记录，等次为不合格'],
    ])
  })
})

describe('freeze and verify', () => {
  test('the checksum is SHA-256 over the organisation\'s entries of the year in id order; counts leave out other organisations and years', async () => {
    const h = await makeHarness()
    await seedOrgB(h)
    await put(h, 'e_orgb', memberIdFor(h.runtime, ORG_B.memberOpenid(1)), { kind: 'commitment', score: 2 }, iso(0), { orgId: ORG_B.orgId, branchId: ORG_B.branchId })
    await busyYear(h)
    h.clock.set(AFTER_YEAR)
    const frozen = dataOf(await pts<{ checksum: string; entries: number; members: number; alreadyFrozen: boolean }>(h, ADMIN, 'freezeYear', { year: 2026 }))
    const expected = await expectedChecksum(h.store, DEMO.orgId, 2026)
    expect(expected.entries).toBe(8)
    expect(frozen).toMatchObject({ checksum: expected.checksum, entries: 8, alreadyFrozen: false })
    // 王建国 and 20 members of 第四党支部, 周立群 and 吴晓光 of 第三党支部; not B's people, not the admin
    expect(frozen.members).toBe(23)
    const verify = dataOf(await pts<{ ok: boolean; mismatches: string[]; recomputed: string }>(h, ADMIN, 'verifyYear', { year: 2026 }))
    expect(verify).toMatchObject({ ok: true, mismatches: [], recomputed: expected.checksum })
  })

  test('the message of a year not yet over; verify lists a member the snapshot never had', async () => {
    const h = await makeHarness()
    expect(await pts(h, ADMIN, 'freezeYear', { year: 2026 })).toMatchObject({ ok: false, error: { code: 'POINTS.BAD_STATE', message: '只能封存已经结束的年度' } })
    await put(h, 'e_1', idOf(h, M(1)), { kind: 'commitment', score: 2 }, iso(0))
    h.clock.set(AFTER_YEAR)
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2026 }))
    await h.store.insert('points_entry', { _id: 'e_ghost', orgId: DEMO.orgId, branchId: DEMO.branchId, memberId: 'member_ghost', year: 2026, category: 'task', amount: 3, reason: '伪造', source: { type: 'commitment', ref: 'g' }, reverses: null, recordedBy: 'x', at: iso(0) })
    const v = dataOf(await pts<{ ok: boolean; mismatches: string[] }>(h, ADMIN, 'verifyYear', { year: 2026 }))
    expect(v).toMatchObject({ ok: false, mismatches: ['member_ghost'] })
  })

  test('freezing an organisation that never saved rules creates its rules document with the year frozen and no version', async () => {
    const h = await makeHarness()
    await h.store.remove('points_rules', DEMO.orgId)
    expect(await h.store.get('points_rules', DEMO.orgId)).toBeNull()
    h.clock.set(AFTER_YEAR)
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2026 }))
    const rules = dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules'))
    expect(rules.frozenYears).toEqual([2026])
    expect(rules.versions).toEqual([])
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2025 }))
    expect(dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules')).frozenYears).toEqual([2026, 2025])
  })

  test('a freeze that loses the race to insert the snapshot answers the winner; a failing write answers INTERNAL and leaves nothing', async () => {
    const inner = await freshStore()
    let hideSnapshot = false
    let failTransaction = false
    const store = overrideStore(inner, (s) => ({
      get: async <T,>(collection: string, id: string) => {
        if (collection === 'points_year' && hideSnapshot) {
          hideSnapshot = false
          return null
        }
        return s.get<T & { _id: string }>(collection, id)
      },
      transaction: (fn) => {
        if (failTransaction) {
          failTransaction = false
          return Promise.reject(new Error('写入失败（测试）'))
        }
        return s.transaction(fn)
      },
    }))
    const h = await makeHarness({ store })
    await put(h, 'e_1', idOf(h, M(1)), { kind: 'commitment', score: 2 }, iso(0))
    h.clock.set(AFTER_YEAR)
    failTransaction = true
    expect(await pts(h, ADMIN, 'freezeYear', { year: 2026 })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(h.errors).toEqual([expect.objectContaining({ message: '写入失败（测试）' })])
    expect(await inner.count('points_year', {})).toBe(0)
    const first = dataOf(await pts<{ checksum: string; alreadyFrozen: boolean }>(h, ADMIN, 'freezeYear', { year: 2026 }))
    expect(first.alreadyFrozen).toBe(false)
    hideSnapshot = true // the next freeze reads no snapshot, as a concurrent one would, then fails to insert its own
    const second = dataOf(await pts<{ checksum: string; alreadyFrozen: boolean }>(h, ADMIN, 'freezeYear', { year: 2026 }))
    expect(hideSnapshot).toBe(false)
    expect(second).toEqual({ ...first, alreadyFrozen: true })
    expect(await inner.count('points_year', {})).toBe(1)
    expect(dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules')).frozenYears).toEqual([2026])
  })
})

describe('the ranking', () => {
  test('the frozen ranking of a branch holds its own rows and the counts it had; a branch made after the freeze has none', async () => {
    const h = await makeHarness()
    await addOtherBranchStaff(h)
    await put(h, 'e_1', idOf(h, M(1)), { kind: 'commitment', score: 6 }, iso(0))
    await put(h, 'e_2', idOf(h, OTHER_BRANCH.memberOpenid), { kind: 'commitment', score: 1 }, iso(0), { branchId: OTHER_BRANCH.branchId })
    const before = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2026 }))
    const otherBefore = dataOf(await pts<P.GetRankingOutput>(h, ADMIN, 'getRanking', { year: 2026, branchId: OTHER_BRANCH.branchId }))
    expect(before.frozen).toBe(false)
    h.clock.set(AFTER_YEAR)
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2026 }))
    const after = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2026 }))
    expect(after).toEqual({ ...before, frozen: true })
    expect(after.ranked).toBe(21)
    expect(after.topCount).toBe(5)
    const otherAfter = dataOf(await pts<P.GetRankingOutput>(h, ADMIN, 'getRanking', { year: 2026, branchId: OTHER_BRANCH.branchId }))
    expect(otherAfter).toEqual({ ...otherBefore, frozen: true })
    expect(otherAfter.rows.map((r) => r.name).sort()).toEqual(['吴晓光', '周立群'].sort())
    await h.store.insert('branch', { _id: 'branch_new', orgId: DEMO.orgId, name: '新建党支部', createdAt: AFTER_YEAR })
    expect(dataOf(await pts<P.GetRankingOutput>(h, ADMIN, 'getRanking', { year: 2026, branchId: 'branch_new' }))).toMatchObject({ frozen: true, ranked: 0, topCount: 0, rows: [] })
  })

  test("a past year is ranked on that year's balances, not a later one's", async () => {
    const h = await makeHarness()
    const m1 = idOf(h, M(1))
    await put(h, 'e_2025', m1, { kind: 'commitment', score: 4 }, '2025-06-01T02:00:00.000Z', { year: 2025 })
    await put(h, 'e_2026', m1, { kind: 'commitment', score: 6 }, iso(0))
    const r2025 = dataOf(await pts<P.GetRankingOutput>(h, SECRETARY, 'getRanking', { year: 2025 }))
    expect(r2025.rows[0]).toMatchObject({ name: '李明华', score: 24 })
    expect(r2025.rows.filter((r) => r.score !== 20).map((r) => r.name)).toEqual(['李明华'])
  })

  test('rankBranch: equal score and name fall back to the member id; the exempted last, by name in pinyin order', () => {
    const member = (id: string, name: string) => ({ _id: id, name }) as MemberDoc
    const members = [member('m3', '王芳'), member('m1', '王芳'), member('m2', '王芳'), member('z1', '张伟'), member('l1', '李强')]
    const balances = new Map([
      ['z1', { exempt: true }],
      ['l1', { exempt: true }],
    ] as Array<[string, never]>)
    const r = rankBranch('b', members, balances, DEFAULT_RULES)
    expect(r.rows.map((x) => x.memberId)).toEqual(['m1', 'm2', 'm3', 'l1', 'z1'])
    const r2 = rankBranch('b', [members[1], members[2], members[0], members[3], members[4]] as MemberDoc[], balances, DEFAULT_RULES)
    expect(r2.rows.map((x) => x.memberId)).toEqual(['m1', 'm2', 'm3', 'l1', 'z1'])
  })

  test("memberPoints: the current year by default; a member outside the caller's branches or without one is refused", async () => {
    const h = await makeHarness()
    await put(h, 'e_1', idOf(h, M(1)), { kind: 'commitment', score: 2 }, iso(0))
    const m = dataOf(await pts<P.MemberPointsOutput>(h, SECRETARY, 'memberPoints', { memberId: idOf(h, M(1)) }))
    expect(m).toMatchObject({ year: 2026, score: 22, member: { name: '李明华' } })
    for (const [who, memberId] of [
      [SECRETARY, 'member_nobody'],
      [ADMIN, 'member_nobody'],
      [ADMIN, idOf(h, ADMIN)],
      [SECRETARY, idOf(h, ADMIN)],
    ] as const)
      expect(await pts(h, who, 'memberPoints', { memberId })).toMatchObject({ ok: false, error: { code: 'POINTS.MEMBER_NOT_IN_BRANCH' } })
  })
})

describe("a manager's corrections, their exact texts", () => {
  test('a deduction names the item from the rules; its reversal quotes it; the standing note names who and when', async () => {
    const h = await makeHarness()
    const m1 = idOf(h, M(1))
    const d = dataOf(await pts<{ entry: { id: string; reason: string; amount: number }; changed: boolean }>(h, SECRETARY, 'deduct', { memberId: m1, item: 'late_dues', note: '11月', requestId: 'req-text-1' }))
    expect(d).toMatchObject({ changed: true, entry: { reason: '基础分扣分：未按时交纳党费（11月）', amount: -2 } })
    const d2 = dataOf(await pts<{ entry: { reason: string; amount: number } }>(h, SECRETARY, 'deduct', { memberId: m1, item: 'duty_lapse', note: '未参加志愿服务', requestId: 'req-text-2' }))
    expect(d2.entry).toMatchObject({ reason: '基础分扣分：未履行党员义务（未参加志愿服务）', amount: -5 })
    const r = dataOf(await pts<{ entry: { id: string; reason: string; amount: number }; changed: boolean }>(h, SECRETARY, 'reverse', { entryId: d.entry.id, reason: '已补交' }))
    expect(r).toMatchObject({ changed: true, entry: { reason: '冲正：基础分扣分：未按时交纳党费（11月）（已补交）', amount: 2 } })
    expect((await h.store.get<PointsEntryDoc>('points_entry', r.entry.id))?.source.type).toBe('reversal')
    const again = dataOf(await pts<{ entry: { id: string }; changed: boolean }>(h, SECRETARY, 'reverse', { entryId: d.entry.id, reason: '已补交' }))
    expect(again).toMatchObject({ changed: false, entry: { id: r.entry.id } })
    dataOf(await pts(h, SECRETARY, 'setStanding', { memberId: m1, year: 2026, exempt: false, violation: true, reason: '受党内警告处分' }))
    const view = dataOf(await pts<P.MemberPointsOutput>(h, SECRETARY, 'memberPoints', { memberId: m1, year: 2026 }))
    expect(view.standingNote).toBe(`受党内警告处分（王建国 ${cnTime(T0.toISOString())}）`)
    expect(view.standingNote).toBe('受党内警告处分（王建国 2026-11-20 17:00）')
  })
})

describe('the rules versions', () => {
  const rules = (taskCap: number) => ({ ...DEFAULT_RULES, taskCap })

  test('duplicate deduction items are refused on their path; versions saved out of order are kept in date order, a same-day save replaces', async () => {
    const h = await makeHarness()
    const dup = { ...DEFAULT_RULES, deductions: [...DEFAULT_RULES.deductions, { key: 'late_dues', label: '重复', amount: 1 }] }
    const refused = await pts(h, ADMIN, 'saveRules', { rules: dup, effectiveFrom: '2026-12-01' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'rules.deductions', message: '扣分项不能重复' }] } })
    expect(dataOf(await pts<{ effectiveFrom: string; versions: number }>(h, ADMIN, 'saveRules', { rules: rules(60), effectiveFrom: '2027-01-01' }))).toEqual({ effectiveFrom: '2027-01-01', versions: 1 })
    expect(dataOf(await pts<{ effectiveFrom: string; versions: number }>(h, ADMIN, 'saveRules', { rules: rules(65), effectiveFrom: '2026-12-01' }))).toEqual({ effectiveFrom: '2026-12-01', versions: 2 })
    expect(dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules')).versions.map((v) => v.effectiveFrom)).toEqual(['2026-12-01', '2027-01-01'])
    expect(dataOf(await pts<{ effectiveFrom: string; versions: number }>(h, ADMIN, 'saveRules', { rules: rules(50), effectiveFrom: '2027-01-01' }))).toEqual({ effectiveFrom: '2027-01-01', versions: 2 })
    const now = dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules'))
    expect(now.versions.map((v) => v.effectiveFrom)).toEqual(['2026-12-01', '2027-01-01'])
    expect(now.rules.taskCap).toBe(70)
    expect(dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules', { on: '2026-12-15' })).rules.taskCap).toBe(65)
    expect(dataOf(await pts<P.GetRulesOutput>(h, M(1), 'getRules', { on: '2027-02-01' })).rules.taskCap).toBe(50)
  })
})
