/**
 * 学习情况（支部书记 / 党委管理员）：一门课在本支部的已完成 / 学习中 / 未开始人数，每名党员的进度与
 * 「来自推送」标注，待提醒名单（可复制后发到群里提醒），每次推送的打开人数、完成人数和截止前完成率，
 * 以及导出 Excel。
 */
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import type { GetStudyReportOutput } from '../../../api/lecture'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useQuery } from '../../../hooks/use-query'
import { exportAndSave } from '../../../utils/download'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatDate, formatRate, formatShortDateTime } from '../../../utils/format'
import { KIND_LABEL, progressLabel } from '../../../utils/lecture-format'
import { ErrorState, Loading } from '../../../components/page-state'
import '../components/lecture.css'
import './index.css'

type Row = GetStudyReportOutput['rows'][number]

/** Completed first (latest first), then in progress, then not started (also listed under 待提醒). */
const ORDER: Record<Row['state'], number> = { completed: 0, in_progress: 1, none: 2 }

const NO_LECTURE = { ok: false, error: { code: 'LECTURE.NOT_FOUND', message: '课程不存在或已删除' } } as const

function PushCard({ push, members }: { push: GetStudyReportOutput['pushes'][number]; members: number }) {
  return (
    <View className='push-card' id={`push-card-${push.id}`}>
      <View className='push-card__head'>
        <Text className='push-card__label'>{push.label}</Text>
        <Text className='push-card__time'>{formatShortDateTime(push.createdAt)} 推送</Text>
      </View>
      <View className='push-card__nums'>
        <View className='push-card__num'>
          <Text className='push-card__value' id={`push-opens-${push.id}`}>
            {push.opens}
          </Text>
          <Text className='push-card__caption'>打开人数</Text>
        </View>
        <View className='push-card__num'>
          <Text className='push-card__value' id={`push-completions-${push.id}`}>
            {push.completions}
          </Text>
          <Text className='push-card__caption'>经此完成</Text>
        </View>
        <View className='push-card__num'>
          <Text className='push-card__value push-card__value--rate' id={`push-rate-${push.id}`}>
            {formatRate(push.rate)}
          </Text>
          <Text className='push-card__caption'>{push.deadline ? '截止前完成率' : '完成率'}</Text>
        </View>
      </View>
      <Text className='push-card__foot'>
        {push.deadline ? `截止 ${formatDate(push.deadline)}，按时完成 ${push.completedByDeadline} 人` : '未设截止日期'} · 支部共 {members} 人
      </Text>
    </View>
  )
}

function MemberRow({ row }: { row: Row }) {
  return (
    <View className='study-row' id={`study-row-${row.memberId}`}>
      <View className='study-row__main'>
        <Text className='study-row__name'>{row.name}</Text>
        {row.viaPush ? <Text className='study-row__via'>来自推送 · {row.viaPush}</Text> : null}
        {row.completedAt ? <Text className='study-row__time'>{formatShortDateTime(row.completedAt)} 完成</Text> : null}
      </View>
      <Text className={`lec-state lec-state--${row.state}`}>{progressLabel(row)}</Text>
    </View>
  )
}

export default function StudyReportPage() {
  const router = useRouter()
  const lectureId = router.params.id ?? ''
  // 党委管理员查看某支部时带上 branchId（书记不带，默认本支部）
  const branchId = router.params.branchId
  const [exporting, setExporting] = useState(false)
  const query = useQuery(
    () => (lectureId ? api.lecture.getStudyReport({ lectureId, ...(branchId ? { branchId } : {}) }) : Promise.resolve(NO_LECTURE)),
    [lectureId, branchId],
    { refreshOnShow: true },
  )
  usePullRefresh(query.reload)

  const { state } = query
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='report-error' message={state.message} code={state.code} onRetry={() => void query.reload()} />

  const { data } = state
  const rows = [...data.rows].sort(
    (a, b) => ORDER[a.state] - ORDER[b.state] || (b.completedAt ?? '').localeCompare(a.completedAt ?? '') || b.percent - a.percent || a.name.localeCompare(b.name, 'zh-CN'),
  )
  const c = data.counts

  const copyNames = () => {
    Taro.setClipboardData({ data: data.remind.join('、') })
      .then(() => toastSuccess('已复制名单'))
      .catch(() => toast('复制失败，请稍后重试'))
  }

  const doExport = async () => {
    if (exporting) return
    setExporting(true)
    const saved = await exportAndSave(() => api.lecture.exportStudyReport({ lectureId, ...(branchId ? { branchId } : {}) }))
    setExporting(false)
    if (saved) toastSuccess('已导出')
  }

  return (
    <View className='page'>
      <View className='report-head'>
        <Text className='report-head__title' id='report-title'>
          {data.lecture.title}
        </Text>
        <Text className='report-head__meta'>
          {KIND_LABEL[data.lecture.kind]} · {data.lecture.columnName}
          {data.lecture.issueNo ? ` · 第${data.lecture.issueNo}期` : ''}
        </Text>
      </View>

      <View className='counts' id='report-counts'>
        <View className='counts__item' id='report-count-completed'>
          <Text className='counts__num counts__num--done'>{c.completed}</Text>
          <Text className='counts__label'>已完成</Text>
        </View>
        <View className='counts__item' id='report-count-in-progress'>
          <Text className='counts__num counts__num--doing'>{c.inProgress}</Text>
          <Text className='counts__label'>学习中</Text>
        </View>
        <View className='counts__item' id='report-count-none'>
          <Text className='counts__num counts__num--none'>{c.notStarted}</Text>
          <Text className='counts__label'>未开始</Text>
        </View>
        <View className='counts__item' id='report-count-members'>
          <Text className='counts__num'>{c.members}</Text>
          <Text className='counts__label'>支部党员</Text>
        </View>
      </View>
      <View className='report-rate'>
        <View className='bar report-rate__bar'>
          <View className='bar__fill report-rate__fill' style={{ width: `${c.members ? Math.round((c.completed / c.members) * 100) : 0}%` }} />
        </View>
        <Text className='report-rate__text'>完成 {c.completed} / {c.members} 人</Text>
      </View>

      <Text className='section-title'>推送记录</Text>
      {data.pushes.length === 0 ? (
        <Text className='report-empty'>还没有推送过本课。在课程页点「推送到群」生成链接，发到微信群即可。</Text>
      ) : (
        <View className='push-list' id='report-pushes'>
          {data.pushes.map((p) => (
            <PushCard key={p.id} push={p} members={c.members} />
          ))}
        </View>
      )}

      <View className='report-section-head'>
        <Text className='report-section-head__title'>待提醒（未开始 {data.remind.length} 人）</Text>
        {data.remind.length ? (
          <Text className='link' id='report-copy-remind' onClick={copyNames}>
            复制名单
          </Text>
        ) : null}
      </View>
      <Text className='report-remind' id='report-remind'>
        {data.remind.length ? data.remind.join('、') : '全部党员都已开始学习 ✓'}
      </Text>

      <Text className='section-title'>党员学习进度</Text>
      <View className='study-rows' id='report-rows'>
        {rows.map((r) => (
          <MemberRow key={r.memberId} row={r} />
        ))}
      </View>

      <View className='actions'>
        <Button className='btn btn--plain' id='report-export' loading={exporting || undefined} disabled={exporting || undefined} onClick={() => void doExport()}>
          导出 Excel
        </Button>
      </View>
    </View>
  )
}
