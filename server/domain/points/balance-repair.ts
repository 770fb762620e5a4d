/**
 * Rebuilds the points balances (per member-year, by category) from the ledger: each entry counted
 * in its category (entries written before the categories count as 任务分, the only kind there was),
 * the balance's organisation and branch taken from its entries. Reports each difference; with `fix`,
 * writes the recount (standing flags — exempt, violation — are kept). Entries are never touched.
 * An offline tool (`npm run repair:points`): run it once after upgrading to the 100-point model
 * (balances written before it have no categories and no branch, so the ranking would not find them),
 * and whenever a check is wanted, on a quiet store.
 */
import { C } from '../shared/collections'
import { pages, upsert, type DocumentStore } from '../../store/document-store'
import type { PointsBalanceDoc, PointsEntryDoc } from './ledger'

export interface BalanceDifference {
  id: string
  field: string
  stored: unknown
  expected: unknown
}

export interface PointsRepairReport {
  differences: BalanceDifference[]
  scanned: { entries: number; balances: number }
  fixed: boolean
}

const FIELDS = ['orgId', 'branchId', 'total', 'entries', 'base', 'task', 'reward', 'honour'] as const
type Recount = Pick<Required<PointsBalanceDoc>, (typeof FIELDS)[number] | '_id' | 'memberId' | 'year'>

export async function repairPointsBalances(store: DocumentStore, options: { fix: boolean }): Promise<PointsRepairReport> {
  const recount = new Map<string, Recount>()
  let entries = 0
  for await (const docs of pages<PointsEntryDoc>(store, C.pointsEntry)) {
    for (const e of docs) {
      entries++
      const id = `${e.memberId}_${e.year}`
      const r = recount.get(id) ?? { _id: id, orgId: e.orgId, branchId: e.branchId, memberId: e.memberId, year: e.year, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 }
      r[e.category ?? 'task'] += e.amount
      r.total += e.amount
      r.entries += 1
      recount.set(id, r)
    }
  }
  const differences: BalanceDifference[] = []
  const toWrite = new Map<string, Recount>()
  let balances = 0
  for await (const docs of pages<PointsBalanceDoc>(store, C.pointsBalance)) {
    for (const b of docs) {
      balances++
      const counted = recount.get(b._id)
      // A balance with no entry (standing flags only) keeps where it is; only its sums must be 0.
      const r = counted ?? { _id: b._id, orgId: b.orgId ?? '', branchId: b.branchId ?? null, memberId: b.memberId, year: b.year, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 }
      recount.delete(b._id)
      const stored = b as unknown as Record<string, unknown>
      const expected = r as unknown as Record<string, unknown>
      const compared = counted ? FIELDS : FIELDS.filter((f) => f !== 'orgId' && f !== 'branchId')
      const diff = compared.filter((f) => (stored[f] ?? (f === 'orgId' || f === 'branchId' ? undefined : 0)) !== expected[f])
      for (const f of diff) differences.push({ id: b._id, field: f, stored: stored[f] ?? null, expected: expected[f] })
      if (diff.length) toWrite.set(b._id, r)
    }
  }
  // Member-years with entries and no balance at all.
  for (const r of recount.values()) {
    differences.push({ id: r._id, field: '(missing)', stored: null, expected: r.total })
    toWrite.set(r._id, r)
  }
  if (options.fix) {
    for (const r of toWrite.values()) {
      const set = Object.fromEntries(FIELDS.filter((f) => r[f] !== '').map((f) => [f, r[f]]))
      await upsert(store, C.pointsBalance, r, { set })
    }
  }
  return { differences, scanned: { entries, balances }, fixed: options.fix }
}
