/**
 * 课后测验：单选题，提交后由服务端判分（题目下发时不含答案）。通过测验是完成课程的条件之一。
 */
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { LectureDetail, SubmitQuizOutput } from '../../../api/lecture'
import { toast } from '../../../utils/feedback'
import { api } from '../../../api'

type Quiz = NonNullable<LectureDetail['quiz']>

const LETTERS = ['A', 'B', 'C', 'D']

export function QuizSection({
  lectureId,
  quiz,
  passed,
  canSubmit,
  onResult,
}: {
  lectureId: string
  quiz: Quiz
  /** 服务端记录的测验是否已通过 */
  passed: boolean
  /** false: not a member, or a draft preview */
  canSubmit: boolean
  onResult: (out: SubmitQuizOutput) => void
}) {
  const [answers, setAnswers] = useState<Array<number | null>>(() => quiz.questions.map(() => null))
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<SubmitQuizOutput | null>(null)
  const [error, setError] = useState('')

  const choose = (q: number, option: number) => setAnswers((a) => a.map((x, i) => (i === q ? option : x)))

  const submit = async () => {
    if (busy) return
    const missing = answers.findIndex((a) => a === null)
    if (missing >= 0) {
      setError(`请先回答第 ${missing + 1} 题`)
      return
    }
    setError('')
    setBusy(true)
    const res = await api.lecture.submitQuiz({ lectureId, answers: answers.map((a) => a ?? 0) })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.message)
      toast(res.error.message)
      return
    }
    setResult(res.data)
    onResult(res.data)
  }

  return (
    <View className='quiz' id='lecture-quiz'>
      <Text className='section-title'>
        课后测验 · 共 {quiz.questions.length} 题，答对 {quiz.passMark} 题及格
      </Text>
      {passed && !result ? (
        <Text className='quiz__passed' id='quiz-passed'>
          测验已通过 ✓
        </Text>
      ) : null}
      {quiz.questions.map((q, qi) => (
        <View key={qi} className='quiz__q' id={`quiz-q-${qi}`}>
          <Text className='quiz__question'>
            {qi + 1}. {q.question}
          </Text>
          {q.options.map((o, oi) => {
            const on = answers[qi] === oi
            return (
              <View key={oi} className={on ? 'quiz__opt quiz__opt--on' : 'quiz__opt'} id={`quiz-q-${qi}-opt-${oi}`} onClick={() => choose(qi, oi)}>
                <Text className={on ? 'quiz__radio quiz__radio--on' : 'quiz__radio'}>{on ? '●' : ''}</Text>
                <Text className='quiz__opt-text'>
                  {LETTERS[oi]}. {o}
                </Text>
              </View>
            )
          })}
        </View>
      ))}
      {result ? (
        <Text className={result.passed ? 'quiz__result quiz__result--ok' : 'quiz__result quiz__result--bad'} id='quiz-result'>
          {result.passed
            ? `答对 ${result.correct} 题，测验通过 ✓`
            : `答对 ${result.correct} 题，未达到 ${result.passMark} 题，请再看一遍后重新作答`}
        </Text>
      ) : null}
      {error ? (
        <Text className='form-error' id='quiz-error'>
          {error}
        </Text>
      ) : null}
      {canSubmit ? (
        <View className='actions quiz__actions'>
          <Button className='btn btn--plain' id='quiz-submit' loading={busy || undefined} disabled={busy || undefined} onClick={() => void submit()}>
            提交答案
          </Button>
        </View>
      ) : null}
    </View>
  )
}
