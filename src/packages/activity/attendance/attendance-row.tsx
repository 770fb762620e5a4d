/** 考勤 rows: counts, and one member's state, sign-in time, leave reason, actions and audit trail. */
import { Text, View } from '@tarojs/components'
import type { AttendanceRow, ListAttendanceOutput } from '../../../api/activity'
import { Button } from '../../../components/ui'
import { formatShortDateTime } from '../../../utils/format'
import { stateClass } from '../components/activity-labels'

export type Ask = { kind: 'makeup' | 'revoke'; row: AttendanceRow } | null

const AUDIT_LABEL: Record<AttendanceRow['audit'][number]['what'], string> = {
  makeup: '补录签到',
  revoke: '撤销补录',
  leave_approved: '批准请假',
  leave_rejected: '驳回请假',
  relay_confirm: '核实保留签到',
  relay_revoke: '撤销转发签到',
}

/** Leaves waiting for a decision first, then who is here, then who is not (each by name). */
const ORDER: Record<AttendanceRow['state'], number> = { leave_pending: 0, signed: 1, online: 1, makeup: 2, leave: 3, absent: 4, pending: 5 }

export function sortRows(rows: readonly AttendanceRow[]): AttendanceRow[] {
  return [...rows].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name, 'zh-CN'))
}

export function Counts({ data }: { data: ListAttendanceOutput }) {
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

interface RowProps {
  row: AttendanceRow
  busy: boolean
  cancelled: boolean
  started: boolean
  onDecide: (row: AttendanceRow, approve: boolean) => void
  onAsk: (ask: Ask) => void
}

export function AttendanceRowView({ row, busy, cancelled, started, onDecide, onAsk }: RowProps) {
  return (
    <View key={row.memberId} className='att-row' id={`att-row-${row.memberId}`}>
      <View className='att-row__main'>
        <View className='att-row__body'>
          <View className='att-row__line'>
            <Text className='att-row__name'>{row.name}</Text>
            <Text className={stateClass(row.state)} id={`att-state-${row.memberId}`}>
              {row.stateLabel}
            </Text>
            {row.place ? (
              row.place.distanceM === null ? (
                <Text className='att-row__loc att-row__loc--missing' id={`att-place-${row.memberId}`}>
                  未提供位置
                </Text>
              ) : null
            ) : row.locationFlag === 'provided' ? (
              <Text className='att-row__loc'>位置</Text>
            ) : null}
          </View>
          {row.signedAt ? (
            <Text className='att-row__info'>
              {row.state === 'makeup' ? '补录于' : '签到于'} {formatShortDateTime(row.signedAt)}
              {row.place && row.place.distanceM !== null ? (
                <Text id={`att-place-${row.memberId}`}>，距活动地点 {Math.round(row.place.distanceM)} 米</Text>
              ) : null}
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
                kind='plain'
                small
                id={`att-reject-${row.memberId}`}
                disabled={busy}
                onClick={() => onDecide(row, false)}
              >
                驳回
              </Button>
            ) : null}
            {row.state === 'leave_pending' ? (
              <Button
                small
                className='att-btn-approve'
                id={`att-approve-${row.memberId}`}
                loading={busy}
                onClick={() => onDecide(row, true)}
              >
                批准
              </Button>
            ) : null}
            {(row.state === 'absent' || row.state === 'pending') && started ? (
              <Button
                kind='plain'
                small
                id={`att-makeup-${row.memberId}`}
                onClick={() => onAsk({ kind: 'makeup', row })}
              >
                补录
              </Button>
            ) : null}
            {row.state === 'makeup' ? (
              <Button
                kind='plain'
                small
                id={`att-revoke-${row.memberId}`}
                onClick={() => onAsk({ kind: 'revoke', row })}
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
}
