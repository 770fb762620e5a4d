/** 积分申报（党员）：填写事项与佐证材料申报任务分、奖励分或县级及以上荣誉；下方是本人本年度的申报与进度。 */
import { useCallback, useRef, useState } from 'react'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { APPLICATION_STATUS_LABEL, HONOUR_LEVEL_LABEL, POINTS_CATEGORY_LABEL } from '../../../../contracts/points.contract'
import { applyPoints, listApplications, type ApplicationView } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatDate } from '../../../utils/format'
import { newRequestId } from '../../../utils/request-id'
import '../components/points.css'

const CATEGORIES = ['task', 'reward', 'honour'] as const
const LEVELS = ['county', 'city', 'province', 'national'] as const

type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; apps: ApplicationView[] }

export default function ApplyPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [category, setCategory] = useState(1)
  const [level, setLevel] = useState(0)
  const [amount, setAmount] = useState('')
  const [title, setTitle] = useState('')
  const [evidence, setEvidence] = useState('')
  const [busy, setBusy] = useState(false)
  const requestId = useRef(newRequestId())
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const res = await listApplications({ scope: 'mine' })
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', apps: res.data.applications } : { status: 'error', message: res.error.message, code: res.error.code })
  }, [])

  useDidShow(() => {
    void load()
  })

  const submit = async () => {
    const cat = CATEGORIES[category] ?? 'reward'
    setBusy(true)
    const res = await applyPoints({
      category: cat,
      ...(cat === 'honour' ? { honourLevel: LEVELS[level] ?? 'county' } : { amount: Number(amount) }),
      title,
      evidence,
      requestId: requestId.current,
    })
    setBusy(false)
    if (!res.ok) return toast(res.error.issues?.[0]?.message ?? res.error.message)
    requestId.current = newRequestId()
    setTitle('')
    setEvidence('')
    setAmount('')
    toastSuccess('已提交，待支委会初评')
    void load()
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='apply-error' message={state.message} code={state.code} onRetry={() => void load()} />
  const cat = CATEGORIES[category] ?? 'reward'
  return (
    <View className='page'>
      <View className='pts-card'>
        <View className='pts-field'>
          <Text className='pts-label'>类别</Text>
          <Picker mode='selector' range={CATEGORIES.map((c) => POINTS_CATEGORY_LABEL[c])} value={category} onChange={(e) => setCategory(Number(e.detail.value))}>
            <View className='pts-picker' id='apply-category'>
              {POINTS_CATEGORY_LABEL[cat]}
            </View>
          </Picker>
        </View>
        {cat === 'honour' ? (
          <View className='pts-field'>
            <Text className='pts-label'>荣誉级别（分值按规则）</Text>
            <Picker mode='selector' range={LEVELS.map((l) => HONOUR_LEVEL_LABEL[l])} value={level} onChange={(e) => setLevel(Number(e.detail.value))}>
              <View className='pts-picker'>{HONOUR_LEVEL_LABEL[LEVELS[level] ?? 'county']}</View>
            </Picker>
          </View>
        ) : (
          <View className='pts-field'>
            <Text className='pts-label'>申请分值</Text>
            <Input className='pts-input' id='apply-amount' type='digit' value={amount} placeholder='如 2 或 0.5' onInput={(e) => setAmount(e.detail.value)} />
          </View>
        )}
        <View className='pts-field'>
          <Text className='pts-label'>事项</Text>
          <Input className='pts-input' id='apply-title' value={title} maxlength={60} placeholder='如：抗冰保畅突击队' onInput={(e) => setTitle(e.detail.value)} />
        </View>
        <View className='pts-field'>
          <Text className='pts-label'>佐证材料</Text>
          <Textarea className='pts-textarea' id='apply-evidence' value={evidence} maxlength={1000} placeholder='时间、地点、证明人或证书编号' onInput={(e) => setEvidence(e.detail.value)} />
        </View>
        <Button className='btn btn--primary' id='apply-submit' disabled={busy} onClick={() => void submit()}>
          提交申报
        </Button>
        <Text className='pts-note'>流程：支委会初评 → 本支部公示（期间党员可提出异议）→ 公示期满生效</Text>
      </View>

      <Text className='section-title'>我的申报</Text>
      {state.apps.length === 0 ? (
        <Text className='pts-note'>本年度还没有申报</Text>
      ) : (
        <View className='cells' id='apply-list'>
          {state.apps.map((a) => (
            <View key={a.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>
                  <Text className='pts-tag'>{POINTS_CATEGORY_LABEL[a.category]}</Text>
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
        </View>
      )}
    </View>
  )
}
