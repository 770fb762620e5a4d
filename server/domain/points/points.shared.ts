/**
 * What the points use cases share: the clock helpers, the entry view, the rules document, and the
 * loaders for "a member the actor manages" and "the branch a read is about".
 */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps } from '../deps'
import { AppError } from '../errors'
import { branchInScope, getBranch, requireRole } from '../shared/actor'
import { cnDay } from '../shared/china-time'
import { C, type BranchDoc, type MemberDoc } from '../shared/collections'
import type { TxStore } from '../../store/document-store'
import type { PointsEntryDoc } from './ledger'
import type { PointsRulesDoc } from './rules'

export const DAY_MS = 24 * 60 * 60 * 1000
export const MANAGERS = ['secretary', 'admin'] as const
/** Sources a secretary may reverse here; attendance and study are undone by their own flows. */
export const REVERSIBLE = new Set(['deduction', 'application', 'commitment'])

export const today = (deps: Deps) => cnDay(deps.clock.now())
export const nowIso = (deps: Deps) => deps.clock.now().toISOString()

export function entryView(e: PointsEntryDoc): P.GetMyPointsOutput['entries'][number] {
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

export const rulesDoc = (store: TxStore, orgId: string) => store.get<PointsRulesDoc>(C.pointsRules, orgId)

export async function requireUnfrozen(store: TxStore, orgId: string, year: number): Promise<void> {
  const doc = await rulesDoc(store, orgId)
  if (doc?.frozenYears.includes(year)) throw new AppError('POINTS.YEAR_FROZEN')
}

export function notSelf(actor: MemberDoc, memberId: string): void {
  if (actor._id === memberId) throw new AppError('POINTS.SELF')
}

/** Whether the actor manages records of `branchId` (secretary: own branch; admin: own organisation). */
export const manages = (actor: MemberDoc, orgId: string, branchId: string | null) =>
  actor.orgId === orgId && (actor.role === 'admin' || (actor.role === 'secretary' && actor.branchId === branchId))

/**
 * The one loader for "a member and a manager of them": the caller must be a secretary or an admin,
 * the member in a branch the caller manages (otherwise "not in branch"), and not the caller.
 */
export async function managerOfMember(deps: Deps, caller: Caller, memberId: string): Promise<{ actor: MemberDoc; member: MemberDoc }> {
  const actor = await requireRole(deps, caller, MANAGERS)
  const member = await deps.store.get<MemberDoc>(C.member, memberId)
  if (!member || !member.branchId || !manages(actor, member.orgId, member.branchId)) throw new AppError('POINTS.MEMBER_NOT_IN_BRANCH')
  notSelf(actor, member._id)
  return { actor, member }
}

/**
 * The same for a record about a member (an entry, an application, a commitment): one of another
 * branch answers like an unknown id; one about the caller is refused (someone else decides it).
 */
export async function managerOfRecord<T extends { _id: string; orgId: string; branchId: string | null; memberId: string }>(deps: Deps, caller: Caller, collection: string, id: string): Promise<{ actor: MemberDoc; doc: T }> {
  const actor = await requireRole(deps, caller, MANAGERS)
  const doc = await deps.store.get<T>(collection, id)
  if (!doc || !manages(actor, doc.orgId, doc.branchId)) throw new AppError('POINTS.NOT_FOUND')
  notSelf(actor, doc.memberId)
  return { actor, doc }
}

/** The branch a read is about: a member's own; a manager's as branchInScope decides. */
export async function readableBranch(deps: Deps, actor: MemberDoc, requested: string | undefined): Promise<BranchDoc> {
  if (actor.role === 'member') {
    if (!actor.branchId || (requested && requested !== actor.branchId)) throw new AppError('FORBIDDEN')
    return getBranch(deps, actor.branchId)
  }
  return branchInScope(deps, actor, requested)
}

