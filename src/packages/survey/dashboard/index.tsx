/**
 * 满意度统计（支部书记 / 党委管理员）：按收费站（或全部）、窗口（或全部）和时间段（近7天 / 近30天
 * / 本月 / 自定义）统计。醒目的总体结论（好评次数、满意度与 95% 区间、样本量），五级分布、分项
 * 均分、按日 / 周 / 月趋势、窗口对比、未计入的答卷数；最新意见建议与待审核意见（通过 / 不通过）；
 * 导出答卷明细 Excel。图表全为 CSS 条形，不引入图表库。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Picker, Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import {
  exportResponses,
  getStats,
  listComments,
  listStations,
  reviewComment,
  type GetStatsOutput,
  type ListCommentsOutput,
  type StationView,
} from '../../../api/survey'
import { saveExport } from '../../../utils/download'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnDateValue, formatRate } from '../../../utils/format'
import { Bars, Columns, type BarItem } from '../components/charts'
import { ErrorState, Loading } from '../../../components/page-state'
import '../components/survey.css'
import './index.css'

type Period = '7' | '30' | 'month' | 'custom'
type Trend = 'day' | 'week' | 'month'
type Comment = ListCommentsOutput['comments'][number]

type StatsState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; stats: GetStatsOutput }

const PERIODS: ReadonlyArray<{ key: Period; label: string }> = [
  { key: '7', label: '近7天' },
  { key: '30', label: '近30天' },
  { key: 'month', label: '本月' },
  { key: 'custom', label: '自定义' },
]
const TRENDS: ReadonlyArray<{ key: Trend; label: string }> = [
  { key: 'day', label: '按日' },
  { key: 'week', label: '按周' },
  { key: 'month', label: '按月' },
]
const OVERALL_LABEL = ['非常不满意', '不满意', '一般', '满意', '非常满意']

/** `YYYY-MM-DD` shifted by n days (calendar arithmetic, no time zone involved). */
function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + n))
  return t.toISOString().slice(0, 10)
}

function periodRange(period: Period, custom: { from: string; to: string }, today: string): { from: string; to: string } {
  switch (period) {
    case '7':
      return { from: addDays(today, -6), to: today }
    case '30':
      return { from: addDays(today, -29), to: today }
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today }
    default:
      return custom.from <= custom.to ? custom : { from: custom.to, to: custom.from }
  }
}

function trendLabel(kind: Trend, key: string): string {
  if (kind === 'day') return key.slice(5)
  if (kind === 'week') return key.replace(/^\d{4}-W/, '第') + '周'
  return `${Number(key.slice(5, 7))}月`
}

function commentMeta(c: Comment): string {
  // The platform's content check did not answer for this comment: only the word list screened it.
  const unchecked = c.unchecked ? '未经平台内容安全检测，请留意' : ''
  return [OVERALL_LABEL[c.overall - 1] ?? '', `${c.station} ${c.window ?? '全站通用'}`, c.day, unchecked].filter(Boolean).join(' · ')
}

/** Below this many answers a percentage says more about chance than about the window. */
const MIN_SAMPLE = 30

const pct = (x: number) => `${Math.round(x * 100)} %`

function Headline({ stats }: { stats: GetStatsOutput }) {
  const [explain, setExplain] = useState(false)
  const enough = stats.total >= MIN_SAMPLE && stats.rate !== null
  return (
    <View className='dash-headline'>
      {enough ? (
        <Text className='dash-headline__rate' id='survey-rate'>
          {formatRate(stats.rate)}
        </Text>
      ) : (
        <Text className='dash-headline__few' id='survey-rate'>
          {stats.total ? `样本较少（${stats.total} 份）` : '暂无评价'}
        </Text>
      )}
      <Text className='dash-headline__label'>{enough ? '满意度（非常满意 + 满意）' : `满 ${MIN_SAMPLE} 份评价后显示满意度`}</Text>
      <Text className='dash-headline__text' id='survey-headline'>
        {stats.total ? `好评 ${stats.satisfied} 次，共 ${stats.total} 份` : '所选时段还没有评价'}
        {stats.total ? <Text className='dash-headline__more' id='survey-explain-toggle' onClick={() => setExplain(!explain)}>{explain ? ' 收起' : ' 说明'}</Text> : null}
      </Text>
      {explain && stats.total ? (
        <Text className='dash-headline__explain' id='survey-explain'>
          {stats.interval
            ? `按 ${stats.total} 份估计，真实满意度大致在 ${pct(stats.interval.low)}–${pct(stats.interval.high)} 之间。`
            : ''}
          {enough ? '评价越多，这个范围越窄。' : `评价太少时这个范围很宽，满 ${MIN_SAMPLE} 份后再看满意度更可靠。`}
        </Text>
      ) : null}
      <Text className='dash-headline__period'>
        {stats.from} 至 {stats.to}
      </Text>
    </View>
  )
}

