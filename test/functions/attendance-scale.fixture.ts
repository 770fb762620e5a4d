/**
 * A large branch loaded straight into the store (insertMany): 2,000 members and a year of weekly
 * activities with their sign-ins, 补录 and leaves, as the organisation-scale issue measured. Shared by
 * test/functions/attendance-scale.test.ts and bench/attendance-scale.ts. Records only: the counters
 * are then built by the repair (server/domain/activity/attendance-repair.ts), as on a real upgrade.
 */
import { activityKind } from '../../contracts/activity.contract'
import type { ActivityDoc, LeaveDoc, SignInDoc } from '../../server/domain/activity/activity.docs'
import type { Ids } from '../../server/domain/deps'
import { seededMember } from '../../server/domain/shared/actor'
import { C, type BranchDoc, type MemberDoc, type OrganizationDoc } from '../../server/domain/shared/collections'
import type { DocumentStore } from '../../server/store/document-store'

export const BIG = {
  orgId: 'org_big',
  branchId: 'br_big',
  secretaryOpenid: 'big-secretary',
  memberOpenid: (i: number) => `big-member-${String(i).padStart(4, '0')}`,
  year: 2026,
}

/** What member i did at weekly activity j: a fixed pattern, so any figure can be recounted by hand. */
export function outcome(i: number, j: number): 'signed' | 'makeup' | 'leave' | 'leave_pending' | 'none' {
  const k = (i * 7 + j * 3) % 10
  if (k < 4) return 'signed'
  if (k === 4) return 'makeup'
  if (k === 5) return 'leave'
  if (k === 6) return 'leave_pending'
  return 'none'
}

/** A held two-hour activity for the whole branch, sign-in by scan, created at `at`. */
export function activityDoc(p: { _id: string; orgId: string; branchId: string; kind: ActivityDoc['kind']; title: string; startMs: number; by: string; at: string }): ActivityDoc {
  return {
    _id: p._id,
    orgId: p.orgId,
    branchId: p.branchId,
    kind: p.kind,
    title: p.title,
    startAt: new Date(p.startMs).toISOString(),
    endAt: new Date(p.startMs + 2 * 3_600_000).toISOString(),
    place: '会议室',
    description: '',
    expectedMemberIds: null,
    volunteerHours: null,
    status: 'scheduled',
    cancelReason: null,
    signInMode: 'auto',
    secret: `secret-${p._id}`,
    createdBy: p.by,
    createdAt: p.at,
    updatedAt: p.at,
  }
}

/** An active sign-in of `m` at `a`, a minute after it started (a 补录 by `by`), as the sign-in use cases write it. */
export function signInDoc(ids: Pick<Ids, 'derive'>, a: ActivityDoc, m: MemberDoc, method: 'scan' | 'makeup', by: MemberDoc | undefined): SignInDoc {
  const at = new Date(Date.parse(a.startAt) + 60_000).toISOString()
  return {
    _id: ids.derive('signin', a._id, m._id),
    activityId: a._id,
    branchId: a.branchId,
    memberId: m._id,
    method,
    state: 'active',
    at,
    locationFlag: 'none',
    location: null,
    makeupSeq: method === 'makeup' ? 1 : 0,
    makeup: method === 'makeup' ? { byId: by?._id ?? '', byName: by?.name ?? '', reason: '纸质签到', at } : null,
  }
}

/** A leave of `m` for `a`, requested when the activity was created (decided then by `by` when approved). */
export function leaveDoc(ids: Pick<Ids, 'derive'>, a: ActivityDoc, m: MemberDoc, status: 'approved' | 'pending', by: MemberDoc | undefined): LeaveDoc {
  const approved = status === 'approved'
  return {
    _id: ids.derive('leave', a._id, m._id),
    activityId: a._id,
    branchId: a.branchId,
    memberId: m._id,
    memberName: m.name,
    reason: '出差',
    status,
    requestedAt: a.createdAt,
    decidedAt: approved ? a.createdAt : null,
    decidedById: approved ? (by?._id ?? null) : null,
    decidedByName: approved ? (by?.name ?? null) : null,
  }
}

export async function loadBigBranch(store: DocumentStore, ids: Pick<Ids, 'derive'>, members = 2000, weeks = 52): Promise<{ memberIds: string[]; activityIds: string[] }> {
  const at = '2025-06-01T00:00:00.000Z'
  await store.insertMany<OrganizationDoc>(C.organization, [{ _id: BIG.orgId, name: '规模测试党委', createdAt: at }])
  await store.insertMany<BranchDoc>(C.branch, [{ _id: BIG.branchId, orgId: BIG.orgId, name: '规模测试支部', createdAt: at }])
  const people: MemberDoc[] = Array.from({ length: members }, (_, i) => {
    const openid = i === 0 ? BIG.secretaryOpenid : BIG.memberOpenid(i)
    return seededMember({ ids: ids as Ids }, { openid, orgId: BIG.orgId, branchId: BIG.branchId, name: `党员${i}`, role: i === 0 ? 'secretary' : 'member', at })
  })
  await store.insertMany(C.member, people)
  const start = Date.parse('2026-01-05T01:00:00.000Z')
  const activities: ActivityDoc[] = Array.from({ length: weeks }, (_, j) => {
    const a = activityDoc({ _id: `act_big_${String(j).padStart(3, '0')}`, orgId: BIG.orgId, branchId: BIG.branchId, kind: activityKind.options[j % activityKind.options.length] ?? 'other', title: `第${j + 1}周组织生活`, startMs: start + j * 7 * 86_400_000, by: people[0]?._id ?? '', at })
    return j === 3 ? { ...a, status: 'cancelled', cancelReason: '台风' } : a
  })
  await store.insertMany(C.activity, activities)
  const signIns: SignInDoc[] = []
  const leaves: LeaveDoc[] = []
  const flush = async (force = false) => {
    if (signIns.length >= 5000 || (force && signIns.length)) await store.insertMany(C.activitySignIn, signIns.splice(0))
    if (leaves.length >= 5000 || (force && leaves.length)) await store.insertMany(C.activityLeave, leaves.splice(0))
  }
  for (const [j, a] of activities.entries()) {
    for (const [i, m] of people.entries()) {
      const o = outcome(i, j)
      if (o === 'signed' || o === 'makeup') signIns.push(signInDoc(ids, a, m, o === 'signed' ? 'scan' : 'makeup', people[0]))
      else if (o === 'leave' || o === 'leave_pending') leaves.push(leaveDoc(ids, a, m, o === 'leave' ? 'approved' : 'pending', people[0]))
      await flush()
    }
  }
  await flush(true)
  return { memberIds: people.map((p) => p._id), activityIds: activities.map((a) => a._id) }
}
