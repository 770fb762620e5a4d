/**
 * The points ledger, owned by the points module: append-only entries, each with an id derived from
 * its source event, and a per-member-year balance by category kept in the same transaction. Every
 * earning module calls award() (or reverse()); the amount comes from the rules in force on the day of
 * the event, and the caps are applied here when the entry is written (the entry records what was
 * asked and what counted) and again when a balance is summed. Nothing is ever edited; a correction
 * is a reversing entry.
 */
import type { ActivityKind } from '../../../contracts/activity.contract'
import { GRADE_THRESHOLDS, type Grade, type PointsCategory, type PointsRules } from '../../../contracts/points.contract'
import { AppError } from '../errors'
import { DuplicateIdError, getAll, writeAll, type BatchOps, type TxStore, type Write } from '../../store/document-store'
import { C } from '../shared/collections'
import { rulesIn, rulesOf, type PointsRulesDoc } from './rules'

export interface PointsEntryDoc {
  _id: string
  orgId: string
  branchId: string | null
  memberId: string
  year: number
  /** what counted, after the caps */
  amount: number
  /** what the rule or the reviewer gave, before the caps (absent on entries older than the categories) */
  requested?: number
  category?: PointsCategory
  /** entries are appended final: review and 公示 happen on the application before it */
  status?: 'final'
  /** effective date of the rules version that scored the entry (null: the defaults) */
  rulesFrom?: string | null
  reason: string
  source: { type: string; ref: string }
  /** the entry this one reverses, if any */
  reverses: string | null
  recordedBy: string
  at: string
}

export interface PointsBalanceDoc {
  _id: string
  orgId?: string
  branchId?: string | null
  memberId: string
  year: number
  /** sum of the entries' amounts */
  total: number
  entries: number
  /** sums per category: base holds the deductions (≤ 0) */
  base?: number
  task?: number
  reward?: number
  honour?: number
  exempt?: boolean
  violation?: boolean
  standingNote?: string
}

export const balanceId = (memberId: string, year: number): string => `${memberId}_${year}`

/** What earns the entry: the rule is looked up here, never in the calling module. */
export type AwardRule =
  | { kind: 'attendance'; activityKind: ActivityKind }
  /** `today`: study points the member already has today (the daily cap's counter) */
  | { kind: 'study'; today: number }
  | { kind: 'commitment'; score: number }
  | { kind: 'deduction'; item: string }
  /** an amount a review settled (applications), checked against the category's cap */
  | { kind: 'reviewed'; category: 'task' | 'reward' | 'honour'; amount: number }

export interface AwardInput {
  id: string
  orgId: string
  branchId: string | null
  memberId: string
  year: number
  /** when it is written */
  at: string
  /** when the event happened: picks the rules version */
  occurredAt: string
  rule: AwardRule
  reason: string
  source: { type: string; ref: string }
  recordedBy: string
  /** nothing is written when nothing counts (study past its daily cap, as before the rules) */
  skipZero?: boolean
}

export function categoryOf(rule: AwardRule): PointsCategory {
  switch (rule.kind) {
    case 'deduction':
      return 'base'
    case 'reviewed':
      return rule.category
    default:
      return 'task'
  }
}

/** The amount a rule gives before the caps; throws a coded error for an unknown item or an amount over the rule. */
export function requestedBy(rules: PointsRules, rule: AwardRule): number {
  switch (rule.kind) {
    case 'attendance':
      return rules.attendance[rule.activityKind] ?? 0
    case 'study':
      return Math.max(0, Math.min(rules.study.perLecture, rules.study.dailyCap - rule.today))
    case 'commitment':
      if (rule.score > rules.commitmentMax) throw new AppError('POINTS.OVER_CAP')
      return rule.score
    case 'deduction': {
      const item = rules.deductions.find((d) => d.key === rule.item)
      if (!item) throw new AppError('POINTS.UNKNOWN_ITEM')
      return -item.amount
    }
    case 'reviewed':
      return rule.amount
  }
}

const sumOf = (b: PointsBalanceDoc | null, c: PointsCategory): number => b?.[c] ?? 0

