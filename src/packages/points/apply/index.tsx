/** 积分申报（党员）：填写事项与佐证材料申报任务分、奖励分或县级及以上荣誉；下方是本人本年度的申报与进度。 */
import { useRef, useState } from 'react'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { APPLICATION_STATUS_LABEL, HONOUR_LEVEL_LABEL, POINTS_CATEGORY_LABEL, applyInput } from '../../../../contracts/points.contract'
import { api } from '../../../api'
import { Actions, Button, Cells, Empty, Field, FieldError, Form, Hint, Section, Tag } from '../../../components/ui'
import { useZodForm } from '../../../hooks/use-form'
import { useQuery } from '../../../hooks/use-query'
import { toastSuccess } from '../../../utils/feedback'
import { formatDate } from '../../../utils/format'
import { newRequestId } from '../../../utils/request-id'
import { labelled } from '../components/labels'
import { gate } from '../components/scope'
import '../components/points.css'

const CATEGORIES = ['task', 'reward', 'honour'] as const
const LEVELS = ['county', 'city', 'province', 'national'] as const
const FIELDS = ['category', 'amount', 'honourLevel', 'title', 'evidence'] as const
const named = labelled({ title: '事项', evidence: '佐证材料' }, { amount: '申请分值须为 0.5–20 分（0.5 的倍数）' })

export default function ApplyPage() {
  const list = useQuery(() => api.points.listApplications({ scope: 'mine' }), [], { refreshOnShow: true })
  const form = useZodForm(FIELDS, { issues: named })
  const [category, setCategory] = useState(1)
  const [level, setLevel] = useState(0)
  const [amount, setAmount] = useState('')
  const [title, setTitle] = useState('')
  const [evidence, setEvidence] = useState('')
  const requestId = useRef(newRequestId())
  const cat = CATEGORIES[category] ?? 'reward'

  const submit = async () => {
    const input = form.check(applyInput, {
      action: 'apply',
      category: cat,
      ...(cat === 'honour' ? { honourLevel: LEVELS[level] ?? 'county' } : { amount: amount.trim() === '' ? undefined : Number(amount) }),
      title,
      evidence,
      requestId: requestId.current,
    })
    if (!input) return
    if (cat !== 'honour' && input.amount === undefined) return form.fail('amount', '请填写申请分值')
    const { action: _action, ...payload } = input
    if (!(await form.submit(() => api.points.apply(payload)))) return
    requestId.current = newRequestId()
    setTitle('')
    setEvidence('')
    setAmount('')
    toastSuccess('已提交，待支委会初评')
    void list.reload()
  }

  const waiting = gate('apply-error', list)
  if (waiting || !list.data) return waiting
  const apps = list.data.applications
  return (
    <View className='page'>
      <Section title='申报积分' />
      <Form>
        <Field label='类别'>
          <Picker className='form-item__picker' mode='selector' range={CATEGORIES.map((c) => POINTS_CATEGORY_LABEL[c])} value={category} onChange={(e) => setCategory(Number(e.detail.value))}>
            <View id='apply-category'>
              {POINTS_CATEGORY_LABEL[cat]} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </Field>
        {cat === 'honour' ? (
          <Field label='荣誉级别'>
            <Picker className='form-item__picker' mode='selector' range={LEVELS.map((l) => HONOUR_LEVEL_LABEL[l])} value={level} onChange={(e) => setLevel(Number(e.detail.value))}>
              <View id='apply-level'>
                {HONOUR_LEVEL_LABEL[LEVELS[level] ?? 'county']}（分值按规则） <Text className='cell__arrow'>›</Text>
              </View>
            </Picker>
          </Field>
        ) : (
          <Field label='申请分值'>
            <Input className='form-item__control' id='apply-amount' type='digit' value={amount} placeholder='如 2 或 0.5' onInput={(e) => setAmount(e.detail.value)} />
          </Field>
        )}
        <Field label='事项'>
          <Input className='form-item__control' id='apply-title' value={title} maxlength={60} placeholder='如：抗冰保畅突击队' onInput={(e) => setTitle(e.detail.value)} />
        </Field>
        <Field label='佐证材料' className='pts-stack'>
          <Textarea className='pts-textarea' id='apply-evidence' value={evidence} maxlength={1000} placeholder='时间、地点、证明人或证书编号' onInput={(e) => setEvidence(e.detail.value)} />
        </Field>
      </Form>
      <FieldError id='apply-amount-error' message={form.errors.amount} />
      <FieldError id='apply-title-error' message={form.errors.title} />
      <FieldError id='apply-evidence-error' message={form.errors.evidence} />
      <Hint>流程：支委会初评 → 本支部公示（期间党员可提出异议）→ 公示期满生效</Hint>
      <Actions>
        <Button id='apply-submit' loading={form.submitting} onClick={() => void submit()}>
          提交申报
        </Button>
      </Actions>

      <Section title='我的申报' />
      {apps.length === 0 ? (
        <Empty id='apply-empty'>本年度还没有申报</Empty>
      ) : (
        <Cells id='apply-list'>
          {apps.map((a) => (
            <View key={a.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title pts-title'>
                  <Tag>{POINTS_CATEGORY_LABEL[a.category]}</Tag>
                  {a.title}
                </Text>
                <Text className='cell__desc'>
                  {formatDate(a.createdAt)} · {APPLICATION_STATUS_LABEL[a.status]}
                  {a.publicUntil && a.status === 'publicity' ? `（公示至 ${formatDate(a.publicUntil)}）` : ''}
                </Text>
              </View>
              <Text className='pts-amount'>{a.amount}</Text>
            </View>
          ))}
        </Cells>
      )}
    </View>
  )
}
