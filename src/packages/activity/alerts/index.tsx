/**
 * 缺席提醒与年度出勤（支部书记 / 党委管理员）。缺席提醒：全年无故缺席达 3 次、或连续 3 次无故缺席
 * 的党员及相关活动（对应「诫勉谈话 / 组织处理」的规定）。年度出勤：全支部出勤率（头条数字）、
 * 三会一课出勤率、按活动类型、按月、按党员的出勤率，可导出年度汇总。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import {
  absenceAlerts,
  attendanceStats,
  exportYear,
  type AbsenceAlertsOutput,
  type AttendanceStatsOutput,
} from '../../../api/activity'
import { ROUTES } from '../../../routes'
import { saveExport } from '../../../utils/download'
import { go, toast, toastSuccess } from '../../../utils/feedback'
import { cnYearNow, formatMonthDay, formatRate } from '../../../utils/format'
import { ErrorState, Loading } from '../../../components/page-state'
import { BranchPicker, isManager, useScope } from '../components/use-scope'
import '../components/activity.css'
import './index.css'

type Tab = 'alerts' | 'stats'

type DataState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; alerts: AbsenceAlertsOutput['alerts']; stats: AttendanceStatsOutput }

/** 三会一课：支部党员大会、支委会、党小组会、党课 */
const THREE_MEETINGS = new Set(['party_congress', 'committee', 'group_meeting', 'party_lecture'])
/** 出勤率低于此值的条形标为橙色 */
const LOW_RATE = 0.8
/** 最早可查看的年份 */
const FIRST_YEAR = 2020

function reasonText(alert: AbsenceAlertsOutput['alerts'][number]): string {
  const parts: string[] = []
  if (alert.reasons.includes('total')) parts.push(`全年无故缺席 ${alert.unexcused} 次`)
  if (alert.reasons.includes('streak')) parts.push(`连续缺席 ${alert.longestStreak} 次`)
  return parts.join('，')
}

function Bar({ label, rate, detail, id }: { label: string; rate: number | null; detail?: string; id?: string }) {
  const pct = rate === null ? 0 : Math.max(0, Math.min(100, rate * 100))
  return (
    <View className='bar-row' id={id}>
      <Text className='bar-row__label'>{label}</Text>
      <View className='bar'>
        <View className={rate !== null && rate < LOW_RATE ? 'bar__fill bar__fill--low' : 'bar__fill'} style={{ width: `${pct}%` }} />
      </View>
      <Text className='bar-row__value'>{rate === null ? (detail ?? '—') : formatRate(rate)}</Text>
    </View>
  )
}

function StatsView({ stats }: { stats: AttendanceStatsOutput }) {
  const three = stats.byKind.filter((k) => THREE_MEETINGS.has(k.kind))
  const threeExpected = three.reduce((n, k) => n + k.expected, 0)
  const threeAttended = three.reduce((n, k) => n + k.attended, 0)
  const threeRate = threeExpected ? threeAttended / threeExpected : null
  // Only rows with something to say: months that had activities, members who were expected.
  const members = stats.byMember
    .filter((m) => m.expected > 0)
    .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.name.localeCompare(b.name, 'zh-CN'))
  const idle = stats.byMember.length - members.length
  const months = stats.byMonth.filter((m) => m.expected > 0)

  return (
    <View>
      <View className='headline'>
        <Text className='headline__label'>{stats.year}年全支部出勤率</Text>
        <Text className='headline__num' id='stats-rate'>
          {formatRate(stats.branch.rate)}
        </Text>
        <Text className='headline__sub'>
          应到 {stats.branch.expected} 人次 · 实到 {stats.branch.attended} 人次（含补录）
        </Text>
        <Text className='headline__sub' id='stats-three'>
          三会一课出勤率 {formatRate(threeRate)}
        </Text>
      </View>

      <Text className='section-title'>按活动类型</Text>
      <View className='bars' id='stats-kinds'>
        {stats.byKind.length === 0 ? (
          <Text className='empty'>本年度还没有已结束的活动</Text>
        ) : (
          stats.byKind.map((k) => <Bar key={k.kind} label={k.kindLabel} rate={k.rate} />)
        )}
      </View>

      <Text className='section-title'>按月份</Text>
      <View className='bars' id='stats-months'>
        {months.length === 0 ? (
          <Text className='empty' id='stats-months-empty'>
            本年度还没有已结束的活动
          </Text>
        ) : (
          months.map((m) => <Bar key={m.month} label={`${m.month}月`} rate={m.rate} />)
        )}
      </View>
      {months.length && months.length < stats.byMonth.length ? (
        <Text className='stats-note'>其余 {stats.byMonth.length - months.length} 个月没有已结束的活动，未列出</Text>
      ) : null}

      <Text className='section-title'>按党员（出勤率由低到高）</Text>
      <View className='cells' id='stats-members'>
        {members.length === 0 ? (
          <Text className='empty' id='stats-members-empty'>
            活动结束后，这里按党员列出出勤率
          </Text>
        ) : null}
        {members.map((m) => (
          <View key={m.memberId} className='member-rate' id={`stats-member-${m.memberId}`}>
            <Text className='member-rate__name'>{m.name}</Text>
            <View className='bar'>
              <View
                className={m.rate !== null && m.rate < LOW_RATE ? 'bar__fill bar__fill--low' : 'bar__fill'}
                style={{ width: `${m.rate === null ? 0 : m.rate * 100}%` }}
              />
            </View>
            <Text className='member-rate__meta'>
              {m.attended}/{m.expected} · 假{m.leave} · 缺{m.absent}
            </Text>
            <Text className='member-rate__value'>{formatRate(m.rate)}</Text>
          </View>
        ))}
      </View>
      {members.length && idle ? <Text className='stats-note'>另有 {idle} 名党员本年度没有需要参加的已结束活动，未列出</Text> : null}
    </View>
  )
}

