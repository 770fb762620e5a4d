/**
 * The year end: freeze (a snapshot of every branch's ranking and a SHA-256 over the year's ledger),
 * verify (recompute both), the branch's .xlsx export (ranking and 明细) and a member's own.
 */
import { createHash } from 'node:crypto'
import type * as P from '../../../contracts/points.contract'
import { GRADE_LABEL, POINTS_CATEGORY_LABEL, POINTS_SOURCE_LABEL } from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireMember, requireRole } from '../shared/actor'
import { cnTime, cnYear } from '../shared/china-time'
import { C, type BranchDoc } from '../shared/collections'
import { forEachPage, queryAll } from '../../store/document-store'
import { toXlsx, XLSX_MIME } from '../../lib/xlsx'
import type { PointsEntryDoc } from './ledger'
import type { PointsRulesDoc } from './rules'
import { MANAGERS, nowIso, rulesDoc } from './points.shared'
import { branchRows, getRanking, yearId, yearOf, type SnapshotRow, type YearSnapshotDoc } from './ranking.usecases'

/** SHA-256 over every entry of the organisation's year, in id order, field by field. */
async function ledgerOf(deps: Deps, orgId: string, year: number): Promise<{ checksum: string; entries: number; sums: Map<string, SnapshotRow['sums']> }> {
  const all: PointsEntryDoc[] = []
  await forEachPage<PointsEntryDoc>(deps.store, C.pointsEntry, { where: { orgId, year }, orderBy: [['at', 'asc']] }, (docs) => void all.push(...docs))
  all.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
  const hash = createHash('sha256')
  const sums = new Map<string, SnapshotRow['sums']>()
  for (const e of all) {
    hash.update(JSON.stringify([e._id, e.memberId, e.branchId, e.year, e.category ?? 'task', e.amount, e.source.type, e.source.ref, e.reverses, e.recordedBy, e.at, e.reason]) + '\n')
    const s = sums.get(e.memberId) ?? { base: 0, task: 0, reward: 0, honour: 0, total: 0 }
    s[e.category ?? 'task'] += e.amount
    s.total += e.amount
    sums.set(e.memberId, s)
  }
  return { checksum: hash.digest('hex'), entries: all.length, sums }
}

/** Freezes an ended year: a snapshot of every branch's ranking and a checksum over the ledger; no write to the year after. */
export async function freezeYear(deps: Deps, caller: Caller, input: In<P.FreezeYearInput>) {
  const admin = await requireRole(deps, caller, ['admin'])
  if (input.year >= cnYear(nowIso(deps))) throw new AppError('POINTS.BAD_STATE', '只能封存已经结束的年度')
  const id = yearId(deps, admin.orgId, input.year)
  const seen = await deps.store.get<YearSnapshotDoc>(C.pointsYear, id)
  const answer = (s: YearSnapshotDoc, alreadyFrozen: boolean) => ({ year: s.year, frozenAt: s.frozenAt, checksum: s.checksum, entries: s.entries, members: s.rows.length, alreadyFrozen })
  if (seen) return answer(seen, true)
  const branches = await queryAll<BranchDoc>(deps.store, C.branch, { where: { orgId: admin.orgId }, orderBy: [['name', 'asc']] })
  const rows: SnapshotRow[] = []
  const tops: YearSnapshotDoc['tops'] = {}
  for (const b of branches) {
    const r = await branchRows(deps, b, input.year)
    rows.push(...r.rows)
    tops[b._id] = { ranked: r.ranked, top: r.top }
  }
  const ledger = await ledgerOf(deps, admin.orgId, input.year)
  const snap: YearSnapshotDoc = { _id: id, orgId: admin.orgId, year: input.year, frozenAt: nowIso(deps), frozenBy: admin._id, checksum: ledger.checksum, entries: ledger.entries, rows, tops }
  try {
    await deps.store.transaction(async (tx) => {
      await tx.insert(C.pointsYear, snap)
      const doc = await rulesDoc(tx, admin.orgId)
      if (doc) await tx.update(C.pointsRules, admin.orgId, { set: { frozenYears: [...doc.frozenYears, input.year] } })
      else await tx.insert(C.pointsRules, { _id: admin.orgId, orgId: admin.orgId, versions: [], frozenYears: [input.year] } satisfies PointsRulesDoc)
    })
  } catch (err) {
    const winner = await deps.store.get<YearSnapshotDoc>(C.pointsYear, id)
    if (winner) return answer(winner, true)
    throw err
  }
  return answer(snap, false)
}

/** Recomputes the checksum and every member's sums from the ledger and compares them with the snapshot. */
export async function verifyYear(deps: Deps, caller: Caller, input: In<P.VerifyYearInput>) {
  const admin = await requireRole(deps, caller, ['admin'])
  const snap = await deps.store.get<YearSnapshotDoc>(C.pointsYear, yearId(deps, admin.orgId, input.year))
  if (!snap) throw new AppError('POINTS.NOT_FROZEN')
  const ledger = await ledgerOf(deps, admin.orgId, input.year)
  const zero = { base: 0, task: 0, reward: 0, honour: 0, total: 0 }
  const keys = ['base', 'task', 'reward', 'honour', 'total'] as const
  // field by field: a stored document's keys may come back in another order
  const mismatches = snap.rows.filter((r) => keys.some((k) => r.sums[k] !== (ledger.sums.get(r.memberId) ?? zero)[k])).map((r) => r.memberId)
  const known = new Set(snap.rows.map((r) => r.memberId))
  for (const m of ledger.sums.keys()) if (!known.has(m)) mismatches.push(m)
  return { year: input.year, ok: ledger.checksum === snap.checksum && mismatches.length === 0, checksum: snap.checksum, recomputed: ledger.checksum, mismatches }
}

