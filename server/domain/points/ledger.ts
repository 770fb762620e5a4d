/**
 * The points ledger: append-only entries, each with an idempotency key derived from its source
 * event, and a per-member-year balance kept in the same transaction. Nothing is ever edited;
 * a correction is a reversing entry.
 */
import { upsert, type TxStore } from '../../store/document-store'
import { C } from '../shared/collections'

export interface PointsEntryDoc {
  _id: string
  orgId: string
  branchId: string | null
  memberId: string
  year: number
  amount: number
  reason: string
  source: { type: string; ref: string }
  /** the entry this one reverses, if any */
  reverses: string | null
  recordedBy: string
  at: string
}

export interface PointsBalanceDoc {
  _id: string
  memberId: string
  year: number
  total: number
  entries: number
}

export const balanceId = (memberId: string, year: number): string => `${memberId}_${year}`

/** Appends one entry inside the caller's transaction; a duplicate key fails the transaction. */
export async function appendEntry(tx: TxStore, entry: PointsEntryDoc): Promise<void> {
  await tx.insert(C.pointsEntry, entry)
  const id = balanceId(entry.memberId, entry.year)
  const balance: PointsBalanceDoc = { _id: id, memberId: entry.memberId, year: entry.year, total: entry.amount, entries: 1 }
  // One statement whether or not the member's year has a balance yet.
  await upsert(tx, C.pointsBalance, balance, { inc: { total: entry.amount, entries: 1 } })
}
