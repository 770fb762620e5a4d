/**
 * 考勤（支部书记 / 党委管理员）：一次活动的应到、已签到、补录、请假、缺席、未签到人数与出勤率，
 * 每名党员的状态、签到时间、位置标记与请假原因；可审批请假、补录签到、撤销补录（均须填写原因并
 * 留痕），并导出 Excel。
 */
import { useCallback, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import {
  addMakeup,
  decideLeave,
  exportAttendance,
  listAttendance,
  revokeMakeup,
  type AttendanceRow,
  type ListAttendanceOutput,
} from '../../../api/activity'
import { saveExport } from '../../../utils/download'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatRate, formatShortDateTime, formatTimeRange } from '../../../utils/format'
import { stateClass } from '../components/activity-labels'
import { ErrorState, Loading } from '../../../components/page-state'
import { ReasonDialog } from '../components/reason-dialog'
import '../components/activity.css'
import './index.css'

type PageState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ListAttendanceOutput }

type Ask = { kind: 'makeup' | 'revoke'; row: AttendanceRow } | null

const AUDIT_LABEL: Record<AttendanceRow['audit'][number]['what'], string> = {
  makeup: '补录签到',
  revoke: '撤销补录',
  leave_approved: '批准请假',
  leave_rejected: '驳回请假',
}

/** Leaves waiting for a decision first, then who is here, then who is not (each by name). */
const ORDER: Record<AttendanceRow['state'], number> = { leave_pending: 0, signed: 1, makeup: 2, leave: 3, absent: 4, pending: 5 }

function sortRows(rows: readonly AttendanceRow[]): AttendanceRow[] {
  return [...rows].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name, 'zh-CN'))
}

