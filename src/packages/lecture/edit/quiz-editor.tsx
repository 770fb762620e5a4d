/** The lecture editor's 课后测验: up to 5 single-choice questions, the right answer marked, the pass mark. */
import { Input, Text, View } from '@tarojs/components'
import { inputId } from '../../../utils/element-id'
import { Chips } from './chips'
import { MAX_OPTIONS, MAX_QUESTIONS, newQuestion, type Form, type Question } from './lecture-form'

type SetForm = (change: (f: Form) => Form) => void

function QuestionEditor({ q, qi, count, setQuestion, remove }: { q: Question; qi: number; count: number; setQuestion: (change: (q: Question) => Question) => void; remove: () => void }) {
  return (
    <View className='quiz-edit__q'>
      <View className='quiz-edit__head'>
        <Text className='quiz-edit__no'>第 {qi + 1} 题</Text>
        {count > 1 ? (
          <Text className='link' onClick={remove}>
            删除本题
          </Text>
        ) : null}
      </View>
      <Input
        className='quiz-edit__question'
        {...inputId(`edit-q-${qi}`)}
        type='text'
        value={q.question}
        maxlength={120}
        placeholder='题目'
        onInput={(e) => setQuestion((x) => ({ ...x, question: e.detail.value }))}
      />
      {q.options.map((o, oi) => (
        <View key={oi} className='quiz-edit__opt'>
          <Text
            className={q.answer === oi ? 'quiz-edit__mark quiz-edit__mark--on' : 'quiz-edit__mark'}
            id={`edit-q-${qi}-answer-${oi}`}
            onClick={() => setQuestion((x) => ({ ...x, answer: oi }))}
          >
            {q.answer === oi ? '✓' : ''}
          </Text>
          <Input
            className='quiz-edit__opt-input'
            {...inputId(`edit-q-${qi}-opt-${oi}`)}
            type='text'
            value={o}
            maxlength={60}
            placeholder={`选项 ${'ABCD'[oi] ?? ''}`}
            onInput={(e) => setQuestion((x) => ({ ...x, options: x.options.map((y, k) => (k === oi ? e.detail.value : y)) }))}
          />
          {q.options.length > 2 ? (
            <Text
              className='quiz-edit__del'
              onClick={() =>
                setQuestion((x) => ({
                  ...x,
                  options: x.options.filter((_, k) => k !== oi),
                  answer: x.answer === null || x.answer === oi ? null : x.answer > oi ? x.answer - 1 : x.answer,
                }))
              }
            >
              ×
            </Text>
          ) : null}
        </View>
      ))}
      <View className='quiz-edit__foot'>
        <Text className='quiz-edit__tip'>点左侧圆圈标出正确答案</Text>
        {q.options.length < MAX_OPTIONS ? (
          <Text className='link' onClick={() => setQuestion((x) => ({ ...x, options: [...x.options, ''] }))}>
            ＋ 选项
          </Text>
        ) : null}
      </View>
    </View>
  )
}

export function QuizEditor({ form, setForm }: { form: Form; setForm: SetForm }) {
  const setQuestion = (i: number, change: (q: Question) => Question) =>
    setForm((f) => ({ ...f, questions: f.questions.map((q, j) => (j === i ? change(q) : q)) }))
  const addQuestion = () => setForm((f) => (f.questions.length >= MAX_QUESTIONS ? f : { ...f, questions: [...f.questions, newQuestion()] }))
  const removeQuestion = (i: number) =>
    setForm((f) => {
      const questions = f.questions.filter((_, j) => j !== i)
      return { ...f, questions: questions.length ? questions : [newQuestion()], passMark: Math.min(f.passMark, Math.max(1, questions.length)) }
    })

  return (
    <View className='quiz-edit' id='edit-quiz'>
      {form.questions.map((q, qi) => (
        <QuestionEditor key={qi} q={q} qi={qi} count={form.questions.length} setQuestion={(change) => setQuestion(qi, change)} remove={() => removeQuestion(qi)} />
      ))}
      <View className='quiz-edit__bottom'>
        {form.questions.length < MAX_QUESTIONS ? (
          <Text className='link' id='edit-quiz-add' onClick={addQuestion}>
            ＋ 添加题目（最多 {MAX_QUESTIONS} 题）
          </Text>
        ) : (
          <Text className='muted'>已达 {MAX_QUESTIONS} 题上限</Text>
        )}
      </View>
      <View className='quiz-edit__pass'>
        <Text className='quiz-edit__pass-label'>及格题数</Text>
        <Chips
          items={form.questions.map((_, i) => ({ key: i + 1, label: String(i + 1) }))}
          value={Math.min(form.passMark, form.questions.length)}
          onChange={(v) => setForm((f) => ({ ...f, passMark: v }))}
          idPrefix='edit-pass'
        />
      </View>
    </View>
  )
}
