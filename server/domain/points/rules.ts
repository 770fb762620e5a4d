/**
 * The points rules of an organisation: every amount and cap lives here and nowhere else. Rules are
 * versioned by effective date (China day); an entry is scored by the version in force on the day its
 * event happened, and a new version can only start today or later, so no saved rule rewrites history.
 * The same document lists the frozen years, so one read inside a ledger transaction gives both.
 */
import type { PointsRules } from '../../../contracts/points.contract'
import type { TxStore } from '../../store/document-store'
import { cnDay } from '../shared/china-time'
import { C } from '../shared/collections'

/** Defaults (the 凤县 model of the seeds): 基础分 20, 任务分 ≤ 70, 奖励分 ≤ 10, honours on top. */
export const DEFAULT_RULES: PointsRules = {
  baseStart: 20,
  taskCap: 70,
  rewardCap: 10,
  attendance: { party_congress: 2, committee: 2, group_meeting: 1, party_lecture: 2, theme_day: 2, volunteer: 2, life_meeting: 2, other: 1 },
  study: { perLecture: 1, dailyCap: 3 },
  commitmentMax: 6,
  deductions: [
    { key: 'unexcused_absence', label: '无故缺席组织生活', amount: 2 },
    { key: 'late_dues', label: '未按时交纳党费', amount: 2 },
    { key: 'duty_lapse', label: '未履行党员义务', amount: 5 },
  ],
  honours: { county: 2, city: 3, province: 5, national: 10 },
  publicityDays: 7,
}

export interface RulesVersion {
  effectiveFrom: string
  rules: PointsRules
  savedBy: string
  savedAt: string
}

export interface PointsRulesDoc {
  _id: string
  orgId: string
  /** ascending by effectiveFrom */
  versions: RulesVersion[]
  frozenYears: number[]
}

export interface RulesInForce {
  rules: PointsRules
  effectiveFrom: string | null
  frozen: boolean
}

/** The version in force on `day` (YYYY-MM-DD), or the defaults before any. */
export function versionOn(doc: PointsRulesDoc | null, day: string): { rules: PointsRules; effectiveFrom: string | null } {
  const v = [...(doc?.versions ?? [])].reverse().find((x) => x.effectiveFrom <= day)
  return v ? { rules: v.rules, effectiveFrom: v.effectiveFrom } : { rules: DEFAULT_RULES, effectiveFrom: null }
}

export async function rulesIn(store: TxStore, orgId: string, at: string, year: number): Promise<RulesInForce> {
  return rulesOf(await store.get<PointsRulesDoc>(C.pointsRules, orgId), at, year)
}

/** What the organisation's rules document says for an event at `at` in `year`: the version in force that day, and whether the year is frozen. */
export function rulesOf(doc: PointsRulesDoc | null, at: string, year: number): RulesInForce {
  return { ...versionOn(doc, cnDay(at)), frozen: doc?.frozenYears.includes(year) ?? false }
}

/** The rules a year is summed under: those in force on its last day (or today in the current year). */
export function yearEndRules(doc: PointsRulesDoc | null, year: number, today: string): PointsRules {
  const last = `${year}-12-31`
  return versionOn(doc, today < last ? today : last).rules
}