function Counts({ data }: { data: ListAttendanceOutput }) {
  const c = data.counts
  const items: Array<[string, number, string]> = [
    ['应到', c.expected, 'expected'],
    ['已签到', c.signed, 'signed'],
    ['补录', c.makeup, 'makeup'],
    ['请假', c.leave, 'leave'],
    ['缺席', c.absent, 'absent'],
    ['未签到', c.pending, 'pending'],
  ]
  return (
    <View className='counts' id='att-counts'>
      {items.map(([label, n, key]) => (
        <View key={key} className='counts__item' id={`att-count-${key}`}>
          <Text className='counts__num'>{n}</Text>
          <Text className='counts__label'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

export default function AttendancePage() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [ask, setAsk] = useState<Ask>(null)
  const [busyRow, setBusyRow] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!activityId) {
      setState({ status: 'error', message: '活动不存在或已删除' })
      return
    }
    const res = await listAttendance({ activityId })
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', data: res.data } : { status: 'error', message: res.error.message })
  }, [activityId])

  useDidShow(() => {
    void load()
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='att-error' message={state.message} onRetry={() => void load()} />

  const { data } = state
  const { activity } = data
  const cancelled = activity.status === 'cancelled'
  // 补录 records an attendance that happened: the server refuses it before the start, so it is not offered.
  const started = Date.parse(activity.startAt) <= Date.now()

  const decide = async (row: AttendanceRow, approve: boolean) => {
    if (busyRow) return
    setBusyRow(row.memberId)
    const res = await decideLeave({ activityId, memberId: row.memberId, approve })
    setBusyRow(null)
    if (!res.ok) {
      toast(res.error.message)
      return
    }
    toastSuccess(approve ? '已批准' : '已驳回')
    void load()
  }

  const confirmAsk = async (reason: string): Promise<string | null> => {
    if (!ask) return null
    const input = { activityId, memberId: ask.row.memberId, reason }
    const res = ask.kind === 'makeup' ? await addMakeup(input) : await revokeMakeup(input)
    if (!res.ok) return res.error.issues?.[0]?.message ?? res.error.message
    toastSuccess(ask.kind === 'makeup' ? '已补录' : '已撤销')
    void load()
    return null
  }

  const doExport = async () => {
    if (exporting) return
    setExporting(true)
    const res = await exportAttendance({ activityId })
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
      <View className='att-head'>
        <Text className='att-head__title' id='att-title'>
          {activity.title}
        </Text>
        <Text className='att-head__meta'>
          {activity.kindLabel} · {formatTimeRange(activity.startAt, activity.endAt)}
          {cancelled ? ' · 已取消' : ''}
        </Text>
      </View>

      <Counts data={data} />
      <View className='att-rate'>
        <Text>出勤率（已签到 + 补录）/ 应到</Text>
        {data.rate === null ? (
          <Text className='muted' id='att-rate'>
            活动结束后统计
          </Text>
        ) : (
          <Text className='att-rate__num' id='att-rate'>
            {formatRate(data.rate)}
          </Text>
        )}
      </View>

      <Text className='section-title'>党员出勤（{data.rows.length} 人）</Text>
      {data.rows.length === 0 ? (
        <Text className='empty'>本次活动没有应到党员</Text>
      ) : (
        <View className='cells' id='att-rows'>
          {sortRows(data.rows).map((row) => {
            const busy = busyRow === row.memberId
            return (
              <View key={row.memberId} className='att-row' id={`att-row-${row.memberId}`}>
                <View className='att-row__main'>
                  <View className='att-row__body'>
                    <View className='att-row__line'>
                      <Text className='att-row__name'>{row.name}</Text>
                      <Text className={stateClass(row.state)} id={`att-state-${row.memberId}`}>
                        {row.stateLabel}
                      </Text>
                      {row.locationFlag === 'provided' ? <Text className='att-row__loc'>位置</Text> : null}
                    </View>
                    {row.signedAt ? (
                      <Text className='att-row__info'>
                        {row.state === 'makeup' ? '补录于' : '签到于'} {formatShortDateTime(row.signedAt)}
                      </Text>
                    ) : null}
                    {row.leaveReason && (row.state === 'leave' || row.state === 'leave_pending') ? (
                      <Text className='att-row__info'>请假原因：{row.leaveReason}</Text>
                    ) : null}
                  </View>

                  {!cancelled ? (
                    <View className='att-row__actions'>
                      {row.state === 'leave_pending' ? (
                        <Button
                          className='btn btn--small btn--plain'
                          id={`att-reject-${row.memberId}`}
                          disabled={busy || undefined}
                          onClick={() => void decide(row, false)}
                        >
                          驳回
                        </Button>
                      ) : null}
                      {row.state === 'leave_pending' ? (
                        <Button
                          className='btn btn--small att-btn-approve'
                          id={`att-approve-${row.memberId}`}
                          loading={busy || undefined}
                          disabled={busy || undefined}
                          onClick={() => void decide(row, true)}
                        >
                          批准
                        </Button>
                      ) : null}
                      {(row.state === 'absent' || row.state === 'pending') && started ? (
                        <Button
                          className='btn btn--small btn--plain'
                          id={`att-makeup-${row.memberId}`}
                          onClick={() => setAsk({ kind: 'makeup', row })}
                        >
                          补录
                        </Button>
                      ) : null}
                      {row.state === 'makeup' ? (
                        <Button
                          className='btn btn--small btn--plain'
                          id={`att-revoke-${row.memberId}`}
                          onClick={() => setAsk({ kind: 'revoke', row })}
                        >
                          撤销补录
                        </Button>
                      ) : null}
                    </View>
                  ) : null}
                </View>

                {row.audit.length ? (
                  <View className='att-audit' id={`att-audit-${row.memberId}`}>
                    {row.audit.map((a, i) => (
                      <Text key={`${a.at}-${i}`} className='att-audit__line'>
                        {formatShortDateTime(a.at)} {a.byName} {AUDIT_LABEL[a.what]}：{a.reason}
                      </Text>
                    ))}
                  </View>
                ) : null}
              </View>
            )
          })}
        </View>
      )}

      <View className='att-export'>
        <Button className='btn btn--plain' id='att-export' loading={exporting || undefined} disabled={exporting || undefined} onClick={doExport}>
          导出 Excel
        </Button>
      </View>

      {ask ? (
        <ReasonDialog
          title={ask.kind === 'makeup' ? `补录签到：${ask.row.name}` : `撤销补录：${ask.row.name}`}
          hint={ask.kind === 'makeup' ? '补录将记入积分，并记录操作人、时间和原因' : '撤销将扣回补录所得积分，并留痕'}
          placeholder={ask.kind === 'makeup' ? '如：因手机没电未能扫码，现场已参加' : '如：补录有误'}
          confirmText={ask.kind === 'makeup' ? '确认补录' : '确认撤销'}
          onConfirm={confirmAsk}
          onClose={() => setAsk(null)}
        />
      ) : null}
    </View>
  )
}