/** What of `requested` fits under the category's cap given the balance: 基础分 never below 0. */
export function applyCap(rules: PointsRules, category: PointsCategory, balance: PointsBalanceDoc | null, requested: number): number {
  const now = sumOf(balance, category)
  switch (category) {
    case 'base':
      // deductions only: the base cannot go below 0, i.e. the deductions never exceed baseStart
      // (+ 0: a base already at its floor gives -0, which would reach the caller and the page as "-0")
      return Math.max(Math.min(requested, 0), -(rules.baseStart + now)) + 0
    case 'task':
      return Math.max(0, Math.min(requested, rules.taskCap - now))
    case 'reward':
      return Math.max(0, Math.min(requested, rules.rewardCap - now))
    case 'honour':
      return Math.max(0, requested)
  }
}

/** The writes of one entry: the entry, and its balance as an upsert (the same write whether or not the member's year has a balance yet). */
export function entryWrites(entry: PointsEntryDoc): Write[] {
  const c = entry.category ?? 'task'
  const balance: PointsBalanceDoc = {
    _id: balanceId(entry.memberId, entry.year),
    orgId: entry.orgId,
    branchId: entry.branchId,
    memberId: entry.memberId,
    year: entry.year,
    total: entry.amount,
    entries: 1,
    base: 0,
    task: 0,
    reward: 0,
    honour: 0,
    [c]: entry.amount,
  }
  return [
    { insert: C.pointsEntry, doc: entry },
    { upsert: C.pointsBalance, doc: balance, patch: { inc: { total: entry.amount, entries: 1, [c]: entry.amount } } },
  ]
}

/**
 * Appends one entry inside the caller's transaction (a duplicate id fails it): the rules in force on
 * the event's day, the year not frozen, the cap of the category on the member's balance.
 */
export async function award(tx: TxStore, input: AwardInput): Promise<PointsEntryDoc> {
  const { entry, writes } = await prepareAward(tx, input)
  await writeAll(tx, writes)
  return entry
}

/**
 * award() up to its writes, which it returns instead of making them, for a caller that sends them
 * with its own in one statement (writeAll: the sign-in's count and mark). Its reads are one
 * statement in the SQL stores: the rules document and the member's balance, both locked where
 * transactions run side by side, so nothing read here can change before the writes commit.
 */
export async function prepareAward(tx: TxStore, input: AwardInput): Promise<{ entry: PointsEntryDoc; writes: Write[] }> {
  const [rules, balance] = (await getAll(tx, [
    [C.pointsRules, input.orgId],
    [C.pointsBalance, balanceId(input.memberId, input.year)],
  ])) as [PointsRulesDoc | null, PointsBalanceDoc | null]
  const entry = entryOf(input, rulesOf(rules, input.occurredAt, input.year), balance)
  return { entry, writes: input.skipZero && entry.amount === 0 ? [] : entryWrites(entry) }
}

/** The entry award() appends: scored by the rules in force, capped on the balance; a frozen year refused. */
function entryOf(input: AwardInput, { rules, effectiveFrom, frozen }: Awaited<ReturnType<typeof rulesIn>>, balance: PointsBalanceDoc | null): PointsEntryDoc {
  if (frozen) throw new AppError('POINTS.YEAR_FROZEN')
  const category = categoryOf(input.rule)
  const requested = requestedBy(rules, input.rule)
  return {
    _id: input.id,
    orgId: input.orgId,
    branchId: input.branchId,
    memberId: input.memberId,
    year: input.year,
    amount: applyCap(rules, category, balance, requested),
    requested,
    category,
    status: 'final',
    rulesFrom: effectiveFrom,
    reason: input.reason,
    source: input.source,
    reverses: null,
    recordedBy: input.recordedBy,
    at: input.at,
  }
}

/** The fields a balance adds up: the upsert of a new entry increments each by the entry's share. */
const BALANCE_SUMS = ['total', 'entries', 'base', 'task', 'reward', 'honour'] as const

/**
 * award() for many entries in one transaction (group commit), in a fixed number of statements: one
 * rules read per organisation and day, the balances in one read, the entries in one insert, the
 * balances in one upsert. The same result as award() called for each in turn: a member's second
 * entry is capped on the balance after the first. A duplicate entry id fails the transaction.
 */
