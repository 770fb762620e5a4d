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
  const [members, marks, balances] = await Promise.all([
    queryAll<MemberDoc>(deps.store, C.member, { where: { branchId: branch._id }, orderBy: [['joinedAt', 'asc']] }),
    branchMarks(deps, branch._id, ended),
    queryAll<PointsBalanceDoc>(deps.store, C.pointsBalance, { where: { branchId: branch._id, year } }),
  ])
  const balanceOf = new Map(balances.map((b) => [b.memberId, b]))
  const inBranch = new Set(members.map((m) => m._id))
  const counts = { activities: ended.length, deducted: 0, cleared: 0, standing: 0 }
  const sync = async (a: ActivityDoc, m: MemberDoc) => {
    try {
      const change = await deps.store.transaction((tx) => syncAbsence(deps, tx, a, m._id, recordedBy))
      if (change === 'deducted') counts.deducted += 1
      if (change === 'cleared') counts.cleared += 1
    } catch (err) {
      // a concurrent sweep or change wrote this very entry first: it stands once
      if (!(err instanceof DuplicateIdError)) throw err
    }
  }
  for (const a of ended) {
    for (const m of members) {
      const due = absenceDue(a, m, marks.get(m._id), now)
      if (due) counts.standing += 1
      if (due !== (absenceMarkOf(balanceOf.get(m._id), a._id)?.on ?? false)) await sync(a, m)
    }
    // A member who has left the branch since keeps no deduction for it.
    for (const b of balances) {
      if (inBranch.has(b.memberId) || !absenceMarkOf(b, a._id)?.on) continue
      const gone = await deps.store.get<MemberDoc>(C.member, b.memberId)
      if (gone) await sync(a, gone)
    }
  }
  return counts
}
