/** 双承诺: a member files this month's 岗位承诺 and 服务承诺; the secretary scores them 0–6 at month end; the branch sees them. */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { requireMember } from '../shared/actor'
import { cnDay } from '../shared/china-time'
import { C } from '../shared/collections'
import { queryAll } from '../../store/document-store'
import { award } from './ledger'
import { managerOfRecord, nowIso, readableBranch, requireUnfrozen, today } from './points.shared'

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
  const { actor, doc: c } = await managerOfRecord<CommitmentDoc>(deps, caller, C.pointsCommitment, input.commitmentId)
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
