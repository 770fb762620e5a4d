/**
 * 党员积分 use cases: a member's year by category, the branch ranking, the rules, deductions and
 * reversals, standing (exempt / violation), applications with review and 公示, 双承诺, and the
 * frozen year. Reads of a year use the per-member-year balances (counters), never the ledger's
 * history; only the member's own 明细, the export and the year's checksum read entries, each bounded
 * by member or branch or organisation and the year, on an index.
 */
import { createHash } from 'node:crypto'
import type * as P from '../../../contracts/points.contract'
import { GRADE_LABEL, POINTS_CATEGORY_LABEL } from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, getBranch, requireMember, requireRole } from '../shared/actor'
import { cnDay, cnTime, cnYear } from '../shared/china-time'
import { C, type BranchDoc, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { forEachPage, queryAll, upsert, type TxStore } from '../../store/document-store'
import { toXlsx, XLSX_MIME } from '../../lib/xlsx'
import { award, balanceId, gradeOf, reverse, scoreOf, topCount, type PointsBalanceDoc, type PointsEntryDoc } from './ledger'
import { rulesIn, versionOn, yearEndRules, type PointsRulesDoc } from './rules'

const DAY_MS = 24 * 60 * 60 * 1000
const MANAGERS = ['secretary', 'admin'] as const
/** Sources a secretary may reverse here; attendance and study are undone by their own flows. */
const REVERSIBLE = new Set(['deduction', 'application', 'commitment'])

const today = (deps: Deps) => cnDay(deps.clock.now())
const nowIso = (deps: Deps) => deps.clock.now().toISOString()

function entryView(e: PointsEntryDoc): P.GetMyPointsOutput['entries'][number] {
  return {
    id: e._id,
    amount: e.amount,
    reason: e.reason,
    sourceType: e.source.type,
    at: e.at,
    year: e.year,
    category: e.category ?? 'task',
    status: 'final',
    reverses: e.reverses,
    recordedBy: e.recordedBy,
  }
}

const rulesDoc = (store: TxStore, orgId: string) => store.get<PointsRulesDoc>(C.pointsRules, orgId)

async function requireUnfrozen(store: TxStore, orgId: string, year: number): Promise<void> {
  const doc = await rulesDoc(store, orgId)
  if (doc?.frozenYears.includes(year)) throw new AppError('POINTS.YEAR_FROZEN')
}

function notSelf(actor: MemberDoc, memberId: string): void {
  if (actor._id === memberId) throw new AppError('POINTS.SELF')
}

/** A member the actor manages: a secretary's own branch, an admin's organisation; otherwise "not in branch". */
async function managedMember(deps: Deps, actor: MemberDoc, memberId: string): Promise<MemberDoc> {
  const m = await deps.store.get<MemberDoc>(C.member, memberId)
  if (!m || !m.branchId || m.orgId !== actor.orgId || (actor.role !== 'admin' && m.branchId !== actor.branchId)) throw new AppError('POINTS.MEMBER_NOT_IN_BRANCH')
  return m
}

/** Whether the actor manages records of `branchId` (secretary: own branch; admin: own organisation). */
const manages = (actor: MemberDoc, orgId: string, branchId: string | null) =>
  actor.orgId === orgId && (actor.role === 'admin' || (actor.role === 'secretary' && actor.branchId === branchId))

/** The branch a read is about: a member's own; a manager's as branchInScope decides. */
async function readableBranch(deps: Deps, actor: MemberDoc, requested: string | undefined): Promise<BranchDoc> {
  if (actor.role === 'member') {
    if (!actor.branchId || (requested && requested !== actor.branchId)) throw new AppError('FORBIDDEN')
    return getBranch(deps, actor.branchId)
  }
  return branchInScope(deps, actor, requested)
}

// ── my points and the ranking ────────────────────────────────────────────────────────────────

export async function getMyPoints(deps: Deps, caller: Caller, input: In<P.GetMyPointsInput>): Promise<P.GetMyPointsOutput> {
  const member = await requireMember(deps, caller)
  const year = input.year ?? cnYear(nowIso(deps))
  // One member's one year, on memberId + year + at, streamed page by page: no read cap to reach.
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
  }
}

