/**
 * 考勤（支部书记 / 党委管理员）：一次活动的应到、已签到、补录、请假、缺席、未签到人数与出勤率，
 * 每名党员的状态、签到时间、位置标记与请假原因；可审批请假、补录签到、撤销补录（均须填写原因并
 * 留痕），核查转发签到迹象（确认本人或撤销签到，留痕），并导出 Excel。
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { api } from '../../../api'
import type { AttendanceRow } from '../../../api/activity'
import { ErrorState, Loading } from '../../../components/page-state'
import { Button, Empty, Section } from '../../../components/ui'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useQuery } from '../../../hooks/use-query'
import { exportAndSave } from '../../../utils/download'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatRate, formatTimeRange } from '../../../utils/format'
import { ReasonDialog } from '../components/reason-dialog'
import { AttendanceRowView, Counts, sortRows, type Ask } from './attendance-row'
import { RelayPanel, type RelayAsk } from './relay-panel'
import '../components/activity.css'
import './index.css'

const NO_ACTIVITY = { ok: false, error: { code: 'ACTIVITY.NOT_FOUND', message: '活动不存在或已删除' } } as const

export default function AttendancePage() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const [ask, setAsk] = useState<Ask>(null)
  const [busyRow, setBusyRow] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const query = useQuery(() => (activityId ? api.activity.listAttendance({ activityId }) : Promise.resolve(NO_ACTIVITY)), [activityId], {
    refreshOnShow: true,
  })
  const [relayAsk, setRelayAsk] = useState<RelayAsk>(null)
  const relay = useQuery(() => (activityId ? api.activity.listRelaySignals({ activityId }) : Promise.resolve(NO_ACTIVITY)), [activityId], {
    refreshOnShow: true,
  })
  const load = () => {
    void query.reload()
    void relay.reload()
  }
  // The live count during the activity: pull down for the latest sign-ins.
  usePullRefresh(() => Promise.all([query.reload(), relay.reload()]))

  if (query.state.status === 'loading') return <Loading />
  if (query.state.status === 'error') return <ErrorState id='att-error' message={query.state.message} code={query.state.code} onRetry={load} />

  const { data } = query.state
  const { activity } = data
  const cancelled = activity.status === 'cancelled'
  // 补录 records an attendance that happened: the server refuses it before the start, so it is not offered.
  const started = Date.parse(activity.startAt) <= Date.now()

  const decide = async (row: AttendanceRow, approve: boolean) => {
    if (busyRow) return
    setBusyRow(row.memberId)
    const res = await api.activity.decideLeave({ activityId, memberId: row.memberId, approve })
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
    const res = ask.kind === 'makeup' ? await api.activity.addMakeup(input) : await api.activity.revokeMakeup(input)
    if (!res.ok) return res.error.issues?.[0]?.message ?? res.error.message
    toastSuccess(ask.kind === 'makeup' ? '已补录' : '已撤销')
    void load()
    return null
  }

  const confirmRelay = async (reason: string): Promise<string | null> => {
    if (!relayAsk) return null
    const res = await api.activity.reviewRelaySignIn({ activityId, memberId: relayAsk.memberId, decision: relayAsk.decision, reason })
    if (!res.ok) return res.error.issues?.[0]?.message ?? res.error.message
    toastSuccess(relayAsk.decision === 'confirm' ? '已确认' : '已撤销签到')
    load()
    return null
  }

  const doExport = async () => {
    if (exporting) return
    setExporting(true)
    const saved = await exportAndSave(() => api.activity.exportAttendance({ activityId }))
    setExporting(false)
    if (saved) toastSuccess('已导出')
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

      {/* Above the list: a flagged scan waits for the secretary's decision. */}
      {relay.state.status === 'ready' && relay.state.data.scans > 0 ? (
        <>
          <Section title={`转发签到迹象（${relay.state.data.signals.length} 组）`} id='relay-title' />
          <RelayPanel data={relay.state.data} onAsk={setRelayAsk} />
        </>
      ) : null}

      <Section title={`党员出勤（${data.rows.length} 人）`} />
      {data.rows.length === 0 ? (
        <Empty>本次活动没有应到党员</Empty>
      ) : (
        <View className='cells' id='att-rows'>
          {sortRows(data.rows).map((row) => (
            <AttendanceRowView
              key={row.memberId}
              row={row}
              busy={busyRow === row.memberId}
              cancelled={cancelled}
              started={started}
              onDecide={(r, approve) => void decide(r, approve)}
              onAsk={setAsk}
            />
          ))}
        </View>
      )}

      <View className='att-export'>
        <Button kind='plain' id='att-export' loading={exporting} onClick={() => void doExport()}>
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

      {relayAsk ? (
        <ReasonDialog
          title={relayAsk.decision === 'confirm' ? `确认本人签到：${relayAsk.name}` : `撤销签到：${relayAsk.name}`}
          hint={relayAsk.decision === 'confirm' ? '确认后保留签到并标为已核实，留痕' : '撤销将扣回签到所得积分并计入缺席，留痕；该党员不能再扫码签到'}
          placeholder={relayAsk.decision === 'confirm' ? '如：本人在会场，用家人手机扫码' : '如：转发签到码，本人未到场'}
          confirmText={relayAsk.decision === 'confirm' ? '确认本人' : '确认撤销'}
          onConfirm={confirmRelay}
          onClose={() => setRelayAsk(null)}
        />
      ) : null}
    </View>
  )
}