export default function DashboardPage() {
  const router = useRouter()
  const today = cnDateValue(Date.now())
  const [stations, setStations] = useState<StationView[] | null>(null)
  const [stationsError, setStationsError] = useState('')
  const [stationId, setStationId] = useState(router.params.stationId ?? '')
  const [windowCode, setWindowCode] = useState('')
  const [period, setPeriod] = useState<Period>('30')
  const [custom, setCustom] = useState({ from: addDays(today, -29), to: today })
  const [trend, setTrend] = useState<Trend>('day')
  const [stats, setStats] = useState<StatsState>({ status: 'loading' })
  const [visible, setVisible] = useState<{ items: Comment[]; next: string | null }>({ items: [], next: null })
  const [held, setHeld] = useState<Comment[]>([])
  const [reviewing, setReviewing] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const latest = useRef(0)

  const range = periodRange(period, custom, today)
  const station = stations?.find((s) => s.id === stationId) ?? null

  const loadStations = useCallback(async () => {
    const res = await listStations({})
    if (res.ok) {
      setStations(res.data.stations)
      setStationsError('')
    } else setStationsError(res.error.message)
  }, [])

  const loadComments = useCallback(async () => {
    const scope = stationId ? { stationId } : {}
    const [v, h] = await Promise.all([listComments({ ...scope, status: 'visible', limit: 20 }), listComments({ ...scope, status: 'held', limit: 50 })])
    if (v.ok) setVisible({ items: v.data.comments, next: v.data.next })
    if (h.ok) setHeld(h.data.comments)
  }, [stationId])

  const loadStats = useCallback(async () => {
    const ticket = ++latest.current
    const res = await getStats({
      ...(stationId ? { stationId } : {}),
      ...(stationId && windowCode ? { window: windowCode } : {}),
      from: range.from,
      to: range.to,
    })
    if (ticket !== latest.current) return
    setStats(res.ok ? { status: 'ready', stats: res.data } : { status: 'error', message: res.error.message })
  }, [stationId, windowCode, range.from, range.to])

  useEffect(() => {
    void loadStats()
  }, [loadStats])
  useEffect(() => {
    void loadComments()
  }, [loadComments])

  const shownOnce = useRef(false)
  useDidShow(() => {
    void loadStations()
    // Coming back to the page: the figures may have moved meanwhile.
    if (shownOnce.current) {
      void loadStats()
      void loadComments()
    }
    shownOnce.current = true
  })

  if (stats.status === 'loading' && stations === null && !stationsError) return <Loading />
  if (stats.status === 'error' && stations === null) {
    return <ErrorState id='dashboard-error' message={stats.message} onRetry={() => void loadStats()} />
  }

  const stationNames = ['全部收费站', ...(stations ?? []).map((s) => s.name)]
  const stationIndex = station ? (stations ?? []).indexOf(station) + 1 : 0
  const windows = station?.windows ?? []
  const windowNames = ['全部窗口', ...windows.map((w) => w.name)]
  const windowIndex = Math.max(0, windows.findIndex((w) => w.code === windowCode) + 1)

  const review = async (c: Comment, approve: boolean) => {
    if (reviewing) return
    setReviewing(c.id)
    const res = await reviewComment({ responseId: c.id, approve })
    setReviewing(null)
    if (!res.ok) {
      toast(res.error.message)
      return
    }
    toastSuccess(approve ? '已通过' : '已不予公开')
    void loadComments()
  }

  const moreComments = async () => {
    if (!visible.next) return
    const res = await listComments({ ...(stationId ? { stationId } : {}), status: 'visible', limit: 20, cursor: visible.next })
    if (!res.ok) {
      toast(res.error.message)
      return
    }
    setVisible((prev) => ({ items: [...prev.items, ...res.data.comments], next: res.data.next }))
  }

  const doExport = async () => {
    if (exporting || !stationId) return
    setExporting(true)
    const res = await exportResponses({ stationId, from: range.from, to: range.to })
    if (!res.ok) {
      setExporting(false)
      toast(res.error.message)
      return
    }
    const saved = await saveExport(res.data)
    setExporting(false)
    if (saved) toastSuccess('已导出')
    else toast('文件保存失败，请稍后重试')
  }

  return (
    <View className='page'>
      <View className='cells'>
        <Picker
          mode='selector'
          range={stationNames}
          value={stationIndex}
          onChange={(e) => {
            const next = stations?.[Number(e.detail.value) - 1]
            setStationId(next?.id ?? '')
            setWindowCode('')
          }}
        >
          <View className='cell cell--link' id='dash-station'>
            <Text className='cell__body'>收费站</Text>
            <Text className='cell__value'>{station?.name ?? (stationId ? '…' : '全部收费站')}</Text>
            <Text className='cell__arrow'>›</Text>
          </View>
        </Picker>
        {station ? (
          <Picker
            mode='selector'
            range={windowNames}
            value={windowIndex}
            onChange={(e) => setWindowCode(windows[Number(e.detail.value) - 1]?.code ?? '')}
          >
            <View className='cell cell--link' id='dash-window'>
              <Text className='cell__body'>窗口</Text>
              <Text className='cell__value'>{windowNames[windowIndex]}</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        ) : null}
      </View>
      {stationsError ? <Text className='form-error'>{stationsError}</Text> : null}

      <View className='svm-chips dash-periods'>
        {PERIODS.map((p) => (
          <Text key={p.key} className={`svm-chip${period === p.key ? ' svm-chip--on' : ''}`} id={`dash-period-${p.key}`} onClick={() => setPeriod(p.key)}>
            {p.label}
          </Text>
        ))}
      </View>
      {period === 'custom' ? (
        <View className='cells dash-custom'>
          <Picker mode='date' value={custom.from} end={today} onChange={(e) => setCustom((c) => ({ ...c, from: e.detail.value }))}>
            <View className='cell cell--link' id='dash-from'>
              <Text className='cell__body'>开始日期</Text>
              <Text className='cell__value'>{custom.from}</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
          <Picker mode='date' value={custom.to} end={today} onChange={(e) => setCustom((c) => ({ ...c, to: e.detail.value }))}>
            <View className='cell cell--link' id='dash-to'>
              <Text className='cell__body'>结束日期</Text>
              <Text className='cell__value'>{custom.to}</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
      ) : null}

      {held.length ? (
        <View className='svm-block' id='comments-held'>
          <View className='svm-block__title'>
            <Text>
              待审核意见<Text className='svm-count'>{held.length}</Text>
            </Text>
          </View>
          <Text className='svm-block__note'>含疑似广告、联系方式或不文明用语的意见先不公开，请审核后决定是否公开。</Text>
          {held.map((c) => (
            <View key={c.id} className='svm-comment' id={`held-${c.id}`}>
              <Text className='svm-comment__text'>{c.comment}</Text>
              <Text className='svm-comment__meta'>{commentMeta(c)}</Text>
              <View className='svm-comment__actions'>
                <Button
                  className='btn btn--small btn--plain'
                  id={`comment-reject-${c.id}`}
                  disabled={reviewing === c.id || undefined}
                  onClick={() => void review(c, false)}
                >
                  不通过
                </Button>
                <Button
                  className='btn btn--small svm-btn-approve'
                  id={`comment-approve-${c.id}`}
                  disabled={reviewing === c.id || undefined}
                  onClick={() => void review(c, true)}
                >
                  通过
                </Button>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {stats.status === 'loading' ? (
        <Text className='svm-empty'>正在统计…</Text>
      ) : stats.status === 'error' ? (
        <Text className='svm-empty' id='dashboard-error' onClick={() => void loadStats()}>
          {stats.message}（点此重试）
        </Text>
      ) : (
        <StatsView stats={stats.stats} trend={trend} onTrend={setTrend} stations={stations ?? []} stationId={stationId} />
      )}

      <View className='svm-block' id='comments-visible'>
        <View className='svm-block__title'>
          <Text>最新意见建议</Text>
        </View>
        {visible.items.length === 0 ? (
          <Text className='svm-empty'>暂无意见建议</Text>
        ) : (
          visible.items.map((c) => (
            <View key={c.id} className='svm-comment' id={`comment-${c.id}`}>
              <Text className='svm-comment__text'>{c.comment}</Text>
              <Text className='svm-comment__meta'>{commentMeta(c)}</Text>
            </View>
          ))
        )}
        {visible.next ? (
          <Text className='svm-empty svm-link' id='comments-more' onClick={() => void moreComments()}>
            加载更多
          </Text>
        ) : null}
      </View>

      <View className='actions'>
        {stationId ? (
          <Button className='btn btn--plain' id='survey-export' loading={exporting || undefined} disabled={exporting || undefined} onClick={() => void doExport()}>
            导出 Excel（{range.from} 至 {range.to}）
          </Button>
        ) : (
          <Text className='form-hint'>选择收费站后可导出答卷明细 Excel</Text>
        )}
      </View>
    </View>
  )
}

function StatsView({
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