type RankingRow = P.GetRankingOutput['rows'][number]
type SnapshotRow = RankingRow & {
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
async function branchRows(deps: Deps, branch: BranchDoc, year: number) {
  const [members, balances, doc] = await Promise.all([
    queryAll<MemberDoc>(deps.store, C.member, { where: { branchId: branch._id }, orderBy: [['joinedAt', 'asc']] }),
    queryAll<PointsBalanceDoc>(deps.store, C.pointsBalance, { where: { branchId: branch._id, year } }),
    rulesDoc(deps.store, branch.orgId),
  ])
  return rankBranch(branch._id, members, new Map(balances.map((b) => [b.memberId, b])), yearEndRules(doc, year, today(deps)))
}

interface YearSnapshotDoc {
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

const yearId = (deps: Deps, orgId: string, year: number) => deps.ids.derive('points-year', orgId, String(year))
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

// ── rules ────────────────────────────────────────────────────────────────────────────────────

export async function getRules(deps: Deps, caller: Caller, input: In<P.GetRulesInput>): Promise<P.GetRulesOutput> {
  const actor = await requireMember(deps, caller)
  const doc = await rulesDoc(deps.store, actor.orgId)
  const v = versionOn(doc, input.on ?? today(deps))
  return {
    rules: v.rules,
    effectiveFrom: v.effectiveFrom,
    versions: (doc?.versions ?? []).map((x) => ({ effectiveFrom: x.effectiveFrom, savedAt: x.savedAt, savedBy: x.savedBy })),
    frozenYears: doc?.frozenYears ?? [],
  }
}

/** A new version from `effectiveFrom` (today or later): entries already written keep their amounts. */
export async function saveRules(deps: Deps, caller: Caller, input: In<P.SaveRulesInput>) {
  const admin = await requireRole(deps, caller, ['admin'])
  if (input.effectiveFrom < today(deps)) throw new AppError('POINTS.RULES_BACKDATED')
  const keys = input.rules.deductions.map((d) => d.key)
  if (new Set(keys).size !== keys.length) throw new AppError('VALIDATION', undefined, [{ path: 'rules.deductions', message: '扣分项不能重复' }])
  return deps.store.transaction(async (tx) => {
    const doc = await rulesDoc(tx, admin.orgId)
    if (doc?.frozenYears.includes(Number(input.effectiveFrom.slice(0, 4)))) throw new AppError('POINTS.YEAR_FROZEN')
    const versions = [...(doc?.versions ?? []).filter((v) => v.effectiveFrom !== input.effectiveFrom), { effectiveFrom: input.effectiveFrom, rules: input.rules, savedBy: admin.name, savedAt: nowIso(deps) }].sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? -1 : 1,
    )
    if (doc) await tx.update(C.pointsRules, admin.orgId, { set: { versions } })
    else await tx.insert(C.pointsRules, { _id: admin.orgId, orgId: admin.orgId, versions, frozenYears: [] } satisfies PointsRulesDoc)
    return { effectiveFrom: input.effectiveFrom, versions: versions.length }
  })
}

// ── deductions, reversals, standing ──────────────────────────────────────────────────────────

export async function deduct(deps: Deps, caller: Caller, input: In<P.DeductInput>) {
  const actor = await requireRole(deps, caller, MANAGERS)
  const member = await managedMember(deps, actor, input.memberId)
  notSelf(actor, member._id)
  const at = nowIso(deps)
  return once(deps, `points.deduct:${actor._id}`, input.requestId, async (tx) => {
    const doc = await rulesDoc(tx, member.orgId)
    const label = versionOn(doc, cnDay(at)).rules.deductions.find((d) => d.key === input.item)?.label ?? input.item
    const entry = await award(tx, {
      id: deps.ids.derive('points', 'deduct', actor._id, input.requestId),
      orgId: member.orgId,
      branchId: member.branchId,
      memberId: member._id,
      year: cnYear(at),
      at,
      occurredAt: at,
      rule: { kind: 'deduction', item: input.item },
      reason: `基础分扣分：${label}（${input.note}）`,
      source: { type: 'deduction', ref: input.item },
      recordedBy: actor._id,
    })
    return { entry: entryView(entry), changed: true }
  })
}

export async function reverseEntry(deps: Deps, caller: Caller, input: In<P.ReverseInput>) {
  const actor = await requireRole(deps, caller, MANAGERS)
  const original = await deps.store.get<PointsEntryDoc>(C.pointsEntry, input.entryId)
  if (!original || !manages(actor, original.orgId, original.branchId)) throw new AppError('POINTS.NOT_FOUND')
  if (original.reverses || !REVERSIBLE.has(original.source.type)) throw new AppError('POINTS.NOT_REVERSIBLE')
  notSelf(actor, original.memberId)
  const id = deps.ids.derive('points', 'reverse', original._id)
  return deps.store.transaction(async (tx) => {
    const done = await tx.get<PointsEntryDoc>(C.pointsEntry, id)
    if (done) return { entry: entryView(done), changed: false }
    const entry = await reverse(tx, original, { id, at: nowIso(deps), reason: `冲正：${original.reason}（${input.reason}）`, sourceType: 'reversal', recordedBy: actor._id })
    return { entry: entryView(entry), changed: true }
  })
}

export async function setStanding(deps: Deps, caller: Caller, input: In<P.SetStandingInput>): Promise<{ memberId: string; year: number; exempt: boolean; violation: boolean }> {
  const actor = await requireRole(deps, caller, MANAGERS)
  const member = await managedMember(deps, actor, input.memberId)
  notSelf(actor, member._id)
  const set = { exempt: input.exempt, violation: input.violation, standingNote: `${input.reason}（${actor.name} ${cnTime(nowIso(deps))}）` }
  await deps.store.transaction(async (tx) => {
    await requireUnfrozen(tx, member.orgId, input.year)
    const doc: PointsBalanceDoc = { _id: balanceId(member._id, input.year), orgId: member.orgId, branchId: member.branchId, memberId: member._id, year: input.year, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0, ...set }
    await upsert(tx, C.pointsBalance, doc, { set })
  })
  return { memberId: member._id, year: input.year, exempt: input.exempt, violation: input.violation }
}

// ── applications, review and 公示 ──────────────────────────────────────────────────────────────

interface ApplicationDoc {
  _id: string
  orgId: string
  branchId: string
  memberId: string
  memberName: string
  year: number
  category: 'task' | 'reward' | 'honour'
  honourLevel: P.ApplicationView['honourLevel']
  amount: number
  title: string
  evidence: string
  status: P.ApplicationView['status']
  publicUntil: string | null
  history: Array<{ what: string; byId: string; byName: string; at: string; note: string | null }>
  objections: Array<{ byId: string; byName: string; at: string; text: string; resolution: 'open' | 'upheld' | 'dismissed' }>
  entryId: string | null
  createdAt: string
}

function applicationView(a: ApplicationDoc): P.ApplicationView {
  return {
    id: a._id,
    memberId: a.memberId,
    memberName: a.memberName,
    year: a.year,
    category: a.category,
    honourLevel: a.honourLevel,
    amount: a.amount,
    title: a.title,
    evidence: a.evidence,
    status: a.status,
    publicUntil: a.publicUntil,
    history: a.history.map(({ what, byName, at, note }) => ({ what, byName, at, note })),
    objections: a.objections.map(({ byName, at, text, resolution }) => ({ byName, at, text, resolution })),
    entryId: a.entryId,
    createdAt: a.createdAt,
  }
}

const step = (what: string, actor: MemberDoc, at: string, note: string | null = null) => ({ what, byId: actor._id, byName: actor.name, at, note })

export async function apply(deps: Deps, caller: Caller, input: In<P.ApplyInput>) {
  const member = await requireMember(deps, caller)
  if (!member.branchId) throw new AppError('FORBIDDEN')
  const branchId = member.branchId
  const at = nowIso(deps)
  const year = cnYear(at)
  const { rules, frozen } = await rulesIn(deps.store, member.orgId, at, year)
  if (frozen) throw new AppError('POINTS.YEAR_FROZEN')
  let amount: number
  if (input.category === 'honour') {
    if (!input.honourLevel) throw new AppError('POINTS.HONOUR_LEVEL')
    amount = rules.honours[input.honourLevel]
  } else {
    if (input.amount === undefined) throw new AppError('VALIDATION', undefined, [{ path: 'amount', message: '请填写申请分值' }])
    if (input.amount > (input.category === 'reward' ? rules.rewardCap : rules.taskCap)) throw new AppError('POINTS.OVER_CAP')
    amount = input.amount
  }
  return once(deps, `points.apply:${member._id}`, input.requestId, async (tx) => {
    const doc: ApplicationDoc = {
      _id: deps.ids.derive('points-app', member._id, input.requestId),
      orgId: member.orgId,
      branchId,
      memberId: member._id,
      memberName: member.name,
      year,
      category: input.category,
      honourLevel: input.category === 'honour' ? (input.honourLevel ?? null) : null,
      amount,
      title: input.title,
      evidence: input.evidence,
      status: 'pending',
      publicUntil: null,
      history: [step('申请', member, at)],
      objections: [],
      entryId: null,
      createdAt: at,
    }
    await tx.insert(C.pointsApplication, doc)
    return { application: applicationView(doc) }
  })
}

/** An application the actor manages; someone else's, or the branch's members only for `object`. */
async function managedApplication(deps: Deps, caller: Caller, id: string): Promise<{ actor: MemberDoc; app: ApplicationDoc }> {
  const actor = await requireRole(deps, caller, MANAGERS)
  const app = await deps.store.get<ApplicationDoc>(C.pointsApplication, id)
  if (!app || !manages(actor, app.orgId, app.branchId)) throw new AppError('POINTS.NOT_FOUND')
  notSelf(actor, app.memberId)
  return { actor, app }
}

/**
 * Reads the application again inside the transaction, checks its state, writes the change. A retry
 * of a decision already taken (the application is where this call would put it) answers it as it is.
 */
async function transition(
  tx: TxStore,
  id: string,
  from: ReadonlyArray<ApplicationDoc['status']>,
  change: (a: ApplicationDoc) => Promise<Partial<ApplicationDoc>> | Partial<ApplicationDoc>,
  target?: ApplicationDoc['status'],
): Promise<ApplicationDoc> {
  const app = await tx.get<ApplicationDoc>(C.pointsApplication, id)
  if (!app) throw new AppError('POINTS.NOT_FOUND')
  if (target && app.status === target && !from.includes(app.status)) return app
  if (!from.includes(app.status)) throw new AppError('POINTS.BAD_STATE')
  const set = await change(app)
  await tx.update(C.pointsApplication, id, { set })
  return { ...app, ...set }
}

/** 支委会初评: approve (optionally lowering the amount) into 公示, or reject. */
export async function review(deps: Deps, caller: Caller, input: In<P.ReviewInput>) {
  const { actor, app } = await managedApplication(deps, caller, input.applicationId)
  if (input.approve && input.amount !== undefined && input.amount > app.amount) throw new AppError('POINTS.OVER_CAP')
  const at = nowIso(deps)
  const { rules } = await rulesIn(deps.store, app.orgId, at, app.year)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['pending'], (a) =>
      input.approve
        ? {
            status: 'publicity',
            amount: input.amount ?? a.amount,
            publicUntil: new Date(deps.clock.now().getTime() + rules.publicityDays * DAY_MS).toISOString(),
            history: [...a.history, step('初评通过，进入公示', actor, at, input.note ?? null)],
          }
        : { status: 'rejected', history: [...a.history, step('初评未通过', actor, at, input.note ?? null)] },
      input.approve ? 'publicity' : 'rejected',
    ),
  )
  return { application: applicationView(next) }
}

