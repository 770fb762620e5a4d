/**
 * The automatic 基础分 deduction for an unexcused absence: once an activity has ended, each expected
 * member who neither signed in (nor was 补录) nor had a leave approved loses the rule's amount
 * (`unexcused_absence`) from 基础分, never below 0 (award() applies the floor). syncAbsence()
 * reconciles one member and one activity with their attendance as it is now: it deducts when the
 * absence is unexcused and nothing stands, and reverses the standing deduction when the member is
 * attended or excused after all (补录, an approved leave, the activity cancelled, no longer
 * expected). It runs inside the transaction of the change (the 补录, its revocation, the leave
 * decision) and, for a whole branch and year, in settleAbsences.
 *
 * Exactly once: the n-th deduction of (activity, member) has an id derived from them and n, its
 * reversal likewise, so a retry or a concurrent twin fails on the id instead of deducting twice.
 * Which n stands is kept on the member's balance of the year (`absence_<activityId>`: { n, on }),
 * a field written only here, in the same transaction as the entry; the attendance marks are read
 * again inside that transaction, so the verdict is never older than the write.
 */
import { ACTIVITY_KIND_LABEL, type AttendanceState } from '../../../contracts/activity.contract'
import type { Deps } from '../deps'
import type { ActivityDoc } from '../activity/activity.docs'
import { attended, isExpected, unexcused } from '../activity/attendance'
import { markYearOf, memberYearId, stateFromMarks, type Marks, type MemberYearDoc } from '../activity/attendance-counters'
import { cnYear } from '../shared/china-time'
import { C, type MemberDoc } from '../shared/collections'
import { upsert, type TxStore } from '../../store/document-store'
import { award, balanceId, reverse, type PointsBalanceDoc, type PointsEntryDoc } from './ledger'
import { rulesIn } from './rules'

/** The deduction item of the rules that an unexcused absence costs. */
export const ABSENCE_ITEM = 'unexcused_absence'
export const ABSENCE_SOURCE = 'absence'

export interface AbsenceMark {
  /** how many deductions this (activity, member) has had; the standing one is the n-th */
  n: number
  on: boolean
}

export const absenceField = (activityId: string): `absence_${string}` => `absence_${activityId}`
export const absenceMarkOf = (balance: PointsBalanceDoc | null | undefined, activityId: string): AbsenceMark | undefined =>
  (balance as Record<string, unknown> | null | undefined)?.[absenceField(activityId)] as AbsenceMark | undefined

const deductionId = (deps: Deps, activityId: string, memberId: string, n: number) => deps.ids.derive('points', 'absence', activityId, memberId, String(n))
const clearingId = (deps: Deps, activityId: string, memberId: string, n: number) => deps.ids.derive('points', 'absence-cleared', activityId, memberId, String(n))

/** Whether the member owes a deduction for the activity now: held, ended, expected, and unexcused. */
export function absenceDue(activity: ActivityDoc, member: MemberDoc, marks: Marks | undefined, now: Date): boolean {
  if (activity.status !== 'scheduled' || new Date(activity.endAt).getTime() > now.getTime()) return false
  return isExpected(activity, member) && unexcused(stateFromMarks(activity, marks, now))
}

function clearedBecause(activity: ActivityDoc, state: AttendanceState | null): string {
  if (activity.status !== 'scheduled') return '活动已取消'
  if (state && attended(state)) return '已补录出勤'
  if (state === 'leave') return '请假已批准'
  return '不再列为应到'
}

export type AbsenceChange = 'deducted' | 'cleared' | null

/**
 * Reconciles one member's deduction for one activity inside `tx` (the member read there too). Before
 * the activity's end nothing is due: only the member's balance is read, for a deduction made before
 * the end was moved later (a 补录 or an approved leave then clears it at once, as after the end). A
 * frozen year, or rules without the absence item, are left as they are.
 */
export async function syncAbsence(deps: Deps, tx: TxStore, activity: ActivityDoc, memberId: string, recordedBy: string): Promise<AbsenceChange> {
  const now = deps.clock.now()
  const year = cnYear(activity.startAt)
  const balance = await tx.get<PointsBalanceDoc>(C.pointsBalance, balanceId(memberId, year))
  const mark = absenceMarkOf(balance, activity._id)
  if (new Date(activity.endAt).getTime() > now.getTime() && !mark?.on) return null
  const member = await tx.get<MemberDoc>(C.member, memberId)
  if (!member) return null
  const marks = ((await tx.get<MemberYearDoc>(C.attendanceMemberYear, memberYearId(member._id, activity.branchId, markYearOf(activity)))) ?? undefined) as Marks | undefined
  const due = absenceDue(activity, member, marks, now)
  if (due === (mark?.on ?? false)) return null
  const { rules, frozen } = await rulesIn(tx, activity.orgId, activity.startAt, year)
  if (frozen) return null
  const at = now.toISOString()
  const n = mark?.n ?? 0
  let next: AbsenceMark
  if (due) {
    if (!rules.deductions.some((d) => d.key === ABSENCE_ITEM)) return null
    await award(tx, {
      id: deductionId(deps, activity._id, member._id, n + 1),
      orgId: activity.orgId,
      branchId: activity.branchId,
      memberId: member._id,
      year,
      at,
      occurredAt: activity.startAt,
      rule: { kind: 'deduction', item: ABSENCE_ITEM },
      reason: `基础分扣分：无故缺席组织生活（${ACTIVITY_KIND_LABEL[activity.kind]}：${activity.title}）`,
      source: { type: ABSENCE_SOURCE, ref: activity._id },
      recordedBy,
    })
    next = { n: n + 1, on: true }
  } else {
    const original = await tx.get<PointsEntryDoc>(C.pointsEntry, deductionId(deps, activity._id, member._id, n))
    const state = member.branchId === activity.branchId ? stateFromMarks(activity, marks, now) : null
    if (original) {
      await reverse(tx, original, {
        id: clearingId(deps, activity._id, member._id, n),
        at,
        reason: `冲正：无故缺席扣分（${activity.title}，${clearedBecause(activity, state)}）`,
        sourceType: 'absence_cleared',
        recordedBy,
      })
    }
    next = { n, on: false }
  }
  const field = absenceField(activity._id)
  const fresh: PointsBalanceDoc = { _id: balanceId(member._id, year), orgId: activity.orgId, branchId: activity.branchId, memberId: member._id, year, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 }
  await upsert(tx, C.pointsBalance, { ...fresh, [field]: next }, { set: { [field]: next } })
  return due ? 'deducted' : 'cleared'
}
