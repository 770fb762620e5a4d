/**
 * The ledger's own paths, on the real store, beyond what its callers reach today: awardMany (group
 * commit) gives what award() called for each in turn gives, also for inputs the sign-in burst never
 * mixes (other organisations and days, other categories, skipZero, a member's caps within the
 * batch); skipZero in award(); reverse() of a scored entry, of an entry older than the categories,
 * and in a frozen year; the balance write of an entry without a category; the score's sum.
 */
import { award, awardMany, balanceId, entryWrites, reverse, scoreOf, type AwardInput, type PointsBalanceDoc, type PointsEntryDoc } from '../../server/domain/points/ledger'
import { repairPointsBalances } from '../../server/domain/points/balance-repair'
import { DEFAULT_RULES, versionOn, yearEndRules, type PointsRulesDoc, type RulesVersion } from '../../server/domain/points/rules'
import { C } from '../../server/domain/shared/collections'
import { DuplicateIdError, type DocumentStore, type TxStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const ORG = 'org_ledger'
const OTHER_ORG = 'org_other'
const JULY = '2026-07-01T02:00:00.000Z'
const MAY = '2026-05-01T02:00:00.000Z'

/** ORG's rules: the defaults until 2026-06-01, then 主题党日 counts 5. */
const rulesDoc = (frozenYears: number[] = []): PointsRulesDoc => ({
  _id: ORG,
  orgId: ORG,
  versions: [{ effectiveFrom: '2026-06-01', rules: { ...DEFAULT_RULES, attendance: { ...DEFAULT_RULES.attendance, theme_day: 5 } }, savedBy: 'admin', savedAt: '2026-05-30T00:00:00.000Z' }],
  frozenYears,
})

let seq = 0
const input = (memberId: string, rule: AwardInput['rule'], over: Partial<AwardInput> = {}): AwardInput => {
  seq += 1
  return { id: `e_${seq}`, orgId: ORG, branchId: 'b1', memberId, year: 2026, at: JULY, occurredAt: JULY, rule, reason: '测试', source: { type: 'test', ref: String(seq) }, recordedBy: 'tester', ...over }
}

const awardEach = async (store: DocumentStore, inputs: AwardInput[]) => {
  const out: PointsEntryDoc[] = []
  for (const i of inputs) out.push(await store.transaction((tx) => award(tx, i)))
  return out
}
/** The SQL stores' batch operations, which awardMany needs (the sign-in burst's group commit). */
function batchOf(tx: TxStore) {
  if (!tx.batch) throw new Error('the store has no batch operations')
  return tx.batch
}
const balanceOf = (store: DocumentStore, memberId: string, year = 2026) => store.get<PointsBalanceDoc>(C.pointsBalance, balanceId(memberId, year))

describe('awardMany gives what award() in turn gives', () => {
  /** m1: 任务分 67 and 基础分 at its floor (-20) before the batch. */
  async function setup(store: DocumentStore) {
    await store.insert(C.pointsRules, rulesDoc())
    await awardEach(store, [
      input('m1', { kind: 'reviewed', category: 'task', amount: 67 }, { id: 'pre_1' }),
      ...[1, 2, 3, 4].map((k) => input('m1', { kind: 'deduction', item: 'duty_lapse' }, { id: `pre_d${k}` })),
    ])
  }
  const batch = () => [
    // m2: the same rule on two days under two rules versions, then a deduction
    input('m2', { kind: 'attendance', activityKind: 'theme_day' }, { occurredAt: MAY }),
    input('m2', { kind: 'attendance', activityKind: 'theme_day' }),
    input('m2', { kind: 'deduction', item: 'late_dues' }),
    // m1: capped by the balance as the batch's earlier entries leave it, in two categories
    input('m1', { kind: 'attendance', activityKind: 'theme_day' }),
    input('m1', { kind: 'attendance', activityKind: 'theme_day' }),
    input('m1', { kind: 'deduction', item: 'late_dues' }),
    // m3: skipZero drops only an entry that counts nothing; without it a 0 is written
    input('m3', { kind: 'study', today: 3 }, { skipZero: true }),
    input('m3', { kind: 'study', today: 0 }, { skipZero: true }),
    input('m3', { kind: 'commitment', score: 0 }),
    // another organisation, without rules of its own: the defaults
    input('m4', { kind: 'attendance', activityKind: 'theme_day' }, { orgId: OTHER_ORG }),
  ]

  test('mixed organisations, days, categories, caps and skipZero in one batch', async () => {
    const inputs = batch()
    const [one, many] = [await freshStore(), await freshStore()]
    await setup(one)
    await setup(many)
    const inTurn = await awardEach(one, inputs)
    const batched = await many.transaction((tx) => awardMany(tx, batchOf(tx), inputs))
    expect(batched).toEqual(inTurn)
    // toEqual tells -0 from 0: a deduction the floor leaves at nothing is 0, not -0
    expect(batched.map((e) => [e.category, e.requested, e.amount])).toEqual([
      ['task', 2, 2],
      ['task', 5, 5],
      ['base', -2, -2],
      ['task', 5, 3],
      ['task', 5, 0],
      ['base', -2, 0],
      ['task', 0, 0],
      ['task', 1, 1],
      ['task', 0, 0],
      ['task', 2, 2],
    ])
    for (const store of [one, many]) {
      // what was written: every entry but the skipped zero
      const stored = await Promise.all(inputs.map((i) => store.get<PointsEntryDoc>(C.pointsEntry, i.id)))
      expect(stored.map((e) => e !== null)).toEqual([true, true, true, true, true, true, false, true, true, true])
      expect(await balanceOf(store, 'm1')).toMatchObject({ total: 70 - 20, entries: 8, base: -20, task: 70, reward: 0, honour: 0 })
      expect(await balanceOf(store, 'm2')).toMatchObject({ total: 5, entries: 3, base: -2, task: 7, reward: 0, honour: 0 })
      expect(await balanceOf(store, 'm3')).toMatchObject({ total: 1, entries: 2, task: 1 })
      expect(await balanceOf(store, 'm4')).toMatchObject({ orgId: OTHER_ORG, total: 2, entries: 1, task: 2 })
    }
    for (const m of ['m1', 'm2', 'm3', 'm4']) expect(await balanceOf(many, m)).toEqual(await balanceOf(one, m))
  })

  test('an entry id already in the ledger fails the batch, and nothing of it is written', async () => {
    const store = await freshStore()
    await setup(store)
    const fresh = input('m2', { kind: 'attendance', activityKind: 'theme_day' })
    const inputs = [fresh, input('m1', { kind: 'attendance', activityKind: 'theme_day' }, { id: 'pre_1' })]
    await expect(store.transaction((tx) => awardMany(tx, batchOf(tx), inputs))).rejects.toBeInstanceOf(DuplicateIdError)
    expect(await store.get(C.pointsEntry, fresh.id)).toBeNull()
    expect(await balanceOf(store, 'm2')).toBeNull()
  })
})

describe('award() with skipZero', () => {
  test('an entry that counts nothing is returned but not written; one that counts is written', async () => {
    const store = await freshStore()
    const zero = await store.transaction((tx) => award(tx, input('m1', { kind: 'study', today: 3 }, { skipZero: true })))
    expect(zero).toMatchObject({ amount: 0, requested: 0, status: 'final' })
    expect(await store.get(C.pointsEntry, zero._id)).toBeNull()
    expect(await balanceOf(store, 'm1')).toBeNull()
    const one = await store.transaction((tx) => award(tx, input('m1', { kind: 'study', today: 2 }, { skipZero: true })))
    expect(await store.get(C.pointsEntry, one._id)).toEqual({ ...one, status: 'final' })
    expect(await balanceOf(store, 'm1')).toMatchObject({ total: 1, entries: 1, task: 1 })
  })
})

describe('reverse()', () => {
  const reversal = (id: string) => ({ id, at: '2026-08-01T02:00:00.000Z', reason: '冲正', sourceType: 'reversal', recordedBy: 'secretary' })

  test('cancels what the entry counted, in its category, keeping the rules version that scored it', async () => {
    const store = await freshStore()
    await store.insert(C.pointsRules, rulesDoc())
    const original = await store.transaction((tx) => award(tx, input('m1', { kind: 'attendance', activityKind: 'theme_day' })))
    expect(original).toMatchObject({ amount: 5, rulesFrom: '2026-06-01' })
    const r = await store.transaction((tx) => reverse(tx, original, reversal('rev_1')))
    expect(r).toEqual({
      _id: 'rev_1',
      orgId: ORG,
      branchId: 'b1',
      memberId: 'm1',
      year: 2026,
      amount: -5,
      requested: -5,
      category: 'task',
      status: 'final',
      rulesFrom: '2026-06-01',
      reason: '冲正',
      source: { type: 'reversal', ref: original.source.ref },
      reverses: original._id,
      recordedBy: 'secretary',
      at: '2026-08-01T02:00:00.000Z',
    })
    expect(await store.get(C.pointsEntry, 'rev_1')).toEqual(r)
    expect(await balanceOf(store, 'm1')).toMatchObject({ total: 0, entries: 2, task: 0 })
  })

  test('an entry older than the categories and the rules versions is reversed as 任务分, scored by the defaults', async () => {
    const store = await freshStore()
    const old: PointsEntryDoc = { _id: 'old_1', orgId: ORG, branchId: 'b1', memberId: 'm1', year: 2026, amount: 3, reason: '旧积分', source: { type: 'legacy', ref: 'x' }, reverses: null, recordedBy: 'import', at: MAY }
    await store.insert(C.pointsEntry, old)
    await store.insert(C.pointsBalance, { _id: balanceId('m1', 2026), memberId: 'm1', year: 2026, total: 3, entries: 1, task: 3 })
    const r = await store.transaction((tx) => reverse(tx, old, reversal('rev_old')))
    expect(r).toMatchObject({ amount: -3, requested: -3, category: 'task', rulesFrom: null })
    expect(await balanceOf(store, 'm1')).toMatchObject({ total: 0, entries: 2, task: 0 })
  })

  test('is refused in a frozen year, and writes nothing', async () => {
    const store = await freshStore()
    await store.insert(C.pointsRules, rulesDoc())
    const original = await store.transaction((tx) => award(tx, input('m1', { kind: 'attendance', activityKind: 'theme_day' }, { year: 2025, occurredAt: '2025-07-01T02:00:00.000Z', at: '2025-07-01T02:00:00.000Z' })))
    await store.update(C.pointsRules, ORG, { set: { frozenYears: [2025] } })
    await expect(store.transaction((tx) => reverse(tx, original, reversal('rev_frozen')))).rejects.toMatchObject({ code: 'POINTS.YEAR_FROZEN' })
    expect(await store.get(C.pointsEntry, 'rev_frozen')).toBeNull()
    expect(await balanceOf(store, 'm1', 2025)).toMatchObject({ total: 2, entries: 1 })
  })
})

test('entryWrites: an entry without a category adds to 任务分', () => {
  const entry: PointsEntryDoc = { _id: 'x', orgId: ORG, branchId: 'b1', memberId: 'm1', year: 2026, amount: 2, reason: 'r', source: { type: 't', ref: 'r' }, reverses: null, recordedBy: 't', at: JULY }
  const [insert, balance] = entryWrites(entry)
  expect(insert).toEqual({ insert: C.pointsEntry, doc: entry })
  expect(balance).toEqual({
    upsert: C.pointsBalance,
    doc: { _id: balanceId('m1', 2026), orgId: ORG, branchId: 'b1', memberId: 'm1', year: 2026, total: 2, entries: 1, base: 0, task: 2, reward: 0, honour: 0 },
    patch: { inc: { total: 2, entries: 1, task: 2 } },
  })
})

test('scoreOf: the score is the sum of the four categories', () => {
  const b: PointsBalanceDoc = { _id: 'b', memberId: 'm1', year: 2026, total: 0, entries: 4, base: -2, task: 10, reward: 4, honour: 3 }
  expect(scoreOf(b, DEFAULT_RULES)).toEqual({ byCategory: { base: 18, task: 10, reward: 4, honour: 3 }, score: 35 })
})

describe('rules versions', () => {
  const version = (effectiveFrom: string, taskCap: number): RulesVersion => ({ effectiveFrom, rules: { ...DEFAULT_RULES, taskCap }, savedBy: 'admin', savedAt: `${effectiveFrom}T00:00:00.000Z` })
  /** three versions, ascending: 2025-01-01 (cap 60), 2026-03-01 (cap 65), 2026-12-01 (cap 68, saved ahead) */
  const doc: PointsRulesDoc = { _id: ORG, orgId: ORG, versions: [version('2025-01-01', 60), version('2026-03-01', 65), version('2026-12-01', 68)], frozenYears: [] }

  test('versionOn: the latest version that has started on the day, else the defaults', () => {
    expect(versionOn(doc, '2024-12-31')).toEqual({ rules: DEFAULT_RULES, effectiveFrom: null })
    expect(versionOn(doc, '2025-01-01')).toMatchObject({ effectiveFrom: '2025-01-01', rules: { taskCap: 60 } })
    expect(versionOn(doc, '2026-11-20')).toMatchObject({ effectiveFrom: '2026-03-01', rules: { taskCap: 65 } })
    expect(versionOn(doc, '2027-01-01')).toMatchObject({ effectiveFrom: '2026-12-01', rules: { taskCap: 68 } })
    expect(versionOn(null, '2026-11-20')).toEqual({ rules: DEFAULT_RULES, effectiveFrom: null })
  })

  test('yearEndRules: a past year is summed under its last day\'s rules, the current year under today\'s', () => {
    const today = '2026-11-20'
    expect(yearEndRules(doc, 2025, today).taskCap).toBe(60)
    // the version saved ahead for December is not yet the current year's
    expect(yearEndRules(doc, 2026, today).taskCap).toBe(65)
    expect(yearEndRules(doc, 2026, '2026-12-05').taskCap).toBe(68)
    expect(yearEndRules(doc, 2024, today)).toBe(DEFAULT_RULES)
  })
})

describe('repairPointsBalances', () => {
  test('counts what it read; reports each difference with both values; a check writes nothing; the fix writes only what differs, keeping where an entry-less balance is', async () => {
    const store = await freshStore()
    const base = { orgId: ORG, branchId: 'b1', year: 2026, reason: 'r', reverses: null, recordedBy: 't', at: JULY }
    // m1: two entries, a balance that is right; m2: one entry, no balance at all
    await awardEach(store, [input('m1', { kind: 'attendance', activityKind: 'theme_day' }), input('m1', { kind: 'deduction', item: 'late_dues' })])
    await store.insert(C.pointsEntry, { _id: 'm2_e', ...base, memberId: 'm2', amount: 1.5, category: 'reward', source: { type: 't', ref: 'x' } })
    // m3: no entry, a branch and a total of 5 left over; m4: no entry, no organisation, a total of 2; m5: only a standing flag
    const m3 = { _id: balanceId('m3', 2026), orgId: ORG, branchId: 'b1', memberId: 'm3', year: 2026, total: 5, entries: 1, task: 5 }
    const m4 = { _id: balanceId('m4', 2026), memberId: 'm4', year: 2026, total: 2, entries: 1, task: 2 }
    const m5 = { _id: balanceId('m5', 2026), memberId: 'm5', year: 2026, exempt: true }
    for (const b of [m3, m4, m5]) await store.insert(C.pointsBalance, b)
    const m1Before = await balanceOf(store, 'm1')

    const check = await repairPointsBalances(store, { fix: false })
    expect(check.scanned).toEqual({ entries: 3, balances: 4 })
    expect(check.fixed).toBe(false)
    expect(check.differences).toEqual([
      { id: m3._id, field: 'total', stored: 5, expected: 0 },
      { id: m3._id, field: 'entries', stored: 1, expected: 0 },
      { id: m3._id, field: 'task', stored: 5, expected: 0 },
      { id: m4._id, field: 'total', stored: 2, expected: 0 },
      { id: m4._id, field: 'entries', stored: 1, expected: 0 },
      { id: m4._id, field: 'task', stored: 2, expected: 0 },
      { id: balanceId('m2', 2026), field: '(missing)', stored: null, expected: 1.5 },
    ])
    // nothing written by the check
    expect(await balanceOf(store, 'm2')).toBeNull()
    expect(await balanceOf(store, 'm3')).toEqual(m3)

    const fix = await repairPointsBalances(store, { fix: true })
    expect(fix.fixed).toBe(true)
    expect(await balanceOf(store, 'm1')).toEqual(m1Before)
    expect(await balanceOf(store, 'm2')).toEqual({ _id: balanceId('m2', 2026), orgId: ORG, branchId: 'b1', memberId: 'm2', year: 2026, total: 1.5, entries: 1, base: 0, task: 0, reward: 1.5, honour: 0 })
    expect(await balanceOf(store, 'm3')).toEqual({ ...m3, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 })
    expect(await balanceOf(store, 'm4')).toEqual({ ...m4, branchId: null, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 })
    expect(await balanceOf(store, 'm5')).toEqual(m5)
    expect((await repairPointsBalances(store, { fix: false })).differences).toEqual([])
  })
})