/** Any member of the branch but the applicant objects while the 公示 lasts. */
export async function object(deps: Deps, caller: Caller, input: In<P.ObjectInput>) {
  const member = await requireMember(deps, caller)
  const app = await deps.store.get<ApplicationDoc>(C.pointsApplication, input.applicationId)
  if (!app || app.orgId !== member.orgId || app.branchId !== member.branchId) throw new AppError('POINTS.NOT_FOUND')
  notSelf(member, app.memberId)
  const at = nowIso(deps)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['publicity', 'objected'], (a) => {
      if (!a.publicUntil || at >= a.publicUntil) throw new AppError('POINTS.PUBLICITY_ENDED')
      // The same member's open objection with the same text is a retry: nothing new.
      if (a.objections.some((o) => o.byId === member._id && o.resolution === 'open' && o.text === input.text)) return {}
      return { status: 'objected', objections: [...a.objections, { byId: member._id, byName: member.name, at, text: input.text, resolution: 'open' }] }
    }),
  )
  return { application: applicationView(next) }
}

/** The secretary resolves the open objections: upheld → not approved; dismissed → back in 公示. */
export async function resolveObjection(deps: Deps, caller: Caller, input: In<P.ResolveObjectionInput>) {
  const { actor, app } = await managedApplication(deps, caller, input.applicationId)
  const at = nowIso(deps)
  const resolution = input.uphold ? ('upheld' as const) : ('dismissed' as const)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['objected'], (a) => ({
      status: input.uphold ? 'rejected' : 'publicity',
      objections: a.objections.map((o) => (o.resolution === 'open' ? { ...o, resolution } : o)),
      history: [...a.history, step(input.uphold ? '异议成立，申请不通过' : '异议不成立，继续公示', actor, at, input.note)],
    }), input.uphold ? 'rejected' : 'publicity'),
  )
  return { application: applicationView(next) }
}

