/** 我的出勤 on an activity the caller is expected at: the state, 线上参加, 扫码签到, the leave sent and the leave form. */
import { Button, Input, Text, View } from '@tarojs/components'
import type { ActivityView } from '../../../api/activity'
import type { GetMeOutput } from '../../../api/member'
import { FieldError } from '../../../components/ui'
import { isWeapp } from '../../../env'
import type { ZodForm } from '../../../hooks/use-form'
import { inputId } from '../../../utils/element-id'
import { formatDateTime } from '../../../utils/format'
import { scanToSignIn } from '../../../utils/scan-sign-in'
import { STATE_LABEL, hasEnded, stateClass, windowState } from '../components/activity-labels'
import { OnlineJoin } from './online-join'

const LEAVE_STATUS = { pending: '待审批', approved: '已批准', rejected: '未批准' } as const
const LEAVE_BADGE = { pending: 'leave_pending', approved: 'leave', rejected: 'absent' } as const

export interface MyAttendanceProps {
  me: GetMeOutput
  activity: ActivityView
  now: number
  reason: string
  setReason: (reason: string) => void
  leave: ZodForm<'reason'>
  onSubmitLeave: () => void
  onChanged: () => void
}

function MyLeave({ leave }: { leave: NonNullable<ActivityView['myLeave']> }) {
  return (
    <View className='cells' id='activity-my-leave'>
      <View className='cell'>
        <Text className='cell__body'>我的请假</Text>
        <Text className={`att-badge att-badge--${LEAVE_BADGE[leave.status]}`} id='activity-leave-status'>
          {LEAVE_STATUS[leave.status]}
        </Text>
      </View>
      <View className='cell'>
        <Text className='cell__body detail-leave-reason' id='activity-leave-reason'>
          原因：{leave.reason}
        </Text>
      </View>
      <View className='cell'>
        <Text className='cell__desc'>
          {formatDateTime(leave.requestedAt)} 提交
          {leave.decidedAt ? ` · ${leave.decidedByName ?? '支部书记'} ${formatDateTime(leave.decidedAt)} 审批` : ''}
        </Text>
      </View>
    </View>
  )
}

export function MyAttendance({ me, activity, now, reason, setReason, leave, onSubmitLeave, onChanged }: MyAttendanceProps) {
  const win = windowState(activity, now)
  const ended = hasEnded(activity, now)
  const my = activity.myState
  const present = my === 'signed' || my === 'makeup' || my === 'online'
  const canLeave = !ended && !present && my !== 'leave'

  return (
    <View>
      <Text className='section-title'>我的出勤</Text>
      <View className='cells'>
        <View className='cell'>
          <Text className='cell__body'>出勤状态</Text>
          {my === 'pending' && win === 'not_started' ? (
            <Text className='muted' id='activity-my-state'>
              待签到（签到尚未开始）
            </Text>
          ) : (
            <Text className={my ? stateClass(my) : 'muted'} id='activity-my-state'>
              {my ? STATE_LABEL[my] : '—'}
            </Text>
          )}
        </View>
      </View>

      <OnlineJoin me={me} activity={activity} onJoined={onChanged} />

      {!ended && !present ? (
        isWeapp ? (
          <View className='actions'>
            <Button className='btn btn--primary' id='activity-scan' onClick={() => void scanToSignIn()}>
              扫码签到
            </Button>
          </View>
        ) : (
          <Text className='notice' id='activity-scan-note'>
            签到时，请用手机相机或微信「扫一扫」扫描支部书记出示的签到二维码。
          </Text>
        )
      ) : null}

      {activity.myLeave ? <MyLeave leave={activity.myLeave} /> : null}
      {my === 'leave_pending' ? (
        <Text className='notice' id='activity-leave-pending'>
          请假申请已提交，等待支部书记审批。如需修改原因，可重新提交。
        </Text>
      ) : null}
      {my === 'leave' ? (
        <Text className='notice' id='activity-leave-approved'>
          请假已批准。
        </Text>
      ) : null}
      {activity.myLeave?.status === 'rejected' && my !== 'leave' ? (
        <Text className='notice' id='activity-leave-rejected'>
          请假未获批准，请按时参加；如有特殊情况，可补充原因后重新提交。
        </Text>
      ) : null}

      {canLeave ? (
        <View>
          <Text className='section-title'>请假</Text>
          <View className='form'>
            <View className='form-item'>
              <Text className='form-item__label'>请假原因</Text>
              <Input
                className='detail-leave-input'
                {...inputId('leave-reason')}
                type='text'
                value={reason}
                maxlength={200}
                placeholder='如：当日值班，无法参加'
                onInput={(e) => setReason(e.detail.value)}
              />
            </View>
          </View>
          <FieldError id='leave-error' message={leave.errors.reason ?? leave.formError} />
          <View className='actions'>
            <Button className='btn btn--plain' id='leave-submit' loading={leave.submitting || undefined} disabled={leave.submitting || undefined} onClick={onSubmitLeave}>
              {my === 'leave_pending' ? '更新请假原因' : '提交请假'}
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