export default function AlertsPage() {
  const router = useRouter()
  const [tab, setTab] = useState<Tab>(router.params.tab === 'stats' ? 'stats' : 'alerts')
  const [year, setYear] = useState(() => cnYearNow())
  const { state: scope, reload, chooseBranch } = useScope()
  const [data, setData] = useState<DataState>({ status: 'loading' })
  const [exporting, setExporting] = useState(false)
  const latest = useRef(0)

  const ready = scope.status === 'ready' ? scope : null
  const allowed = ready !== null && isManager(ready.me)
  const branchId = ready?.branchId ?? null
  const needsBranch = ready?.me.role === 'admin' && branchId === null

  const load = useCallback(async (y: number, branch: string | null) => {
    const ticket = ++latest.current
    setData({ status: 'loading' })
    const input = { year: y, ...(branch ? { branchId: branch } : {}) }
    const [alertsRes, statsRes] = await Promise.all([absenceAlerts(input), attendanceStats(input)])
    if (ticket !== latest.current) return
    if (!alertsRes.ok) return setData({ status: 'error', message: alertsRes.error.message })
    if (!statsRes.ok) return setData({ status: 'error', message: statsRes.error.message })
    setData({ status: 'ready', alerts: alertsRes.data.alerts, stats: statsRes.data })
  }, [])

  useEffect(() => {
    if (ready && allowed && !needsBranch) void load(year, branchId)
  }, [ready, allowed, needsBranch, year, branchId, load])

  if (scope.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='alerts-error' message={scope.message} onRetry={reload} />
  if (!allowed) return <ErrorState id='alerts-forbidden' message='仅支部书记和党委管理员可以查看缺席提醒和出勤统计' />

  const doExport = async () => {
    if (exporting) return
    setExporting(true)
    const res = await exportYear({ year, ...(branchId ? { branchId } : {}) })
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

  const thisYear = cnYearNow()

  return (
    <View className='page'>
      <View className='tabs'>
        {(
          [
            ['alerts', '缺席提醒'],
            ['stats', '年度出勤'],
          ] as const
        ).map(([key, label]) => (
          <View
            key={key}
            className={key === tab ? 'tabs__item tabs__item--active' : 'tabs__item'}
            id={`alerts-tab-${key}`}
            onClick={() => setTab(key)}
          >
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
        <Text className='empty'>请先选择党支部</Text>
      ) : data.status === 'loading' ? (
        <Text className='empty'>加载中…</Text>
      ) : data.status === 'error' ? (
        <View className='state'>
          <Text className='state__text' id='alerts-load-error'>
            {data.message}
          </Text>
          <Button className='btn btn--plain' onClick={() => void load(year, branchId)}>
            重新加载
          </Button>
        </View>
      ) : tab === 'alerts' ? (
        <View>
          <Text className='alerts-rule'>
            规定：对无正当理由不参加活动达到3次的进行诫勉谈话；连续3次不参加的视情况给予组织处理。（未获批准的请假按无故缺席计）
          </Text>
          {data.alerts.length === 0 ? (
            <Text className='empty' id='alerts-empty'>
              {year}年暂无需要提醒的党员
            </Text>
          ) : (
            <View id='alerts-list'>
              {data.alerts.map((a) => (
                <View key={a.memberId} className='alert-card' id={`alert-${a.memberId}`}>
                  <View className='alert-card__head'>
                    <Text className='alert-card__name'>{a.name}</Text>
                    <Text className='att-badge att-badge--absent'>{a.reasons.includes('streak') ? '连续缺席' : '累计缺席'}</Text>
                  </View>
                  <Text className='alert-card__reasons'>{reasonText(a)}</Text>
                  {a.activities.map((act) => (
                    <Text
                      key={act.id}
                      className='alert-card__activity'
                      onClick={() => go(`${ROUTES.activityAttendance}?id=${act.id}`)}
                    >
                      {formatMonthDay(act.startAt)} {act.kindLabel} · {act.title} ›
                    </Text>
                  ))}
                </View>
              ))}
            </View>
          )}
        </View>
      ) : (
        <StatsView stats={data.stats} />
      )}

      {data.status === 'ready' ? (
        <View className='actions'>
          <Button className='btn btn--plain' id='alerts-export' loading={exporting || undefined} disabled={exporting || undefined} onClick={doExport}>
            导出{year}年度汇总
          </Button>
        </View>
      ) : null}
    </View>
  )
}