/** After the 公示 with no open objection: the entry is written (caps applied) and the application is final. */
export async function finalize(deps: Deps, caller: Caller, input: In<P.FinalizeInput>) {
  const { actor, app } = await managedApplication(deps, caller, input.applicationId)
  if (app.status === 'final') return { application: applicationView(app) }
  const at = nowIso(deps)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['publicity'], async (a) => {
      if (!a.publicUntil || at < a.publicUntil) throw new AppError('POINTS.PUBLICITY_OPEN')
      const entry = await award(tx, {
        id: deps.ids.derive('points', 'application', a._id),
        orgId: a.orgId,
        branchId: a.branchId,
        memberId: a.memberId,
        year: a.year,
        at,
        occurredAt: a.createdAt,
        rule: { kind: 'reviewed', category: a.category, amount: a.amount },
        reason: `${POINTS_CATEGORY_LABEL[a.category]}：${a.title}`,
        source: { type: 'application', ref: a._id },
        recordedBy: actor._id,
      })
      return { status: 'final', entryId: entry._id, history: [...a.history, step('公示期满，积分生效', actor, at)] }
    }),
  )
  return { application: applicationView(next) }
}

export async function listApplications(deps: Deps, caller: Caller, input: In<P.ListApplicationsInput>) {
  const actor = await requireMember(deps, caller)
  const year = input.year ?? cnYear(nowIso(deps))
  if (input.scope === 'mine') {
    const docs = await queryAll<ApplicationDoc>(deps.store, C.pointsApplication, { where: { memberId: actor._id, year }, orderBy: [['createdAt', 'desc']] })
    return { applications: docs.map(applicationView) }
  }
  if (input.scope === 'review' && actor.role === 'member') throw new AppError('FORBIDDEN')
  const branch = await readableBranch(deps, actor, input.branchId)
  const statuses: ApplicationDoc['status'][] = input.scope === 'review' ? ['pending', 'objected', 'publicity'] : ['publicity', 'objected']
  const lists = await Promise.all(
    statuses.map((status) => queryAll<ApplicationDoc>(deps.store, C.pointsApplication, { where: { branchId: branch._id, status }, orderBy: [['createdAt', 'asc']] })),
  )
  return { applications: lists.flat().map(applicationView) }
}

