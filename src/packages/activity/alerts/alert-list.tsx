/** 缺席提醒: members with 3 unexcused absences in the year or 3 in a row, and the activities concerned. */
import { Text, View } from '@tarojs/components'
import type { AbsenceAlertsOutput } from '../../../api/activity'
import { Empty } from '../../../components/ui'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatMonthDay } from '../../../utils/format'

function reasonText(alert: AbsenceAlertsOutput['alerts'][number]): string {
  const parts: string[] = []
  if (alert.reasons.includes('total')) parts.push(`全年无故缺席 ${alert.unexcused} 次`)
  if (alert.reasons.includes('streak')) parts.push(`连续缺席 ${alert.longestStreak} 次`)
  return parts.join('，')
}

export function AlertList({ alerts, year }: { alerts: AbsenceAlertsOutput['alerts']; year: number }) {
  return (
    <View>
      <Text className='alerts-rule'>
        规定：对无正当理由不参加活动达到3次的进行诫勉谈话；连续3次不参加的视情况给予组织处理。（未获批准的请假按无故缺席计）
      </Text>
      {alerts.length === 0 ? (
        <Empty id='alerts-empty'>{year}年暂无需要提醒的党员</Empty>
      ) : (
        <View id='alerts-list'>
          {alerts.map((a) => (
            <View key={a.memberId} className='alert-card' id={`alert-${a.memberId}`}>
              <View className='alert-card__head'>
                <Text className='alert-card__name'>{a.name}</Text>
                <Text className='att-badge att-badge--absent'>{a.reasons.includes('streak') ? '连续缺席' : '累计缺席'}</Text>
              </View>
              <Text className='alert-card__reasons'>{reasonText(a)}</Text>
              {a.activities.map((act) => (
                <Text key={act.id} className='alert-card__activity' onClick={() => go(`${ROUTES.activityAttendance}?id=${act.id}`)}>
                  {formatMonthDay(act.startAt)} {act.kindLabel} · {act.title} ›
                </Text>
              ))}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
