/** 党员双承诺：本月的岗位承诺与服务承诺（审核前可修改），以及本支部党员本月的承诺与评分。 */
import { useCallback, useRef, useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { fileCommitment, listCommitments } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnParts } from '../../../utils/format'
import '../components/points.css'

type Commitment = Extract<Awaited<ReturnType<typeof listCommitments>>, { ok: true }>['data']['commitments'][number]
type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; list: Commitment[] }

function thisMonth(): string {
  const p = cnParts(Date.now())
  return p ? `${p.year}-${String(p.month).padStart(2, '0')}` : new Date().toISOString().slice(0, 7)
}

export default function CommitmentPage() {
  const month = thisMonth()
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [post, setPost] = useState('')
  const [service, setService] = useState('')
  const [busy, setBusy] = useState(false)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const res = await listCommitments({ month })
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', list: res.data.commitments } : { status: 'error', message: res.error.message, code: res.error.code })
  }, [month])

  useDidShow(() => {
    void load()
  })

  const submit = async () => {
    setBusy(true)
    const res = await fileCommitment({ month, post, service })
    setBusy(false)
    if (!res.ok) return toast(res.error.issues?.[0]?.message ?? res.error.message)
    toastSuccess('承诺已提交')
    void load()
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='commit-error' message={state.message} code={state.code} onRetry={() => void load()} />
  return (
    <View className='page'>
      <View className='pts-card'>
        <Text className='pts-card__title'>{month} 我的承诺</Text>
        <View className='pts-field'>
          <Text className='pts-label'>岗位承诺</Text>
          <Textarea className='pts-textarea' id='commit-post' value={post} maxlength={500} placeholder='本月在岗位上要做到的事' onInput={(e) => setPost(e.detail.value)} />
        </View>
        <View className='pts-field'>
          <Text className='pts-label'>服务承诺</Text>
          <Textarea className='pts-textarea' id='commit-service' value={service} maxlength={500} placeholder='本月为群众、为司乘做的实事' onInput={(e) => setService(e.detail.value)} />
        </View>
        <Button className='btn btn--primary' id='commit-submit' disabled={busy} onClick={() => void submit()}>
          提交承诺
        </Button>
        <Text className='pts-note'>月末由支部书记审核赋分（0–6 分，计入任务分）；审核前可以修改</Text>
      </View>

      <Text className='section-title'>本支部 {month} 的承诺</Text>
      {state.list.length === 0 ? (
        <Text className='pts-note'>本月还没有党员提交承诺</Text>
      ) : (
        <View className='cells' id='commit-list'>
          {state.list.map((c) => (
            <View key={c.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>{c.memberName}</Text>
                <Text className='cell__desc'>岗位：{c.post}</Text>
                <Text className='cell__desc'>服务：{c.service}</Text>
              </View>
              <Text className='pts-amount'>{c.score === null ? '待评' : `${c.score} 分`}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
