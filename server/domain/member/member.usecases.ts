/**
 * Member use cases: who am I, invites, joining a branch with an invite, the branch roll, roles.
 * Identity is the platform's (`caller.openid`); every write is safe to retry.
 */
import type { member as M } from '../../../contracts'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, findMember, getBranch, memberIdFor, requireIdentity, requireRole } from '../shared/actor'
import { C, type BranchDoc, type InviteDoc, type MemberDoc, type OrganizationDoc } from '../shared/collections'
import { appendAudit } from '../shared/audit'
import { cnDay } from '../shared/china-time'
import { once } from '../shared/once'
import { queryAll } from '../../store/document-store'

const DAY_MS = 24 * 60 * 60 * 1000
export const INVITE_DEFAULT_DAYS = 7
export const INVITE_MAX_DAYS = 90
export const INVITE_DEFAULT_USES = 50
/** No 0/O, 1/I/L: codes are read aloud and typed from a screenshot. */
export const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

const ROLE_ORDER: Record<MemberDoc['role'], number> = { secretary: 0, admin: 1, member: 2 }

/** A member's 流动 mark while it holds: `until` is a China-time day, inclusive; null never ends. */
export function activeMobile(m: MemberDoc, now: Date): { place: string; until: string | null } | null {
  const mark = m.mobile
  if (!mark) return null
  return mark.until === null || mark.until >= cnDay(now) ? { place: mark.place, until: mark.until } : null
}

export function toMemberView(m: MemberDoc, now: Date): M.MemberView {
  return { id: m._id, name: m.name, role: m.role, branchId: m.branchId, joinedAt: m.joinedAt, mobile: activeMobile(m, now) }
}

const branchRef = (b: BranchDoc) => ({ id: b._id, name: b.name })

export async function getMe(deps: Deps, caller: Caller): Promise<M.GetMeOutput> {
  const member = await findMember(deps, caller)
  if (!member) return { identified: caller.openid !== null, role: 'public', member: null, branch: null, org: null }
  const [branch, org] = await Promise.all([
    member.branchId ? deps.store.get<BranchDoc>(C.branch, member.branchId) : null,
    deps.store.get<OrganizationDoc>(C.organization, member.orgId),
  ])
  return {
    identified: true,
    role: member.role,
    member: toMemberView(member, deps.clock.now()),
    branch: branch ? branchRef(branch) : null,
    org: org ? { id: org._id, name: org.name } : null,
  }
}

export async function createInvite(deps: Deps, caller: Caller, input: In<M.CreateInviteInput>): Promise<M.CreateInviteOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const now = deps.clock.now()
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(now.getTime() + INVITE_DEFAULT_DAYS * DAY_MS)
  if (expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > now.getTime() + INVITE_MAX_DAYS * DAY_MS) {
    throw new AppError('VALIDATION', `有效期须在现在之后、${INVITE_MAX_DAYS} 天以内`, [
      { path: 'expiresAt', message: `有效期须在现在之后、${INVITE_MAX_DAYS} 天以内` },
    ])
  }
  return once(deps, `createInvite:${actor._id}`, input.requestId, async (tx) => {
    const maxUses = input.maxUses ?? INVITE_DEFAULT_USES
    for (let attempt = 0; attempt < 8; attempt++) {
      const code = deps.ids.randomCode(8, INVITE_ALPHABET)
      const doc: InviteDoc = {
        _id: code,
        orgId: branch.orgId,
        branchId: branch._id,
        createdBy: actor._id,
        maxUses,
        uses: 0,
        expiresAt: expiresAt.toISOString(),
        createdAt: now.toISOString(),
      }
      // Checked inside the transaction: a failed insert would abort it, so a taken code is skipped, not caught.
      if (await tx.get(C.memberInvite, code)) continue
      await tx.insert(C.memberInvite, doc)
      return { code, branchId: branch._id, maxUses, expiresAt: doc.expiresAt }
    }
    throw new Error('could not find a free invite code')
  })
}

