/** A manager's corrections: 基础分 deductions, reversing entries, and a member's standing (exempt / violation). */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { cnDay, cnTime, cnYear } from '../shared/china-time'
import { C } from '../shared/collections'
import { once } from '../shared/once'
import { upsert } from '../../store/document-store'
import { award, balanceId, reverse, type PointsBalanceDoc, type PointsEntryDoc } from './ledger'
import { versionOn } from './rules'
import { entryView, managerOfMember, managerOfRecord, nowIso, requireUnfrozen, REVERSIBLE, rulesDoc } from './points.shared'

export async function deduct(deps: Deps, caller: Caller, input: In<P.DeductInput>) {
  const { actor, member } = await managerOfMember(deps, caller, input.memberId)
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
  const { actor, doc: original } = await managerOfRecord<PointsEntryDoc>(deps, caller, C.pointsEntry, input.entryId)
  if (original.reverses || !REVERSIBLE.has(original.source.type)) throw new AppError('POINTS.NOT_REVERSIBLE')
  const id = deps.ids.derive('points', 'reverse', original._id)
  return deps.store.transaction(async (tx) => {
    const done = await tx.get<PointsEntryDoc>(C.pointsEntry, id)
    if (done) return { entry: entryView(done), changed: false }
    const entry = await reverse(tx, original, { id, at: nowIso(deps), reason: `冲正：${original.reason}（${input.reason}）`, sourceType: 'reversal', recordedBy: actor._id })
    return { entry: entryView(entry), changed: true }
  })
}

export async function setStanding(deps: Deps, caller: Caller, input: In<P.SetStandingInput>): Promise<{ memberId: string; year: number; exempt: boolean; violation: boolean }> {
  const { actor, member } = await managerOfMember(deps, caller, input.memberId)
  const set = { exempt: input.exempt, violation: input.violation, standingNote: `${input.reason}（${actor.name} ${cnTime(nowIso(deps))}）` }
  await deps.store.transaction(async (tx) => {
    await requireUnfrozen(tx, member.orgId, input.year)
    // 免于参评 is approved by the organisation (the admin); a secretary may mark a violation but
    // neither grant nor lift an exemption.
    if (actor.role !== 'admin') {
      const current = await tx.get<PointsBalanceDoc>(C.pointsBalance, balanceId(member._id, input.year))
      if (input.exempt !== (current?.exempt ?? false)) throw new AppError('POINTS.EXEMPT_ADMIN_ONLY')
    }
    const doc: PointsBalanceDoc = { _id: balanceId(member._id, input.year), orgId: member.orgId, branchId: member.branchId, memberId: member._id, year: input.year, total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0, ...set }
    await upsert(tx, C.pointsBalance, doc, { set })
  })
  return { memberId: member._id, year: input.year, exempt: input.exempt, violation: input.violation }
}
