/**
 * Every amount of an organisation's points rules as one flat list of form fields, so the admin edits
 * them all on one page: the headline figures, 出勤 per activity kind, 微党课 per lecture and per day,
 * each 基础分 deduction item (its label kept) and the honours per level. A field's key is also where
 * the contract's issues for it go (`rules.attendance.theme_day` → `attendance-theme_day`).
 */
import { ACTIVITY_KIND_LABEL, type ActivityKind } from '../../../../contracts/activity.contract'
import { HONOUR_LEVEL_LABEL, type PointsRules } from '../../../../contracts/points.contract'

export interface RuleField {
  key: string
  label: string
  group: string
  read(rules: PointsRules): number
  write(rules: PointsRules, value: number): void
}

type Honour = keyof typeof HONOUR_LEVEL_LABEL

export function ruleFields(rules: PointsRules): RuleField[] {
  const headline: RuleField[] = (
    [
      ['baseStart', '基础分起始'],
      ['taskCap', '任务分上限'],
      ['rewardCap', '奖励分上限'],
      ['commitmentMax', '承诺月最高分'],
      ['publicityDays', '公示天数'],
    ] as const
  ).map(([k, label]) => ({ key: k, label, group: '上限与公示', read: (r) => r[k], write: (r, v) => void (r[k] = v) }))
  const attendance: RuleField[] = (Object.keys(ACTIVITY_KIND_LABEL) as ActivityKind[]).map((kind) => ({
    key: `attendance-${kind}`,
    label: ACTIVITY_KIND_LABEL[kind],
    group: '每次出勤（任务分）',
    read: (r) => r.attendance[kind] ?? 0,
    write: (r, v) => void (r.attendance[kind] = v),
  }))
  const study: RuleField[] = [
    { key: 'study-perLecture', label: '每节微党课', group: '微党课（任务分）', read: (r) => r.study.perLecture, write: (r, v) => void (r.study.perLecture = v) },
    { key: 'study-dailyCap', label: '每人每天最多', group: '微党课（任务分）', read: (r) => r.study.dailyCap, write: (r, v) => void (r.study.dailyCap = v) },
  ]
  const deductions: RuleField[] = rules.deductions.map((d, i) => ({
    key: `deductions-${i}`,
    label: d.label.trim() || `第 ${i + 1} 个扣分项`,
    group: '基础分扣分项（每次扣）',
    read: (r) => r.deductions[i]?.amount ?? 0,
    write: (r, v) => {
      const item = r.deductions[i]
      if (item) r.deductions[i] = { ...item, amount: v }
    },
  }))
  const honours: RuleField[] = (Object.keys(HONOUR_LEVEL_LABEL) as Honour[]).map((level) => ({
    key: `honours-${level}`,
    label: `${HONOUR_LEVEL_LABEL[level]}荣誉`,
    group: '荣誉加分（不占奖励分）',
    read: (r) => r.honours[level] ?? 0,
    write: (r, v) => void (r.honours[level] = v),
  }))
  return [...headline, ...attendance, ...study, ...deductions, ...honours]
}

/**
 * `rules.attendance.theme_day` → `attendance-theme_day`; `rules.deductions.2.amount` → `deductions-2`;
 * a deduction item's name, `rules.deductions.2.label` → `deductions-2-label`.
 */
export function fieldKeyOf(path: string): string {
  const parts = path.replace(/^rules\./, '').split('.')
  if (parts[0] === 'deductions' && parts[2] === 'label') return `deductions-${parts[1]}-label`
  return parts.length === 1 ? (parts[0] ?? '') : `${parts[0]}-${parts[1]}`
}

/** Items the admin added on the page (removable); the built-in ones (缺席 is settled by the sweep) can be renamed, not removed. */
export const CUSTOM_ITEM = /^custom_/

/** A new item's key: the contract's `[a-z][a-z0-9_]`, unique among `taken`. */
export function newItemKey(taken: string[], now = Date.now()): string {
  let n = now
  while (taken.includes(`custom_${n.toString(36)}`)) n++
  return `custom_${n.toString(36)}`
}

/** A deep copy that runs in every mini-program base library (no structuredClone there). */
export function copyRules(rules: PointsRules): PointsRules {
  return JSON.parse(JSON.stringify(rules)) as PointsRules
}
