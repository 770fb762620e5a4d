/** Who the caller is in the domain: resolved from the platform identity, never from the payload. */
import type { Role } from '../../../contracts'
import type { Caller, Deps } from '../deps'
import { AppError } from '../errors'
import { C, type BranchDoc, type MemberDoc } from './collections'

export const memberIdFor = (deps: Pick<Deps, 'ids'>, openid: string): string => deps.ids.derive('member', openid)

/** A member record placed directly (demo data, fixtures, benches), not through an invite. */
export function seededMember(
  deps: Pick<Deps, 'ids'>,
  m: { openid: string; orgId: string; branchId: string | null; name: string; role: MemberDoc['role']; at: string },
): MemberDoc {
  return { _id: memberIdFor(deps, m.openid), openid: m.openid, orgId: m.orgId, branchId: m.branchId, name: m.name, role: m.role, joinedAt: m.at, joinedVia: 'seed', updatedAt: m.at }
}

export function requireIdentity(caller: Caller): string {
  if (!caller.openid) throw new AppError('UNAUTHENTICATED')
  return caller.openid
}

/** The caller's member record, or null for a WeChat user who has not joined. */
export async function findMember(deps: Deps, caller: Caller): Promise<MemberDoc | null> {
  if (!caller.openid) return null
  return deps.store.get<MemberDoc>(C.member, memberIdFor(deps, caller.openid))
}

export async function requireMember(deps: Deps, caller: Caller): Promise<MemberDoc> {
  requireIdentity(caller)
  const member = await findMember(deps, caller)
  if (!member) throw new AppError('MEMBER.NOT_MEMBER')
  return member
}

export async function requireRole(deps: Deps, caller: Caller, roles: readonly Role[]): Promise<MemberDoc> {
  const member = await requireMember(deps, caller)
  if (!roles.includes(member.role)) throw new AppError('FORBIDDEN')
  return member
}

export async function getBranch(deps: Deps, branchId: string): Promise<BranchDoc> {
  const branch = await deps.store.get<BranchDoc>(C.branch, branchId)
  if (!branch) throw new AppError('MEMBER.BRANCH_NOT_FOUND')
  return branch
}

/**
 * The branch a secretary or admin acts on: a secretary only on their own; an admin on any branch
 * of their organisation, named in the input unless they belong to one themselves.
 */
export async function branchInScope(deps: Deps, actor: MemberDoc, requested: string | undefined): Promise<BranchDoc> {
  if (actor.role === 'admin') {
    const branchId = requested ?? actor.branchId
    if (!branchId) throw new AppError('MEMBER.BRANCH_REQUIRED')
    const branch = await getBranch(deps, branchId)
    // Another organisation's branch answers like an unknown one: its existence is not theirs to learn.
    if (branch.orgId !== actor.orgId) throw new AppError('MEMBER.BRANCH_NOT_FOUND')
    return branch
  }
  if (!actor.branchId || (requested && requested !== actor.branchId)) throw new AppError('FORBIDDEN')
  return getBranch(deps, actor.branchId)
}

