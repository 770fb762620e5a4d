/**
 * 满意度统计（支部书记 / 党委管理员）：按收费站（或全部）、窗口（或全部）和时间段（近7天 / 近30天
 * / 本月 / 自定义）统计。醒目的总体结论（好评次数、满意度与 95% 区间、样本量），五级分布、分项
 * 均分、按日 / 周 / 月趋势、窗口对比、未计入的答卷数；最新意见建议与待审核意见（通过 / 不通过）；
 * 导出答卷明细 Excel。图表全为 CSS 条形，不引入图表库。
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import { ErrorState, Loading } from '../../../components/page-state'
import { Actions, Button, Hint } from '../../../components/ui'
import { useQuery } from '../../../hooks/use-query'
import { exportAndSave } from '../../../utils/download'
import { toastSuccess } from '../../../utils/feedback'
import { cnDateValue } from '../../../utils/format'
import { HeldComments, VisibleComments, useComments } from './comments'
import { Filters, type Filter } from './filters'
import { addDays, periodRange, type Trend } from './period'
import { StatsView } from './stats-view'
import '../components/survey.css'
import './index.css'

export default function DashboardPage() {
  const router = useRouter()
  const today = cnDateValue(Date.now())
  const [filter, setFilter] = useState<Filter>(() => ({
    stationId: router.params.stationId ?? '',
    windowCode: '',
    period: '30',
    custom: { from: addDays(today, -29), to: today },
  }))
  const [trend, setTrend] = useState<Trend>('day')
  const [exporting, setExporting] = useState(false)
  const { stationId, windowCode } = filter
  const range = periodRange(filter.period, filter.custom, today)

  const stations = useQuery(() => api.survey.listStations({}), [], { refreshOnShow: true })
  // Coming back to the page: the figures may have moved meanwhile.
  const stats = useQuery(
    () =>
      api.survey.getStats({
        ...(stationId ? { stationId } : {}),
        ...(stationId && windowCode ? { window: windowCode } : {}),
        from: range.from,
        to: range.to,
      }),
    [stationId, windowCode, range.from, range.to],
    { refreshOnShow: true },
  )
  const comments = useComments(stationId)
  const stationList = stations.data?.stations

  if (stats.state.status === 'loading' && stations.state.status === 'loading') return <Loading />
  if (stats.state.status === 'error' && !stationList) {
    return <ErrorState id='dashboard-error' message={stats.state.message} code={stats.state.code} onRetry={() => void stats.reload()} />
  }

  const doExport = async () => {
    if (exporting || !stationId) return
    setExporting(true)
    const saved = await exportAndSave(() => api.survey.exportResponses({ stationId, from: range.from, to: range.to }))
    setExporting(false)
    if (saved) toastSuccess('已导出')
  }

  return (
    <View className='page'>
      <Filters filter={filter} onChange={(change) => setFilter((f) => ({ ...f, ...change }))} stations={stationList} today={today} />
      {stations.state.status === 'error' ? <Text className='form-error'>{stations.state.message}</Text> : null}

      <HeldComments comments={comments} />

      {stats.state.status === 'loading' ? (
        <Text className='svm-empty'>正在统计…</Text>
      ) : stats.state.status === 'error' ? (
        <Text className='svm-empty' id='dashboard-error' onClick={() => void stats.reload()}>
          {stats.state.message}（点此重试）
        </Text>
      ) : (
        <StatsView stats={stats.state.data} trend={trend} onTrend={setTrend} stations={stationList ?? []} stationId={stationId} />
      )}

      <VisibleComments comments={comments} />

      <Actions>
        {stationId ? (
          <Button kind='plain' id='survey-export' loading={exporting} onClick={() => void doExport()}>
            导出 Excel（{range.from} 至 {range.to}）
          </Button>
        ) : (
          <Hint>选择收费站后可导出答卷明细 Excel</Hint>
        )}
      </Actions>
    </View>
  )
}
