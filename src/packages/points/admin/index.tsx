/**
 * 积分规则与年度封存（党委管理员）：修改上限、公示天数与承诺分上限（自所选日期起生效，不改写已记的
 * 积分），封存已结束的年度并核验账目校验值。
 */
import { useCallback, useRef, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { freezeYear, getRules, saveRules, verifyYear, type GetRulesOutput, type PointsRules } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnParts, cnYearNow } from '../../../utils/format'
import '../components/points.css'

type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; data: GetRulesOutput }
const FIELDS = [
  ['baseStart', '基础分起始'],
  ['taskCap', '任务分上限'],
  ['rewardCap', '奖励分上限'],
  ['commitmentMax', '双承诺每月最高分'],
  ['publicityDays', '公示天数'],
] as const

function today(): string {
  const p = cnParts(Date.now())
  return p ? `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}` : new Date().toISOString().slice(0, 10)
}

export default function PointsAdminPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [draft, setDraft] = useState<Record<string, string>>({})
  const [from, setFrom] = useState(today())
  const [report, setReport] = useState('')
  const latest = useRef(0)
  const lastYear = cnYearNow() - 1

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const res = await getRules()
    if (ticket !== latest.current) return
    if (!res.ok) return setState({ status: 'error', message: res.error.message, code: res.error.code })
    setState({ status: 'ready', data: res.data })
    setDraft(Object.fromEntries(FIELDS.map(([k]) => [k, String(res.data.rules[k])])))
  }, [])

  useDidShow(() => {
    void load()
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='rules-error' message={state.message} code={state.code} onRetry={() => void load()} />
  const { data } = state

  const save = async () => {
    const rules: PointsRules = { ...data.rules }
    for (const [k] of FIELDS) (rules as Record<string, unknown>)[k] = Number(draft[k])
    const res = await saveRules({ rules, effectiveFrom: from })
    if (!res.ok) return toast(res.error.issues?.[0]?.message ?? res.error.message)
    toastSuccess(`规则自 ${from} 起生效`)
    void load()
  }
  const freeze = async () => {
    const res = await freezeYear({ year: lastYear })
    if (!res.ok) return toast(res.error.message)
    setReport(`${res.data.year} 年度${res.data.alreadyFrozen ? '此前已封存' : '已封存'}：${res.data.entries} 笔记录，${res.data.members} 名党员，校验值 ${res.data.checksum.slice(0, 16)}…`)
  }
  const verify = async () => {
    const res = await verifyYear({ year: lastYear })
    if (!res.ok) return toast(res.error.message)
    setReport(res.data.ok ? `${res.data.year} 年度账目核验一致` : `${res.data.year} 年度账目与封存不一致：${res.data.mismatches.length} 名党员的积分不符${res.data.checksum === res.data.recomputed ? '' : '，校验值不符'}`)
  }

  return (
    <View className='page'>
      <View className='pts-card'>
        <Text className='pts-card__title'>积分规则{data.effectiveFrom ? `（现行自 ${data.effectiveFrom}）` : '（默认规则）'}</Text>
        {FIELDS.map(([k, label]) => (
          <View key={k} className='pts-field'>
            <Text className='pts-label'>{label}</Text>
            <Input className='pts-input' id={`rules-${k}`} type='digit' value={draft[k] ?? ''} onInput={(e) => setDraft({ ...draft, [k]: e.detail.value })} />
          </View>
        ))}
        <View className='pts-field'>
          <Text className='pts-label'>生效日期（今天或以后）</Text>
          <Input className='pts-input' id='rules-from' value={from} onInput={(e) => setFrom(e.detail.value)} />
        </View>
        <Button className='btn btn--primary' id='rules-save' onClick={() => void save()}>
          保存规则
        </Button>
        <Text className='pts-note'>
          出勤、学习、扣分项与荣誉分值沿用现行设置；已记的积分不会因规则变更而改动。历次版本：{data.versions.map((v) => v.effectiveFrom).join('、') || '无'}
        </Text>
      </View>

      <View className='pts-card'>
        <Text className='pts-card__title'>年度封存（{lastYear} 年）</Text>
        <Text className='pts-note'>封存后该年度不能再记分或修改，并保存全部积分记录的校验值，可随时核验。已封存：{data.frozenYears.join('、') || '无'}</Text>
        <View className='pts-actions'>
          <Button className='btn btn--primary btn--small' id='freeze-year' onClick={() => void freeze()}>
            封存 {lastYear} 年度
          </Button>
          <Button className='btn btn--plain btn--small' id='verify-year' onClick={() => void verify()}>
            核验
          </Button>
        </View>
        {report ? <Text className='notice'>{report}</Text> : null}
      </View>
    </View>
  )
}
