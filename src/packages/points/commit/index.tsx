/** 党员双承诺：本月的岗位承诺与服务承诺（审核前可修改，已提交的填在框里），以及本支部党员本月的承诺与评分。 */
import { useEffect, useRef, useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { fileCommitmentInput } from '../../../../contracts/points.contract'
import { api } from '../../../api'
import { Actions, Button, Cells, Empty, Field, FieldError, Form, Hint, Section } from '../../../components/ui'
import { useZodForm } from '../../../hooks/use-form'
import { useMe } from '../../../hooks/use-me'
import { useQuery } from '../../../hooks/use-query'
import { toastSuccess } from '../../../utils/feedback'
import { cnParts } from '../../../utils/format'
import { labelled } from '../components/labels'
import { gate } from '../components/scope'
import '../components/points.css'

const FIELDS = ['post', 'service'] as const
const named = labelled({ post: '岗位承诺', service: '服务承诺' })

function thisMonth(): string {
  const p = cnParts(Date.now())
  return p ? `${p.year}-${String(p.month).padStart(2, '0')}` : new Date().toISOString().slice(0, 7)
}

export default function CommitmentPage() {
  const month = thisMonth()
  const list = useQuery(() => api.points.listCommitments({ month }), [month], { refreshOnShow: true })
  const me = useMe()
  const form = useZodForm(FIELDS, { issues: named })
  const [post, setPost] = useState('')
  const [service, setService] = useState('')
  const myId = me.state.status === 'ready' ? me.state.me.member?.id : undefined
  const mine = list.data?.commitments.find((c) => c.memberId === myId)
  // What the member filed this month, in the boxes to amend (once, before they type).
  const filled = useRef(false)
  useEffect(() => {
    if (!mine || filled.current) return
    filled.current = true
    setPost(mine.post)
    setService(mine.service)
  }, [mine])

  const submit = async () => {
    const input = form.check(fileCommitmentInput, { action: 'fileCommitment', month, post, service })
    if (!input) return
    if (!(await form.submit(() => api.points.fileCommitment({ month, post: input.post, service: input.service })))) return
    toastSuccess(mine ? '承诺已修改' : '承诺已提交')
    void list.reload()
  }

  const waiting = gate('commit-error', list)
  if (waiting || !list.data) return waiting
  const scored = mine?.score !== null && mine?.score !== undefined
  return (
    <View className='page'>
      <Section title={`${month} 我的承诺`} />
      <Form>
        <Field label='岗位承诺' className='pts-stack'>
          <Textarea className='pts-textarea' id='commit-post' value={post} disabled={scored} maxlength={500} placeholder='本月在岗位上要做到的事' onInput={(e) => setPost(e.detail.value)} />
        </Field>
        <Field label='服务承诺' className='pts-stack'>
          <Textarea className='pts-textarea' id='commit-service' value={service} disabled={scored} maxlength={500} placeholder='本月为群众、为司乘做的实事' onInput={(e) => setService(e.detail.value)} />
        </Field>
      </Form>
      <FieldError id='commit-post-error' message={form.errors.post} />
      <FieldError id='commit-service-error' message={form.errors.service} />
      <Hint>{scored ? `本月承诺已评 ${mine?.score} 分，不能再修改` : '月末由支部书记审核赋分（0–6 分，计入任务分）；审核前可以修改'}</Hint>
      {scored ? null : (
        <Actions>
          <Button id='commit-submit' loading={form.submitting} onClick={() => void submit()}>
            {mine ? '修改承诺' : '提交承诺'}
          </Button>
        </Actions>
      )}

      <Section title={`本支部 ${month} 的承诺`} />
      {list.data.commitments.length === 0 ? (
        <Empty id='commit-empty'>本月还没有党员提交承诺</Empty>
      ) : (
        <Cells id='commit-list'>
          {list.data.commitments.map((c) => (
            <View key={c.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>{c.memberName}</Text>
                <Text className='cell__desc'>岗位：{c.post}</Text>
                <Text className='cell__desc'>服务：{c.service}</Text>
              </View>
              <Text className={c.score === null ? 'pts-amount pts-amount--minus' : 'pts-amount'}>{c.score === null ? '待评' : `${c.score} 分`}</Text>
            </View>
          ))}
        </Cells>
      )}
    </View>
  )
}
