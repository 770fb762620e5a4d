/**
 * The pure parts of the pages' forms: the lecture editor's checks and payload, the question number
 * on quiz issues, the activity payload (Beijing times, an end past midnight), the dashboard's
 * periods. The shared field-error mapping is checked with the contract's own issues.
 */
import { joinBranchInput } from '../../contracts/member.contract'
import { payloadOf as activityPayload, defaultForm as activityForm } from '../../src/packages/activity/edit/activity-form'
import { emptyForm, payloadOf, validate, withQuestionNo } from '../../src/packages/lecture/edit/lecture-form'
import { addDays, periodRange } from '../../src/packages/survey/dashboard/period'
import { blocksOfDrafts } from '../../src/packages/lecture/components/article-text'

import { fieldErrorsOf } from '../../src/hooks/use-form'

jest.mock('@tarojs/taro', () => ({ showToast: () => Promise.resolve() }), { virtual: true })

describe('lecture form', () => {
  test('an empty form names every missing field in Chinese', () => {
    const form = emptyForm('')
    const errors = validate(form, blocksOfDrafts(form.drafts))
    expect(errors).toEqual({ columnId: '请选择栏目', title: '标题须为 2–40 个字', lecturer: '主讲人须为 2–20 个字', blocks: '请填写正文' })
  })

  test('an audio lecture needs its file and a length; a quiz needs its answers marked', () => {
    const form = { ...emptyForm('王建国'), columnId: 'c1', title: '两分钟学党章', kind: 'audio' as const, quizOn: true }
    const question = { question: '党章是什么', options: ['根本大法', '一般文件'], answer: null }
    form.questions = [question]
    expect(validate(form, [])).toEqual({ mediaFileId: '请上传音频文件', durationSec: '请填写时长（1–14400 秒的整数）', quiz: '第 1 题：请点选正确答案' })
    const ready = { ...form, media: { fileId: 'f1', name: 'a.mp3' }, duration: '120', questions: [{ ...question, answer: 0 }] }
    expect(validate(ready, [])).toEqual({})
    expect(payloadOf(ready, [])).toMatchObject({ kind: 'audio', blocks: [], mediaFileId: 'f1', durationSec: 120, quiz: { passMark: 1 } })
  })

  test('quiz issues from the contract name their question', () => {
    expect(withQuestionNo([{ path: 'quiz.questions.1.options', message: '选项最多 60 字' }, { path: 'title', message: 'x' }])).toEqual([
      { path: 'quiz.questions.1.options', message: '第 2 题：选项最多 60 字' },
      { path: 'title', message: 'x' },
    ])
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
