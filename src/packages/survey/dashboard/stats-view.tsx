/** The dashboard's figures: headline, five-level distribution, aspect averages, trend, windows, uncounted answers. */
import { Text, View } from '@tarojs/components'
import type { GetStatsOutput, StationView } from '../../../api/survey'
import { formatRate } from '../../../utils/format'
import { Bars, Columns, type BarItem } from '../components/charts'
import { Headline } from './headline'
import { OVERALL_LABEL, TRENDS, trendLabel, type Trend } from './period'

export function StatsView({
  stats,
  trend,
  onTrend,
  stations,
  stationId,
}: {
  stats: GetStatsOutput
  trend: Trend
  onTrend: (t: Trend) => void
  stations: StationView[]
  stationId: string
}) {
  const total = stats.distribution.reduce((a, b) => a + b, 0)
  const distribution: BarItem[] = [5, 4, 3, 2, 1].map((score) => {
    const n = stats.distribution[score - 1] ?? 0
    return {
      key: String(score),
      label: OVERALL_LABEL[score - 1] ?? '',
      value: total ? n / total : 0,
      text: total ? `${n}（${formatRate(n / total)}）` : '0',
      tone: score >= 4 ? 'red' : score === 3 ? 'amber' : 'grey',
    }
  })
  const aspects: BarItem[] = stats.aspects.map((a) => ({
    key: a.key,
    label: a.label,
    value: a.average === null ? 0 : a.average / 5,
    text: a.average === null ? '—' : `${a.average.toFixed(1)} 分（${a.answers}）`,
    tone: 'amber',
  }))

  const buckets = trend === 'day' ? stats.byDay : trend === 'week' ? stats.byWeek : stats.byMonth
  const maxTotal = Math.max(1, ...buckets.map((b) => b.total))
  const columns = buckets.map((b) => ({
    key: b.key,
    label: trendLabel(trend, b.key),
    value: b.total / maxTotal,
    top: formatRate(b.rate),
    sub: `${b.total}份`,
  }))

  // Windows in the stations' own order (station-wide code first), not by their random codes.
  const order = new Map<string, number>()
  let i = 0
  for (const s of stations) {
    order.set(`${s.id}|`, i++)
    for (const w of s.windows) order.set(`${s.id}|${w.code}`, i++)
  }
  const stationName = stations.find((s) => s.id === stationId)?.name
  const windows: BarItem[] = [...stats.byWindow]
    .sort((a, b) => (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9))
    .map((w) => ({
      key: w.key.replace(/\W/g, '_'),
      // With one station chosen, 「春江站 1号窗口」 reads as 「1号窗口」 and 「春江站（全站码）」 as 「全站码」.
      label: stationName ? w.name.replace(stationName, '').trim().replace(/^（(.*)）$/, '$1') : w.name,
      value: w.rate ?? 0,
      text: `${formatRate(w.rate)}（${w.total}）`,
      tone: 'red',
    }))

  return (
    <View>
      <Headline stats={stats} />

      <View className='svm-block'>
        <View className='svm-block__title'>
          <Text>满意度分布</Text>
          <Text className='dash-sub'>共 {stats.total} 份</Text>
        </View>
        <Bars id='dash-dist' items={distribution} />
      </View>

      <View className='svm-block'>
        <View className='svm-block__title'>
          <Text>分项平均分</Text>
          <Text className='dash-sub'>满分 5 分</Text>
        </View>
        {aspects.length ? <Bars id='dash-aspects' items={aspects} /> : <Text className='svm-empty'>暂无分项</Text>}
      </View>

      <View className='svm-block'>
        <View className='svm-block__title'>
          <Text>趋势</Text>
          <Text className='dash-sub'>柱高为答卷数，柱上为满意度</Text>
        </View>
        <View className='svm-tabs'>
          {TRENDS.map((t) => (
            <Text key={t.key} className={`svm-tab${trend === t.key ? ' svm-tab--on' : ''}`} id={`dash-trend-${t.key}`} onClick={() => onTrend(t.key)}>
              {t.label}
            </Text>
          ))}
        </View>
        {columns.length ? <Columns id='dash-trend' items={columns} /> : <Text className='svm-empty'>该时间段暂无评价</Text>}
      </View>

      <View className='svm-block'>
        <View className='svm-block__title'>
          <Text>窗口对比</Text>
          <Text className='dash-sub'>满意度（份数）</Text>
        </View>
        {windows.length ? <Bars id='dash-windows' items={windows} /> : <Text className='svm-empty'>该时间段暂无评价</Text>}
      </View>

      <View className='svm-block'>
        <View className='svm-block__title'>
          <Text>未计入的答卷</Text>
          <Text className='dash-sub' id='dash-uncounted'>
            {stats.uncounted} 份
          </Text>
        </View>
        <Text className='svm-block__note'>未从二维码正常打开（答题凭证缺失、伪造或过期）的答卷会保存，但不计入满意度；同一人同一收费站每天只计一次，几秒内完成的作答照常计入。</Text>
      </View>
    </View>
  )
}