// ── 双承诺 ───────────────────────────────────────────────────────────────────────────────────────

interface CommitmentDoc {
  _id: string
  orgId: string
  branchId: string
  memberId: string
  memberName: string
  month: string
  post: string
  service: string
  filedAt: string
  score: number | null
  reviewedById: string | null
  reviewedByName: string | null
  reviewedAt: string | null
  note: string | null
  entryId: string | null
}

const commitmentView = ({ _id, orgId: _o, branchId: _b, reviewedById: _r, entryId: _e, ...c }: CommitmentDoc) => ({ id: _id, ...c })
const cnMonthOf = (at: Date | string) => cnDay(at).slice(0, 7)
const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

/** A member files (or, until reviewed, rewrites) this month's 岗位承诺 and 服务承诺; last month's may be filed late. */
export async function fileCommitment(deps: Deps, caller: Caller, input: In<P.FileCommitmentInput>) {
  const member = await requireMember(deps, caller)
  if (!member.branchId) throw new AppError('FORBIDDEN')
  const branchId = member.branchId
  const current = cnMonthOf(deps.clock.now())
  const month = input.month ?? current
  if (month !== current && month !== previousMonth(current)) throw new AppError('POINTS.MONTH_CLOSED')
  const id = deps.ids.derive('commitment', member._id, month)
  const at = nowIso(deps)
  const doc = await deps.store.transaction(async (tx) => {
    await requireUnfrozen(tx, member.orgId, Number(month.slice(0, 4)))
    const before = await tx.get<CommitmentDoc>(C.pointsCommitment, id)
    if (before && before.score !== null) throw new AppError('POINTS.COMMITMENT_REVIEWED')
    const set = { post: input.post, service: input.service, filedAt: at }
    if (before) {
      await tx.update(C.pointsCommitment, id, { set })
      return { ...before, ...set }
    }
    const created: CommitmentDoc = { _id: id, orgId: member.orgId, branchId, memberId: member._id, memberName: member.name, month, ...set, score: null, reviewedById: null, reviewedByName: null, reviewedAt: null, note: null, entryId: null }
    await tx.insert(C.pointsCommitment, created)
    return created
  })
  return { commitment: commitmentView(doc) }
}

