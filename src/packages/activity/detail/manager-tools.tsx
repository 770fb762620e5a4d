/** The secretary's (or admin's) tools for this activity: the sign-in screen, 考勤, 编辑, 取消活动. */
import { Button, Text, View } from '@tarojs/components'
import type { ActivityView } from '../../../api/activity'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { hasEnded, windowState } from '../components/activity-labels'

export function ManagerTools({ activity, now, onCancel }: { activity: ActivityView; now: number; onCancel: () => void }) {
  const cancelled = activity.status === 'cancelled'
  const ended = hasEnded(activity, now)
  // The secretary's own sign-in screen: open already → show its QR; otherwise open it now.
  const signInLabel = windowState(activity, now) === 'open' ? '打开签到二维码' : '开启签到'
  return (
    <View id='activity-manager-tools'>
      <Text className='section-title'>支部书记操作</Text>
      <View className='actions'>
        {!cancelled && !ended ? (
          <Button className='btn btn--primary' id='activity-open-signin' onClick={() => go(`${ROUTES.activitySignIn}?id=${activity.id}`)}>
            {signInLabel}
          </Button>
        ) : null}
        <Button className='btn btn--plain' id='activity-attendance' onClick={() => go(`${ROUTES.activityAttendance}?id=${activity.id}`)}>
          {activity.pendingLeaves ? `考勤（待审批请假 ${activity.pendingLeaves}）` : '考勤'}
        </Button>
        {!cancelled ? (
          <View className='detail-actions-row'>
            <Button className='btn btn--plain' id='activity-edit' onClick={() => go(`${ROUTES.activityEdit}?id=${activity.id}`)}>
              编辑
            </Button>
            <Button className='btn btn--danger' id='activity-cancel' onClick={onCancel}>
              取消活动
            </Button>
          </View>
        ) : null}
      </View>
    </View>
  )
}
