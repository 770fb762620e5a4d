/** The points rules: read the version in force on a day; the admin saves a new version from today or later. */
import type * as P from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { requireMember, requireRole } from '../shared/actor'
import { C } from '../shared/collections'
import { versionOn, type PointsRulesDoc } from './rules'
import { nowIso, rulesDoc, today } from './points.shared'

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
