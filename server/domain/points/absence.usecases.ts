/**
 * settleAbsences: the sweep of the automatic absence deduction over one branch and one year (or one
 * activity of it). It reads the year's activities of the branch (branchId + startAt), the branch's
 * members, their attendance marks and their balances (branchId + year) — never the ledger — and
 * opens a transaction only for a member and activity whose deduction must change, where
 * syncAbsence() reads the member's marks again before writing. Running it twice, or two at once,
 * deducts once: the second finds the mark, or loses on the entry's id.
 */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import type { ActivityDoc } from '../activity/activity.docs'
import { branchMarks } from '../activity/attendance-counters'
import { branchInScope, requireRole } from '../shared/actor'
import { cnYear, cnYearStart } from '../shared/china-time'
import { C, type BranchDoc, type MemberDoc } from '../shared/collections'
import { DuplicateIdError, queryAll } from '../../store/document-store'
import { absenceDue, absenceMarkOf, syncAbsence } from './absence'
import type { PointsBalanceDoc } from './ledger'
import { MANAGERS, nowIso } from './points.shared'

export async function settleAbsences(deps: Deps, caller: Caller, input: In<P.SettleAbsencesInput>): Promise<P.SettleAbsencesOutput> {
  const actor = await requireRole(deps, caller, MANAGERS)
  const branch = await branchInScope(deps, actor, input.branchId)
  let year = input.year ?? cnYear(nowIso(deps))
  let only: ActivityDoc | undefined
  if (input.activityId) {
    const a = await deps.store.get<ActivityDoc>(C.activity, input.activityId)
    if (!a || a.branchId !== branch._id) throw new AppError('POINTS.NOT_FOUND')
    only = a
    year = cnYear(a.startAt)
  }
  const counts = await settleBranch(deps, branch, year, actor._id, only)
  return { year, branch: { id: branch._id, name: branch.name }, ...counts }
}

/** The sweep itself, for one branch and year (or one activity): what changed and what stands. */
export async function settleBranch(deps: Deps, branch: BranchDoc, year: number, recordedBy: string, only?: ActivityDoc) {
  const now = deps.clock.now()
  const yearly = only
    ? [only]
    : await queryAll<ActivityDoc>(deps.store, C.activity, { where: { branchId: branch._id, startAt: { $gte: cnYearStart(year), $lt: cnYearStart(year + 1) } }, orderBy: [['startAt', 'asc']] })
  const ended = yearly.filter((a) => new Date(a.endAt).getTime() <= now.getTime())
  const { swept: _swept, ...counts } = await sweepActivities(deps, branch, year, ended, recordedBy)
  return counts
}

/** How many deductions and clearings (one transaction each) a sweep may still write. */
export interface SweepBudget {
  left: number
}

/**
 * Reconciles the deductions of these ended activities of one branch and one year (activities of
 * the year's balances: `cnYear(startAt) === year`), in their order. With a budget it stops before
 * the write that would exceed it: `swept` is then the prefix of activities fully reconciled, and
 * the next sweep of the rest resumes where this one stopped (what was written shows in the marks).
 */
export async function sweepActivities(deps: Deps, branch: BranchDoc, year: number, ended: readonly ActivityDoc[], recordedBy: string, budget: SweepBudget = { left: Infinity }) {
  const now = deps.clock.now()
  const [members, marks, balances] = await Promise.all([
    queryAll<MemberDoc>(deps.store, C.member, { where: { branchId: branch._id }, orderBy: [['joinedAt', 'asc']] }),
    branchMarks(deps, branch._id, [...ended]),
    queryAll<PointsBalanceDoc>(deps.store, C.pointsBalance, { where: { branchId: branch._id, year } }),
  ])
  const balanceOf = new Map(balances.map((b) => [b.memberId, b]))
  const inBranch = new Set(members.map((m) => m._id))
  const counts = { activities: ended.length, deducted: 0, cleared: 0, standing: 0, swept: [] as ActivityDoc[] }
  /** false when the budget is spent: the write is not attempted */
  const sync = async (a: ActivityDoc, m: MemberDoc): Promise<boolean> => {
    if (budget.left <= 0) return false
    budget.left -= 1
    try {
      const change = await deps.store.transaction((tx) => syncAbsence(deps, tx, a, m._id, recordedBy))
      if (change === 'deducted') counts.deducted += 1
      if (change === 'cleared') counts.cleared += 1
    } catch (err) {
      // a concurrent sweep or change wrote this very entry first: it stands once
      if (!(err instanceof DuplicateIdError)) throw err
    }
    return true
  }
  for (const a of ended) {
    for (const m of members) {
      const due = absenceDue(a, m, marks.get(m._id), now)
      if (due) counts.standing += 1
      if (due !== (absenceMarkOf(balanceOf.get(m._id), a._id)?.on ?? false) && !(await sync(a, m))) return counts
    }
    // A member who has left the branch since keeps no deduction for it.
    for (const b of balances) {
      if (inBranch.has(b.memberId) || !absenceMarkOf(b, a._id)?.on) continue
      const gone = await deps.store.get<MemberDoc>(C.member, b.memberId)
      if (gone && !(await sync(a, gone))) return counts
    }
    counts.swept.push(a)
  }
  return counts
}