export async function awardMany(tx: TxStore, batch: BatchOps, inputs: readonly AwardInput[]): Promise<PointsEntryDoc[]> {
  const rulesCache = new Map<string, ReturnType<typeof rulesIn>>()
  const rulesFor = (i: AwardInput) => {
    const key = `${i.orgId}|${i.occurredAt}|${i.year}`
    let r = rulesCache.get(key)
    if (!r) rulesCache.set(key, (r = rulesIn(tx, i.orgId, i.occurredAt, i.year)))
    return r
  }
  const balances = await batch.getMany<PointsBalanceDoc>(C.pointsBalance, [...new Set(inputs.map((i) => balanceId(i.memberId, i.year)))])
  const entries: PointsEntryDoc[] = []
  const written: PointsEntryDoc[] = []
  const sums = new Map<string, PointsBalanceDoc>()
  for (const input of inputs) {
    const bid = balanceId(input.memberId, input.year)
    const entry = entryOf(input, await rulesFor(input), balances.get(bid) ?? null)
    const category = entry.category ?? 'task'
    entries.push(entry)
    if (input.skipZero && entry.amount === 0) continue
    written.push(entry)
    // what this entry adds, and the balance as the next entry of the same member sees it
    const add = sums.get(bid) ?? { _id: bid, orgId: entry.orgId, branchId: entry.branchId, memberId: entry.memberId, year: entry.year, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 }
    add.total += entry.amount
    add.entries += 1
    add[category] = (add[category] ?? 0) + entry.amount
    sums.set(bid, add)
    const before = balances.get(bid)
    balances.set(bid, { ...(before ?? add), [category]: (before?.[category] ?? 0) + entry.amount })
  }
  const inserted = await batch.insertNew(C.pointsEntry, written)
  const dup = written.find((e) => !inserted.has(e._id))
  if (dup) throw new DuplicateIdError(C.pointsEntry, dup._id)
  await batch.upsertMany(C.pointsBalance, [...sums.values()], { inc: BALANCE_SUMS })
  return entries
}

/** Appends the entry that cancels `original` exactly (what it counted, in its category and year). */
export async function reverse(tx: TxStore, original: PointsEntryDoc, input: { id: string; at: string; reason: string; sourceType: string; recordedBy: string }): Promise<PointsEntryDoc> {
  const { frozen } = await rulesIn(tx, original.orgId, input.at, original.year)
  if (frozen) throw new AppError('POINTS.YEAR_FROZEN')
  const entry: PointsEntryDoc = {
    _id: input.id,
    orgId: original.orgId,
    branchId: original.branchId,
    memberId: original.memberId,
    year: original.year,
    amount: -original.amount,
    requested: -original.amount,
    category: original.category ?? 'task',
    status: 'final',
    rulesFrom: original.rulesFrom ?? null,
    reason: input.reason,
    source: { type: input.sourceType, ref: original.source.ref },
    reverses: original._id,
    recordedBy: input.recordedBy,
    at: input.at,
  }
  await writeAll(tx, entryWrites(entry))
  return entry
}

export interface Score {
  byCategory: Record<PointsCategory, number>
  score: number
}

/** The 100-point score of a balance, the caps applied again when summed. */
export function scoreOf(b: PointsBalanceDoc | null, rules: PointsRules): Score {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(v, max))
  const byCategory = {
    base: clamp(rules.baseStart + sumOf(b, 'base'), rules.baseStart),
    task: clamp(sumOf(b, 'task'), rules.taskCap),
    reward: clamp(sumOf(b, 'reward'), rules.rewardCap),
    honour: Math.max(0, sumOf(b, 'honour')),
  }
  return { byCategory, score: byCategory.base + byCategory.task + byCategory.reward + byCategory.honour }
}

/** ≥ 90 优秀, 80–89 合格, 60–79 基本合格, < 60 不合格; a recorded violation makes 不合格 whatever the points. */
export function gradeOf(score: number, violation: boolean): Grade {
  if (violation) return 'unqualified'
  if (score >= GRADE_THRESHOLDS.excellent) return 'excellent'
  if (score >= GRADE_THRESHOLDS.qualified) return 'qualified'
  if (score >= GRADE_THRESHOLDS.basic) return 'basic'
  return 'unqualified'
}

/** How many are flagged top 20 % among n ranked members: ceil(n × 0.2), computed in integers. */
export const topCount = (n: number): number => Math.ceil(n / 5)