// ── export ───────────────────────────────────────────────────────────────────────────────────

export async function exportYear(deps: Deps, caller: Caller, input: In<P.ExportYearInput>) {
  const actor = await requireRole(deps, caller, MANAGERS)
  const branch = await branchInScope(deps, actor, input.branchId)
  const ranking = await getRanking(deps, caller, { year: input.year, branchId: branch._id })
  const names = new Map(ranking.rows.map((r) => [r.memberId, r.name]))
  const entries: PointsEntryDoc[] = []
  await forEachPage<PointsEntryDoc>(deps.store, C.pointsEntry, { where: { branchId: branch._id, year: input.year }, orderBy: [['at', 'asc']] }, (docs) => void entries.push(...docs))
  const buffer = await toXlsx([
    {
      name: '积分排名',
      title: `${branch.name} ${input.year} 年度党员积分排名${ranking.frozen ? '（已封存）' : ''}`,
      columns: [
        { header: '名次', width: 6 },
        { header: '姓名', width: 12 },
        { header: '基础分', width: 8 },
        { header: '任务分', width: 8 },
        { header: '奖励分', width: 8 },
        { header: '荣誉加分', width: 9 },
        { header: '总分', width: 8 },
        { header: '等次', width: 10 },
        { header: '前20%', width: 8 },
        { header: '备注', width: 16 },
      ],
      rows: ranking.rows.map((r) => [
        r.rank,
        r.name,
        r.byCategory.base,
        r.byCategory.task,
        r.byCategory.reward,
        r.byCategory.honour,
        r.score,
        r.grade ? GRADE_LABEL[r.grade] : '免评',
        r.top ? '是' : '',
        [r.exempt ? '免于参评' : '', r.violation ? '有违纪记录' : ''].filter(Boolean).join('，'),
      ]),
    },
    {
      name: '积分明细',
      columns: [
        { header: '时间', width: 17 },
        { header: '姓名', width: 12 },
        { header: '类别', width: 9 },
        { header: '分值', width: 7 },
        { header: '事由', width: 40 },
        { header: '来源', width: 22 },
        { header: '冲正', width: 8 },
      ],
      rows: entries.map((e) => [cnTime(e.at), names.get(e.memberId) ?? '', POINTS_CATEGORY_LABEL[e.category ?? 'task'], e.amount, e.reason, POINTS_SOURCE_LABEL[e.source.type] ?? e.source.type, e.reverses ? '是' : '']),
    },
  ])
  return { fileName: `积分_${branch.name}_${input.year}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}

/**
 * A member's own year as .xlsx: the score by category against each cap, the grade, and every entry
 * of the 明细 in time order (what the branch export holds for everyone, for this member alone).
 * Reads what 我的积分 reads: the member's balance and their own entries of the year.
 */
export async function exportMine(deps: Deps, caller: Caller, input: In<P.ExportMineInput>) {
  const member = await requireMember(deps, caller)
  const year = input.year ?? cnYear(nowIso(deps))
  const mine = await yearOf(deps, member, year)
  const grade = mine.exempt ? '免于参评' : mine.grade ? GRADE_LABEL[mine.grade] : ''
  const buffer = await toXlsx([
    {
      name: '我的积分',
      title: `${member.name} ${year} 年度党员积分`,
      columns: [
        { header: '项目', width: 12 },
        { header: '得分', width: 8 },
        { header: '满分', width: 8 },
      ],
      rows: [
        ['基础分', mine.byCategory.base, mine.caps.base],
        ['任务分', mine.byCategory.task, mine.caps.task],
        ['奖励分', mine.byCategory.reward, mine.caps.reward],
        ['荣誉加分', mine.byCategory.honour, null],
        ['总分', mine.score, null],
        ['等次', grade, null],
        ...(mine.violation ? [['备注', '有违纪记录，等次为不合格', null] as Array<string | number | null>] : []),
      ],
    },
    {
      name: '积分明细',
      columns: [
        { header: '时间', width: 17 },
        { header: '类别', width: 9 },
        { header: '分值', width: 7 },
        { header: '事由', width: 40 },
        { header: '来源', width: 22 },
        { header: '冲正', width: 8 },
      ],
      // the page lists the newest first; a statement reads oldest first
      rows: [...mine.entries].reverse().map((e) => [cnTime(e.at), POINTS_CATEGORY_LABEL[e.category], e.amount, e.reason, POINTS_SOURCE_LABEL[e.sourceType] ?? e.sourceType, e.reverses ? '是' : '']),
    },
  ])
  return { fileName: `我的积分_${member.name}_${year}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}
