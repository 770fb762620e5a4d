/**
 * The pure parts of the pages' forms: the lecture editor's payload checked by its contract, the question number
 * on quiz issues, the activity payload (Beijing times, an end past midnight), the dashboard's
 * periods. The shared field-error mapping is checked with the contract's own issues.
 */
import { joinBranchInput } from '../../contracts/member.contract'
import { payloadOf as activityPayload, defaultForm as activityForm } from '../../src/packages/activity/edit/activity-form'
import { createLectureInput } from '../../contracts/lecture.contract'
import { FIELDS, emptyForm, namedIssues, payloadOf } from '../../src/packages/lecture/edit/lecture-form'
import { addDays, periodRange } from '../../src/packages/survey/dashboard/period'
import { blocksOfDrafts, newDraft } from '../../src/packages/lecture/components/article-text'

import { fieldErrorsOf } from '../../src/hooks/use-form'

jest.mock('@tarojs/taro', () => ({ showToast: () => Promise.resolve() }), { virtual: true })

/** The lecture editor's errors as the page shows them: the contract's own issues, named, per field. */
function lectureErrors(form: ReturnType<typeof emptyForm>) {
  const parsed = createLectureInput.safeParse({ action: 'createLecture', ...payloadOf(form, blocksOfDrafts(form.drafts)) })
  if (parsed.success) return {}
  return fieldErrorsOf(namedIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))), FIELDS)
}

describe('lecture form (checked by the contract only)', () => {
  test('an empty form names every missing field in plain Chinese', () => {
    expect(lectureErrors(emptyForm(''))).toEqual({ columnId: '请选择栏目', title: '标题至少 2 个字', lecturer: '主讲人至少 2 个字', blocks: '请填写正文' })
  })

  test('an audio lecture needs its file and a length; a quiz needs its answers marked', () => {
    const form = { ...emptyForm('王建国'), columnId: 'c1', title: '两分钟学党章', kind: 'audio' as const, quizOn: true }
    const question = { question: '党章是什么', options: ['根本大法', '一般文件'], answer: null }
    form.questions = [question]
    expect(lectureErrors(form)).toEqual({ mediaFileId: '请上传音频文件', durationSec: '请填写时长（秒）', quiz: '第 1 题：请点选正确答案' })
    const answered = { ...form, questions: [{ ...question, answer: 0 }] }
    const ready = { ...answered, media: { fileId: 'f1', name: 'a.mp3' }, duration: '120' }
    expect(lectureErrors(ready)).toEqual({})
    expect(payloadOf(ready, [])).toMatchObject({ kind: 'audio', blocks: [], mediaFileId: 'f1', durationSec: 120, quiz: { passMark: 1 } })
    expect(lectureErrors({ ...ready, duration: '90000', issueNo: '0' })).toEqual({ durationSec: '时长最多 14400 秒（4 小时）', issueNo: '期号须为 1–9999 的整数，可不填' })
  })

  test('issues name their question or their block', () => {
    expect(namedIssues([{ path: 'quiz.questions.1.options', message: '选项最多 60 字' }, { path: 'blocks.3.text', message: '每段最多 2000 字' }, { path: 'title', message: 'x' }])).toEqual([
      { path: 'quiz.questions.1.options', message: '第 2 题：选项最多 60 字' },
      { path: 'blocks.3.text', message: '正文第 4 段：每段最多 2000 字' },
      { path: 'title', message: 'x' },
    ])
    const long = { ...emptyForm('王建国'), columnId: 'c1', title: '两分钟学党章', drafts: [newDraft('p', '党'.repeat(2001))] }
    expect(lectureErrors(long)).toEqual({ blocks: '正文第 1 段：每段最多 2000 字' })
  })
})

describe('field errors from the contract', () => {
  test('the first message per known field, from the zod contract itself', () => {
    const parsed = joinBranchInput.safeParse({ action: 'joinBranch', code: 'x', name: '' })
    expect(parsed.success).toBe(false)
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const errors = fieldErrorsOf(issues, ['code', 'name'] as const)
    expect(Object.keys(errors).sort()).toEqual(['code', 'name'])
    expect(errors.code).toMatch(/[\u4e00-\u9fff]/)
    expect(fieldErrorsOf([{ path: 'other', message: 'x' }], ['code'] as const)).toEqual({})
  })
})

describe('activity form', () => {
  test('an end clock time not after the start falls on the next day (Beijing time)', () => {
    const form = { ...activityForm(Date.parse('2026-12-01T02:00:00Z')), date: '2026-12-01', start: '23:00', end: '01:00' }
    const p = activityPayload(form)
    expect(p.startAt).toBe('2026-12-01T15:00:00.000Z')
    expect(p.endAt).toBe('2026-12-01T17:00:00.000Z')
    expect(activityPayload({ ...form, kind: 'volunteer', hours: '1.5' }).volunteerHours).toBe(1.5)
    expect(activityPayload({ ...form, expected: 'some', selected: ['m1'] }).expectedMemberIds).toEqual(['m1'])
  })
})

describe('dashboard periods', () => {
  test('近7天, 本月 and a reversed custom range', () => {
    expect(periodRange('7', { from: '', to: '' }, '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' })
    expect(periodRange('month', { from: '', to: '' }, '2026-03-02')).toEqual({ from: '2026-03-01', to: '2026-03-02' })
    expect(periodRange('custom', { from: '2026-03-09', to: '2026-03-01' }, '2026-03-10')).toEqual({ from: '2026-03-01', to: '2026-03-09' })
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
  })
})

describe('points rules form: 基础分扣分项', () => {
  // imported here so the other suites do not pay for the points page's imports
  const load = () => import('../../src/packages/points/admin/rule-fields')

  test("the contract's issues of an item land under its name or its amount", async () => {
    const { fieldKeyOf } = await load()
    expect(fieldKeyOf('rules.deductions.3.label')).toBe('deductions-3-label')
    expect(fieldKeyOf('rules.deductions.3.amount')).toBe('deductions-3')
    expect(fieldKeyOf('rules.honours.national')).toBe('honours-national')
    expect(fieldKeyOf('rules.publicityDays')).toBe('publicityDays')
  })

  test('a new item gets a key the contract accepts and no other item has; only added items are removable', async () => {
    const { CUSTOM_ITEM, newItemKey } = await load()
    const { pointsRules } = await import('../../contracts/points.contract')
    const key = newItemKey(['unexcused_absence'], 1_700_000_000_000)
    expect(newItemKey([key], 1_700_000_000_000)).not.toBe(key)
    const item = pointsRules.shape.deductions.element.safeParse({ key, label: '无故不参加志愿服务', amount: 1 })
    expect(item.success).toBe(true)
    expect(CUSTOM_ITEM.test(key)).toBe(true)
    expect(CUSTOM_ITEM.test('unexcused_absence')).toBe(false)
  })

  test('an unnamed item is still named in a missing-amount message', async () => {
    const { ruleFields } = await load()
    const { DEFAULT_RULES } = await import('../../server/domain/points/rules')
    const fields = ruleFields({ ...DEFAULT_RULES, deductions: [...DEFAULT_RULES.deductions, { key: 'custom_x1', label: ' ', amount: 1 }] })
    expect(fields.find((f) => f.key === 'deductions-3')?.label).toBe('第 4 个扣分项')
  })
})
