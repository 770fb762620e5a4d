/**
 * One member's year for their secretary: the score and standing, a deduction by a rule's item, the
 * standing marks (免于参评 / 违纪) with a reason, and the 明细 with 冲正 on the entries a secretary
 * may reverse (扣分、申报、双承诺; 签到、学习与缺席扣分由各自流程更正). Each write is checked with its
 * contract first; the reason's message shows under its box.
 */
import { useEffect, useRef, useState } from 'react'
import { Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import { GRADE_LABEL, POINTS_SOURCE_LABEL, deductInput, reverseInput, setStandingInput, type PointsRules } from '../../../../contracts/points.contract'
import type { Result } from '../../../../contracts/result'
import { api } from '../../../api'
import { ErrorView, LoadingView } from '../../../components/page-state'
import { Button, Cells, Field, FieldError, Form, Hint, Section } from '../../../components/ui'
import { useZodForm, type ZodForm } from '../../../hooks/use-form'
import { useMe } from '../../../hooks/use-me'
import { useQuery } from '../../../hooks/use-query'
import { toastSuccess } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import { EntryRow } from '../components/entry-row'
import { labelled } from '../components/labels'

const REVERSIBLE = new Set(['deduction', 'application', 'commitment'])

export function MemberPanel({ memberId, year, items, frozen, onChanged }: { memberId: string; year: number; items: PointsRules['deductions']; frozen: boolean; onChanged: () => void }) {
  const member = useQuery(() => api.points.memberPoints({ memberId, year }), [memberId, year])
  const me = useMe().state
  // 免于参评 is approved by the organisation: only the admin grants or lifts it (the server refuses a secretary's change).
  const isAdmin = me.status === 'ready' && me.me.role === 'admin'
  const deductForm = useZodForm(['note'] as const, { issues: labelled({ note: '扣分事由' }) })
  const standingForm = useZodForm(['reason'] as const, { issues: labelled({ reason: '标记说明' }) })
  const reverseForm = useZodForm(['reason'] as const, { issues: labelled({ reason: '冲正原因' }) })
  const [item, setItem] = useState(0)
  const [note, setNote] = useState('')
  const [exempt, setExempt] = useState(false)
  const [violation, setViolation] = useState(false)
  const [standingReason, setStandingReason] = useState('')
  const [reverseReason, setReverseReason] = useState('')
  const requestId = useRef(newRequestId())
  const data = member.data
  useEffect(() => {
    if (!data) return
    setExempt(data.exempt)
    setViolation(data.violation)
  }, [data])

  if (member.state.status === 'error' && !data) return <ErrorView id='member-error' message={member.state.message} code={member.state.code} onRetry={() => void member.reload()} />
  if (!data) return <LoadingView />

  /** Sends a checked write; on success reloads this member and the list above. */
  const run = async <F extends string>(form: ZodForm<F>, write: () => Promise<Result<unknown>>, done: string, after: () => void) => {
    if (!(await form.submit(write))) return
    after()
    toastSuccess(done)
    void member.reload()
    onChanged()
  }
  const chosen = items[item]
  const deduct = () => {
    const input = chosen && deductForm.check(deductInput, { action: 'deduct', memberId, item: chosen.key, note, requestId: requestId.current })
    if (!input) return
    void run(deductForm, () => api.points.deduct({ memberId, item: input.item, note: input.note, requestId: input.requestId }), '已扣分', () => {
      requestId.current = newRequestId()
      setNote('')
    })
  }
  const saveStanding = () => {
    const input = standingForm.check(setStandingInput, { action: 'setStanding', memberId, year, exempt, violation, reason: standingReason })
    if (!input) return
    void run(standingForm, () => api.points.setStanding({ memberId, year, exempt, violation, reason: input.reason }), '标记已保存', () => setStandingReason(''))
  }
  const reverse = (entryId: string) => {
    const input = reverseForm.check(reverseInput, { action: 'reverse', entryId, reason: reverseReason })
    if (!input) return
    void run(reverseForm, () => api.points.reverse({ entryId, reason: input.reason }), '已冲正', () => setReverseReason(''))
  }

  const busy = deductForm.submitting || standingForm.submitting || reverseForm.submitting
  const reversed = new Set(data.entries.map((e) => e.reverses).filter(Boolean))
  return (
    <View id='member-panel' className='pts-panel'>
      <Section title={`${data.member.name} · ${data.score} 分 · ${data.exempt ? '免于参评' : data.grade ? GRADE_LABEL[data.grade] : '—'}`} />
      <Hint id='member-base'>
        基础分 {data.byCategory.base} / {data.caps.base} · 任务分 {data.byCategory.task} · 奖励分 {data.byCategory.reward} · 荣誉 {data.byCategory.honour}
      </Hint>
      {data.standingNote ? <Hint>标记说明：{data.standingNote}</Hint> : null}

      {frozen ? (
        <Hint>本年度已封存，不能再扣分、冲正或修改标记。</Hint>
      ) : (
        <>
          <Section title='扣基础分' />
          <Form>
            <Field label='扣分项'>
              <Picker className='form-item__picker' mode='selector' range={items.map((d) => `${d.label}（扣 ${d.amount} 分）`)} value={item} onChange={(e) => setItem(Number(e.detail.value))}>
                <View id='deduct-item'>{chosen ? `${chosen.label}（扣 ${chosen.amount} 分）` : '规则中没有扣分项'}</View>
              </Picker>
            </Field>
            <Field label='事由' className='pts-stack'>
              <Textarea id='deduct-note' className='pts-textarea' value={note} maxlength={200} placeholder='必填，如：11月未按时交纳党费' onInput={(e) => setNote(e.detail.value)} />
            </Field>
          </Form>
          <FieldError id='deduct-note-error' message={deductForm.errors.note} />
          <View className='actions'>
            <Button id='deduct-submit' disabled={busy || !chosen} onClick={deduct}>
              确认扣分
            </Button>
          </View>

          <Section title={`参评标记（${year} 年度）`} />
          <Form>
            <Field>
              <View className='pts-switch cell__body'>
                <Text>因特殊情况免于参评</Text>
                <Switch id='standing-exempt' checked={exempt} disabled={!isAdmin} color='#c8161d' onChange={(e) => setExempt(e.detail.value)} />
              </View>
              {isAdmin ? null : <Hint id='standing-exempt-hint'>免于参评须经党委批准，由党委管理员在「积分规则与年度封存」中办理</Hint>}
            </Field>
            <Field>
              <View className='pts-switch cell__body'>
                <Text>有违纪记录（直接评为不合格）</Text>
                <Switch id='standing-violation' checked={violation} color='#c8161d' onChange={(e) => setViolation(e.detail.value)} />
              </View>
            </Field>
            <Field label='说明' className='pts-stack'>
              <Textarea id='standing-reason' className='pts-textarea' value={standingReason} maxlength={200} placeholder='必填，如：长期病假经党委批准' onInput={(e) => setStandingReason(e.detail.value)} />
            </Field>
          </Form>
          <FieldError id='standing-reason-error' message={standingForm.errors.reason} />
          <View className='actions'>
            <Button id='standing-submit' kind='plain' disabled={busy} onClick={saveStanding}>
              保存标记
            </Button>
          </View>
        </>
      )}

      <Section title={`积分明细（${data.entries.length} 笔）`} />
      {frozen ? null : (
        <>
          <Form>
            <Field label='冲正原因' className='pts-stack'>
              <Textarea id='reverse-reason' className='pts-textarea' value={reverseReason} maxlength={200} placeholder='冲正前必填，如：已补交党费' onInput={(e) => setReverseReason(e.detail.value)} />
            </Field>
          </Form>
          <FieldError id='reverse-reason-error' message={reverseForm.errors.reason} />
        </>
      )}
      <Cells id='member-entries'>
        {data.entries.map((e) => (
          <EntryRow key={e.id} entry={e} detail={` · ${POINTS_SOURCE_LABEL[e.sourceType] ?? e.sourceType}${reversed.has(e.id) ? ' · 已冲正' : ''}`}>
            {!frozen && REVERSIBLE.has(e.sourceType) && !e.reverses && !reversed.has(e.id) ? (
              <View className='pts-row-actions'>
                <Button small kind='plain' disabled={busy} onClick={() => reverse(e.id)}>
                  冲正
                </Button>
              </View>
            ) : null}
          </EntryRow>
        ))}
      </Cells>
    </View>
  )
}
