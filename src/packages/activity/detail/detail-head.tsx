/** The activity's head (kind, title, why cancelled) and its facts: time, place, who is expected, the sign-in window. */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { ActivityView } from '../../../api/activity'
import { formatShortDateTime, formatTimeRange, formatWeekday } from '../../../utils/format'
import { WINDOW_LABEL, windowState } from '../components/activity-labels'

/** The line under the sign-in badge: when members can scan, or why they cannot. */
function windowNote(activity: ActivityView, now: number): string {
  if (activity.status === 'cancelled') return '活动已取消，无需签到'
  if (activity.signIn.mode === 'open') return `书记已开启签到，至 ${formatShortDateTime(activity.signIn.closesAt, now)} 结束`
  if (activity.signIn.mode === 'closed') return '书记已结束签到'
  return `${formatTimeRange(activity.signIn.opensAt, activity.signIn.closesAt, now)} 可扫码签到`
}

function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className='cell'>
      <Text className='detail-label'>{label}</Text>
      <View className='detail-value' id={id}>
        {children}
      </View>
    </View>
  )
}

export function DetailHead({ activity, now }: { activity: ActivityView; now: number }) {
  const cancelled = activity.status === 'cancelled'
  const win = windowState(activity, now)
  return (
    <View>
      <View className='detail-head'>
        <View className='detail-head__badges'>
          <Text className='kind-badge'>{activity.kindLabel}</Text>
          {cancelled ? <Text className='att-badge att-badge--cancelled'>已取消</Text> : null}
        </View>
        <Text className='detail-title' id='activity-detail-title'>
          {activity.title}
        </Text>
        {cancelled ? (
          <Text className='detail-cancelled' id='activity-cancel-reason'>
            取消原因：{activity.cancelReason ?? '—'}
          </Text>
        ) : null}
      </View>

      <View className='cells'>
        <Row label='时间' id='activity-detail-time'>
          <Text>
            {formatTimeRange(activity.startAt, activity.endAt, now)} {formatWeekday(activity.startAt)}
          </Text>
        </Row>
        <Row label='地点'>
          <Text>{activity.place || '—'}</Text>
        </Row>
        <Row label='应到'>
          <Text>{activity.expectedMemberIds ? `指定党员 ${activity.expectedMemberIds.length} 人` : '全支部党员'}</Text>
        </Row>
        {activity.kind === 'volunteer' ? (
          <Row label='服务时长'>
            <Text>{activity.volunteerHours === null ? '—' : `${activity.volunteerHours} 小时`}</Text>
          </Row>
        ) : null}
        <Row label='签到' id='activity-window'>
          <Text className={`att-badge att-badge--${win}`}>{WINDOW_LABEL[win]}</Text>
          <Text className='cell__desc'>{windowNote(activity, now)}</Text>
        </Row>
      </View>
    </View>
  )
}
