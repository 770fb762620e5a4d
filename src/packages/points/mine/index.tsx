/**
 * 我的积分（党员）：百分制得分与等次、基础分 / 任务分 / 奖励分 / 荣誉加分各自对上限的进度、距下一等次
 * 还差几分，以及本年度每一笔记录（更正以冲正记录体现，从不改写）。
 */
import { useCallback, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { GRADE_LABEL, GRADE_THRESHOLDS } from '../../../../contracts/points.contract'
import { getMe } from '../../../api/member'
import { getMyPoints, type GetMyPointsOutput } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { EntryRow } from '../components/entry-row'
import '../components/points.css'

const LINKS: Array<{ id: string; title: string; url: string; roles?: string[] }> = [
  { id: 'pts-go-apply', title: '积分申报（任务分、奖励分、荣誉）', url: ROUTES.pointsApply },
  { id: 'pts-go-commit', title: '党员双承诺', url: ROUTES.pointsCommit },
  { id: 'pts-go-ranking', title: '支部排名与公示', url: ROUTES.pointsRanking },
  { id: 'pts-go-review', title: '积分审核（支委会初评、异议、承诺评分）', url: ROUTES.pointsReview, roles: ['secretary', 'admin'] },
  { id: 'pts-go-manage', title: '扣分、冲正与参评标记', url: ROUTES.pointsManage, roles: ['secretary', 'admin'] },
  { id: 'pts-go-admin', title: '积分规则与年度封存', url: ROUTES.pointsAdmin, roles: ['admin'] },
]

type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; data: GetMyPointsOutput; role: string }

/** 距下一等次还差几分（已优秀时为 null） */
function nextGrade(score: number): string | null {
  if (score >= GRADE_THRESHOLDS.excellent) return null
  const [label, at] = score >= GRADE_THRESHOLDS.qualified ? ['优秀', GRADE_THRESHOLDS.excellent] : score >= GRADE_THRESHOLDS.basic ? ['合格', GRADE_THRESHOLDS.qualified] : ['基本合格', GRADE_THRESHOLDS.basic]
  return `距「${label}」还差 ${at - score} 分`
}

function Bar({ label, value, cap }: { label: string; value: number; cap: number | null }) {
  const pct = cap ? Math.min(100, Math.round((value / cap) * 100)) : 100
  return (
    <View className='pts-bar'>
      <View className='pts-bar__row'>
        <Text>{label}</Text>
        <Text>{cap === null ? `+${value}` : `${value} / ${cap}`}</Text>
      </View>
      {cap === null ? null : (
        <View className='pts-bar__track'>
          <View className='pts-bar__fill' style={{ width: `${pct}%` }} />
        </View>
      )}
    </View>
  )
}

export default function MyPointsPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const [res, me] = await Promise.all([getMyPoints(), getMe()])
    if (ticket !== latest.current) return
    if (!res.ok) setState({ status: 'error', message: res.error.message, code: res.error.code })
    else setState({ status: 'ready', data: res.data, role: me.ok ? me.data.role : 'member' })
  }, [])

  useDidShow(() => {
    void load()
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='pts-error' message={state.message} code={state.code} onRetry={() => void load()} />

  const { data, role } = state
  const next = nextGrade(data.score)
  return (
    <View className='page'>
      <View className='pts-head'>
        <Text className='pts-head__label'>{data.year}年度积分（百分制）</Text>
        <Text className='pts-head__num' id='pts-score'>
          {data.score}
        </Text>
        <Text className='pts-head__sub' id='pts-grade'>
          {data.exempt ? '本年度免于参评' : `当前等次：${data.grade ? GRADE_LABEL[data.grade] : '—'}${data.violation ? '（有违纪记录）' : ''}`}
          {next && !data.exempt && !data.violation ? `，${next}` : ''}
        </Text>
      </View>

      <View className='pts-card'>
        <Bar label='基础分' value={data.byCategory.base} cap={data.caps.base} />
        <Bar label='任务分' value={data.byCategory.task} cap={data.caps.task} />
        <Bar label='奖励分' value={data.byCategory.reward} cap={data.caps.reward} />
        <Bar label='荣誉加分（县级及以上）' value={data.byCategory.honour} cap={null} />
        <Text className='pts-note'>等次：90 分及以上优秀，80–89 合格，60–79 基本合格，60 分以下不合格</Text>
      </View>

      <View className='cells'>
        {LINKS.filter((l) => !l.roles || l.roles.includes(role)).map((l) => (
          <View key={l.id} className='cell cell--link' id={l.id} onClick={() => go(l.url)}>
            <Text className='cell__body'>{l.title}</Text>
            <Text className='cell__arrow'>›</Text>
          </View>
        ))}
      </View>

      <Text className='section-title'>积分明细（{data.entries.length} 笔）</Text>
      {data.entries.length === 0 ? (
        <Text className='pts-note' id='pts-empty'>
          本年度还没有积分记录：参加组织生活签到、学习微党课、填写双承诺都可以获得积分
        </Text>
      ) : (
        <View className='cells' id='pts-list'>
          {data.entries.map((e) => (
            <EntryRow key={e.id} entry={e} detail={e.reverses ? ' · 冲正' : ''} />
          ))}
        </View>
      )}
    </View>
  )
}
