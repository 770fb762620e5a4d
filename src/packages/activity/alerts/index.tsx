/**
 * 缺席提醒与年度出勤（支部书记 / 党委管理员）。缺席提醒：全年无故缺席达 3 次、或连续 3 次无故缺席
 * 的党员及相关活动（对应「诫勉谈话 / 组织处理」的规定）。年度出勤：全支部出勤率（头条数字）、
 * 三会一课出勤率、按活动类型、按月、按党员的出勤率，可导出年度汇总。
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { ErrorState, ErrorView, Loading } from '../../../components/page-state'
import { Actions, Button, Empty, Skeleton } from '../../../components/ui'
import { useQuery } from '../../../hooks/use-query'
import { exportAndSave } from '../../../utils/download'
import { toastSuccess } from '../../../utils/feedback'
import { cnYearNow } from '../../../utils/format'
import { BranchPicker, isManager, useScope } from '../components/use-scope'
import { AlertList } from './alert-list'
import { StatsView } from './stats-view'
import '../components/activity.css'
import './index.css'

type Tab = 'alerts' | 'stats'

/** 最早可查看的年份 */
const FIRST_YEAR = 2020
const TABS = [
  ['alerts', '缺席提醒'],
  ['stats', '年度出勤'],
] as const

export default function AlertsPage() {
  const router = useRouter()
  const [tab, setTab] = useState<Tab>(router.params.tab === 'stats' ? 'stats' : 'alerts')
  const [year, setYear] = useState(() => cnYearNow())
  const { state: scope, reload, chooseBranch } = useScope()
  const [exporting, setExporting] = useState(false)

  const ready = scope.status === 'ready' ? scope : null
  const allowed = ready !== null && isManager(ready.me)
  const branchId = ready?.branchId ?? null
  const needsBranch = ready?.me.role === 'admin' && branchId === null
  const input = { year, ...(branchId ? { branchId } : {}) }

  const data = useQuery(
    allowed && !needsBranch
      ? async () => {
          const [alertsRes, statsRes] = await Promise.all([api.activity.absenceAlerts(input), api.activity.attendanceStats(input)])
          if (!alertsRes.ok) return alertsRes
          if (!statsRes.ok) return statsRes
          return { ok: true, data: { alerts: alertsRes.data.alerts, stats: statsRes.data } }
        }
      : null,
    [year, branchId],
    { refreshOnShow: true },
  )

  if (scope.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='alerts-error' message={scope.message} onRetry={reload} />
  if (!allowed) return <ErrorState id='alerts-forbidden' message='仅支部书记和党委管理员可以查看缺席提醒和出勤统计' />

  const doExport = async () => {
    if (exporting) return
    setExporting(true)
    const saved = await exportAndSave(() => api.activity.exportYear(input))
    setExporting(false)
    if (saved) toastSuccess('已导出')
  }

  const thisYear = cnYearNow()
  const state = data.state

  return (
    <View className='page'>
      <View className='tabs'>
        {TABS.map(([key, label]) => (
          <View key={key} className={key === tab ? 'tabs__item tabs__item--active' : 'tabs__item'} id={`alerts-tab-${key}`} onClick={() => setTab(key)}>
            {label}
            {key === tab ? <View className='tabs__bar' /> : null}
          </View>
        ))}
      </View>

      <BranchPicker state={scope} onChange={chooseBranch} />

      <View className='alerts-year'>
        <Text
          className={year > FIRST_YEAR ? 'alerts-year__btn' : 'alerts-year__btn alerts-year__btn--off'}
          id='alerts-year-prev'
          onClick={() => year > FIRST_YEAR && setYear(year - 1)}
        >
          ‹
        </Text>
        <Text id='alerts-year'>{year}年</Text>
        <Text
          className={year < thisYear ? 'alerts-year__btn' : 'alerts-year__btn alerts-year__btn--off'}
          id='alerts-year-next'
          onClick={() => year < thisYear && setYear(year + 1)}
        >
          ›
        </Text>
      </View>

      {needsBranch ? (
        <Empty>请先选择党支部</Empty>
      ) : state.status === 'loading' || data.refreshing ? (
        <Skeleton />
      ) : state.status === 'error' ? (
        <ErrorView id='alerts-load-error' message={state.message} code={state.code} onRetry={() => void data.reload()} />
      ) : tab === 'alerts' ? (
        <AlertList alerts={state.data.alerts} year={year} />
      ) : (
        <StatsView stats={state.data.stats} />
      )}

      {state.status === 'ready' ? (
        <Actions>
          <Button kind='plain' id='alerts-export' loading={exporting} onClick={() => void doExport()}>
            导出{year}年度汇总
          </Button>
        </Actions>
      ) : null}
    </View>
  )
}
