/** Who the caller is in the domain: resolved from the platform identity, never from the payload. */
import type { Role } from '../../../contracts'
import type { Caller, Deps } from '../deps'
import { AppError } from '../errors'
import { C, type MemberDoc } from './collections'

export const memberIdFor = (deps: Pick<Deps, 'ids'>, openid: string): string => deps.ids.derive('member', openid)

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
