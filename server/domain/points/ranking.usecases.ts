/**
 * A member's year by category and the branch ranking: both read the per-member-year balances
 * (counters), never the ledger's history; only the member's own 明细 reads entries, on
 * memberId + year + at. A frozen year answers from its snapshot.
 */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { requireMember, requireRole } from '../shared/actor'
import { cnYear } from '../shared/china-time'
import { C, type BranchDoc, type MemberDoc } from '../shared/collections'
import { forEachPage, queryAll } from '../../store/document-store'
import { balanceId, gradeOf, scoreOf, topCount, type PointsBalanceDoc, type PointsEntryDoc } from './ledger'
import { yearEndRules } from './rules'
import { entryView, manages, MANAGERS, nowIso, readableBranch, rulesDoc, today } from './points.shared'

/** One member's year: the score from the balance, the 明细 streamed from memberId + year + at. */
export async function yearOf(deps: Deps, member: MemberDoc, year: number): Promise<P.GetMyPointsOutput & { standingNote: string | null }> {
  // One member's one year, page by page: no read cap to reach.
  const entries: PointsEntryDoc[] = []
  const [balance, doc] = await Promise.all([
    deps.store.get<PointsBalanceDoc>(C.pointsBalance, balanceId(member._id, year)),
    rulesDoc(deps.store, member.orgId),
    forEachPage<PointsEntryDoc>(deps.store, C.pointsEntry, { where: { memberId: member._id, year }, orderBy: [['at', 'desc']] }, (docs) => void entries.push(...docs)),
  ])
  const rules = yearEndRules(doc, year, today(deps))
  const { byCategory, score } = scoreOf(balance, rules)
  const exempt = balance?.exempt ?? false
  const violation = balance?.violation ?? false
  return {
    year,
    total: balance?.total ?? 0,
    score,
    byCategory,
    caps: { base: rules.baseStart, task: rules.taskCap, reward: rules.rewardCap },
    grade: exempt ? null : gradeOf(score, violation),
    exempt,
    violation,
    entries: entries.map(entryView),
    standingNote: balance?.standingNote ?? null,
  }
}

export async function getMyPoints(deps: Deps, caller: Caller, input: In<P.GetMyPointsInput>): Promise<P.GetMyPointsOutput> {
  const member = await requireMember(deps, caller)
  const { standingNote: _n, ...mine } = await yearOf(deps, member, input.year ?? cnYear(nowIso(deps)))
  return mine
}

/** A member's year as their secretary (or the admin) sees it, to deduct, reverse or mark their standing. */
export async function memberPoints(deps: Deps, caller: Caller, input: In<P.MemberPointsInput>): Promise<P.MemberPointsOutput> {
  const actor = await requireRole(deps, caller, MANAGERS)
  const member = await deps.store.get<MemberDoc>(C.member, input.memberId)
  if (!member || !member.branchId || !manages(actor, member.orgId, member.branchId)) throw new AppError('POINTS.MEMBER_NOT_IN_BRANCH')
  return { ...(await yearOf(deps, member, input.year ?? cnYear(nowIso(deps)))), member: { id: member._id, name: member.name } }
}

type RankingRow = P.GetRankingOutput['rows'][number]
export type SnapshotRow = RankingRow & {
  branchId: string
  /** raw sums per category from the balance (compared with a recount of the ledger) */
  sums: { base: number; task: number; reward: number; honour: number; total: number }
}

/**
 * Ranks a branch: exempted members are left out (no rank, no grade); the others by score, equal
 * scores sharing a rank (1, 1, 3). Top 20 %: k = ceil(n × 0.2) with n the ranked members; a member
 * without a recorded violation is flagged when the eligible members (no violation) scoring at
 * least as much number at most k. So never more than k are flagged: a tie across the boundary
 * flags none of the tied (the 支委会 decides between them), and a violator (不合格) keeps a rank but
 * takes no place.
 */
export function rankBranch(branchId: string, members: MemberDoc[], balances: Map<string, PointsBalanceDoc>, rules: P.PointsRules): { rows: SnapshotRow[]; ranked: number; top: number } {
  const rows = members.map((m): SnapshotRow => {
    const b = balances.get(m._id) ?? null
    const { byCategory, score } = scoreOf(b, rules)
    const exempt = b?.exempt ?? false
    const violation = b?.violation ?? false
    return {
      memberId: m._id,
      branchId,
      name: m.name,
      score,
      byCategory,
      rank: null,
      top: false,
      grade: exempt ? null : gradeOf(score, violation),
      exempt,
      violation,
      sums: { base: b?.base ?? 0, task: b?.task ?? 0, reward: b?.reward ?? 0, honour: b?.honour ?? 0, total: b?.total ?? 0 },
    }
  })
  const ranked = rows.filter((r) => !r.exempt).sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh') || (a.memberId < b.memberId ? -1 : 1))
  const k = topCount(ranked.length)
  const eligible = ranked.filter((r) => !r.violation).map((r) => r.score)
  let prev: SnapshotRow | null = null
  ranked.forEach((r, i) => {
    r.rank = prev && prev.score === r.score ? prev.rank : i + 1
    r.top = !r.violation && eligible.filter((s) => s >= r.score).length <= k
    prev = r
  })
  const exempted = rows.filter((r) => r.exempt).sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  return { rows: [...ranked, ...exempted], ranked: ranked.length, top: k }
}

/** Members of the branch and their balances of the year: two index queries, no ledger. */
export async function branchRows(deps: Deps, branch: BranchDoc, year: number) {
  const [members, balances, doc] = await Promise.all([
    queryAll<MemberDoc>(deps.store, C.member, { where: { branchId: branch._id }, orderBy: [['joinedAt', 'asc']] }),
    queryAll<PointsBalanceDoc>(deps.store, C.pointsBalance, { where: { branchId: branch._id, year } }),
    rulesDoc(deps.store, branch.orgId),
  ])
  return rankBranch(branch._id, members, new Map(balances.map((b) => [b.memberId, b])), yearEndRules(doc, year, today(deps)))
}

export interface YearSnapshotDoc {
  _id: string
  orgId: string
  year: number
  frozenAt: string
  frozenBy: string
  checksum: string
  entries: number
  rows: SnapshotRow[]
  tops: Record<string, { ranked: number; top: number }>
}

export const yearId = (deps: Deps, orgId: string, year: number) => deps.ids.derive('points-year', orgId, String(year))
const publicRow = ({ branchId: _b, sums: _s, ...row }: SnapshotRow): RankingRow => row

export async function getRanking(deps: Deps, caller: Caller, input: In<P.GetRankingInput>): Promise<P.GetRankingOutput> {
  const actor = await requireMember(deps, caller)
  const branch = await readableBranch(deps, actor, input.branchId)
  // A frozen year answers from its snapshot: what was frozen, not what the counters say now.
  const snap = await deps.store.get<YearSnapshotDoc>(C.pointsYear, yearId(deps, branch.orgId, input.year))
  if (snap) {
    const rows = snap.rows.filter((r) => r.branchId === branch._id)
    const t = snap.tops[branch._id] ?? { ranked: 0, top: 0 }
    return { year: input.year, branch: { id: branch._id, name: branch.name }, frozen: true, ranked: t.ranked, topCount: t.top, rows: rows.map(publicRow) }
  }
  const r = await branchRows(deps, branch, input.year)
  return { year: input.year, branch: { id: branch._id, name: branch.name }, frozen: false, ranked: r.ranked, topCount: r.top, rows: r.rows.map(publicRow) }
}