export async function joinBranch(deps: Deps, caller: Caller, input: In<M.JoinBranchInput>): Promise<M.JoinBranchOutput> {
  const openid = requireIdentity(caller)
  const memberId = memberIdFor(deps, openid)
  const now = deps.clock.now()
  // One transaction: the invite's use and the member record are written together or not at all,
  // and the member's id derives from the OPENID, so a burst of joins makes exactly one member.
  return deps.store.transaction(async (tx) => {
    const invite = await tx.get<InviteDoc>(C.memberInvite, input.code)
    if (!invite) throw new AppError('MEMBER.INVITE_NOT_FOUND')
    const branch = await tx.get<BranchDoc>(C.branch, invite.branchId)
    if (!branch) throw new AppError('MEMBER.BRANCH_NOT_FOUND')
    const existing = await tx.get<MemberDoc>(C.member, memberId)
    if (existing) {
      if (existing.branchId === invite.branchId) {
        return { member: toMemberView(existing, now), branch: branchRef(branch), alreadyMember: true }
      }
      throw new AppError('MEMBER.ALREADY_IN_OTHER_BRANCH')
    }
    if (new Date(invite.expiresAt).getTime() <= now.getTime()) throw new AppError('MEMBER.INVITE_EXPIRED')
    if (invite.uses >= invite.maxUses) throw new AppError('MEMBER.INVITE_EXHAUSTED')
    const member: MemberDoc = {
      _id: memberId,
      openid,
      orgId: invite.orgId,
      branchId: invite.branchId,
      name: input.name,
      role: 'member',
      joinedAt: now.toISOString(),
      joinedVia: invite._id,
      updatedAt: now.toISOString(),
    }
    await tx.update(C.memberInvite, invite._id, { inc: { uses: 1 } })
    await tx.insert(C.member, member)
    return { member: toMemberView(member, deps.clock.now()), branch: branchRef(branch), alreadyMember: false }
  })
}

export async function listMembers(deps: Deps, caller: Caller, input: In<M.ListMembersInput>): Promise<M.ListMembersOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const members = await queryAll<MemberDoc>(deps.store, C.member, {
    where: { branchId: branch._id },
    orderBy: [['joinedAt', 'asc']],
  })
  members.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role])
  return { branch: branchRef(branch), members: members.map((m) => toMemberView(m, deps.clock.now())) }
}

export async function setRole(deps: Deps, caller: Caller, input: In<M.SetRoleInput>): Promise<M.SetRoleOutput> {
  const actor = await requireRole(deps, caller, ['admin'])
  const target = await deps.store.get<MemberDoc>(C.member, input.memberId)
  if (!target || target.orgId !== actor.orgId) throw new AppError('MEMBER.NOT_FOUND')
  if (target._id === actor._id) throw new AppError('MEMBER.CANNOT_CHANGE_OWN_ROLE')
  if (target.role === input.role) return { member: toMemberView(target, deps.clock.now()), changed: false }
  const updatedAt = deps.clock.now().toISOString()
  await deps.store.update(C.member, target._id, { set: { role: input.role, updatedAt } })
  return { member: toMemberView({ ...target, role: input.role, updatedAt }, deps.clock.now()), changed: true }
}

export async function listBranches(deps: Deps, caller: Caller): Promise<M.ListBranchesOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branches =
    actor.role === 'admin'
      ? await queryAll<BranchDoc>(deps.store, C.branch, { where: { orgId: actor.orgId }, orderBy: [['name', 'asc']] })
      : [await getBranch(deps, actor.branchId ?? '')]
  const counts = await deps.store.countBy(C.member, 'branchId', { orgId: actor.orgId })
  const countOf = new Map(counts.map((c) => [c.key, c.count]))
  return { branches: branches.map((b) => ({ id: b._id, name: b.name, memberCount: countOf.get(b._id) ?? 0 })) }
}

const sameMobile = (a: MemberDoc['mobile'] | null, b: MemberDoc['mobile'] | null) => (!a || !b ? !a && !b : a.place === b.place && a.until === b.until)

/**
 * Marks a member 流动 (where, until which day) or clears the mark: a secretary for their own
 * branch, an admin for the organisation; any other member answers like an unknown id. The same
 * mark again changes nothing; a change and its audit line are written together.
 */
export async function setMobile(deps: Deps, caller: Caller, input: In<M.SetMobileInput>): Promise<M.SetMobileOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const now = deps.clock.now()
  const mobile = input.mobile ? { place: input.mobile.place, until: input.mobile.until } : null
  if (mobile?.until && mobile.until < cnDay(now)) {
    throw new AppError('VALIDATION', '截止日期不能早于今天', [{ path: 'mobile.until', message: '截止日期不能早于今天' }])
  }
  return deps.store.transaction(async (tx) => {
    const target = await tx.get<MemberDoc>(C.member, input.memberId)
    const inScope = target && (actor.role === 'admin' ? target.orgId === actor.orgId : target.branchId !== null && target.branchId === actor.branchId)
    if (!target || !inScope) throw new AppError('MEMBER.NOT_FOUND')
    if (sameMobile(target.mobile ?? null, mobile)) return { member: toMemberView(target, now), changed: false }
    const updatedAt = now.toISOString()
    await tx.update(C.member, target._id, { set: { mobile, updatedAt } })
    await appendAudit(deps, tx, C.memberAudit, actor, updatedAt, { memberId: target._id, what: mobile ? 'mobile_set' : 'mobile_cleared', mobile })
    return { member: toMemberView({ ...target, mobile, updatedAt }, now), changed: true }
  })
}