/** From the month's last day, the secretary scores it 0–max (rules); once, with its ledger entry. */
export async function reviewCommitment(deps: Deps, caller: Caller, input: In<P.ReviewCommitmentInput>) {
  const actor = await requireRole(deps, caller, MANAGERS)
  const c = await deps.store.get<CommitmentDoc>(C.pointsCommitment, input.commitmentId)
  if (!c || !manages(actor, c.orgId, c.branchId)) throw new AppError('POINTS.NOT_FOUND')
  notSelf(actor, c.memberId)
  if (today(deps) < lastDayOf(c.month)) throw new AppError('POINTS.MONTH_NOT_ENDED')
  const at = nowIso(deps)
  const doc = await deps.store.transaction(async (tx) => {
    const current = await tx.get<CommitmentDoc>(C.pointsCommitment, c._id)
    if (!current) throw new AppError('POINTS.NOT_FOUND')
    if (current.score !== null) {
      if (current.score === input.score) return current
      throw new AppError('POINTS.COMMITMENT_REVIEWED')
    }
    const entry = await award(tx, {
      id: deps.ids.derive('points', 'commitment', c._id),
      orgId: c.orgId,
      branchId: c.branchId,
      memberId: c.memberId,
      year: Number(c.month.slice(0, 4)),
      at,
      occurredAt: at,
      rule: { kind: 'commitment', score: input.score },
      reason: `${c.month} 双承诺审核赋分`,
      source: { type: 'commitment', ref: c._id },
      recordedBy: actor._id,
    })
    const set = { score: input.score, reviewedById: actor._id, reviewedByName: actor.name, reviewedAt: at, note: input.note ?? null, entryId: entry._id }
    await tx.update(C.pointsCommitment, c._id, { set })
    return { ...current, ...set }
  })
  return { commitment: commitmentView(doc) }
}

export async function listCommitments(deps: Deps, caller: Caller, input: In<P.ListCommitmentsInput>) {
  const actor = await requireMember(deps, caller)
  const branch = await readableBranch(deps, actor, input.branchId)
  const docs = await queryAll<CommitmentDoc>(deps.store, C.pointsCommitment, { where: { branchId: branch._id, month: input.month } })
  return { month: input.month, commitments: docs.map(commitmentView).sort((a, b) => a.memberName.localeCompare(b.memberName, 'zh')) }
}

// ── the frozen year ──────────────────────────────────────────────────────────────────────────

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
      rows: entries.map((e) => [cnTime(e.at), names.get(e.memberId) ?? '', POINTS_CATEGORY_LABEL[e.category ?? 'task'], e.amount, e.reason, e.source.type, e.reverses ? '是' : '']),
    },
  ])
  return { fileName: `积分_${branch.name}_${input.year}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}

