/**
 * 活动详情：时间地点、签到时间窗、本人的出勤状态。党员可扫码签到（小程序）或请假；支部书记和党委
 * 管理员的操作（签到二维码、考勤、编辑、取消）紧跟在基本信息之后，本人的出勤在其后。下拉可刷新。
 * State and calls live in use-activity-detail.ts; the sections draw (detail-head, manager-tools,
 * my-attendance).
 */
import { Button, Text, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../../components/page-state'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { ReasonDialog } from '../components/reason-dialog'
import { DetailHead } from './detail-head'
import { ManagerTools } from './manager-tools'
import { MyAttendance } from './my-attendance'
import { manages, useActivityDetail } from './use-activity-detail'
import '../components/activity.css'
import './index.css'

export default function ActivityDetailPage() {
  const page = useActivityDetail()
  const { state } = page.query

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='activity-detail-error' message={state.message} code={state.code} onRetry={page.reload} />

  const { me, activity } = state.data
  const now = Date.now()
  const cancelled = activity.status === 'cancelled'

  return (
    <View className='page'>
      <DetailHead activity={activity} now={now} />

      {/* Managers come here to run the activity: their tools first, their own attendance after. */}
      {manages(me, activity) ? <ManagerTools activity={activity} now={now} onCancel={() => page.setCancelling(true)} /> : null}

      {/* 全程纪实: members read it, its editors write it (record page) */}
      <View className='actions'>
        <Button className='btn btn--plain' id='activity-record' onClick={() => go(`${ROUTES.activityRecord}?id=${activity.id}`)}>
          全程纪实
        </Button>
      </View>

      {activity.description ? (
        <View>
          <Text className='section-title'>活动说明</Text>
          <Text className='detail-desc'>{activity.description}</Text>
        </View>
      ) : null}

      {activity.expected && !cancelled ? (
        <MyAttendance
          me={me}
          activity={activity}
          now={now}
          reason={page.leaveReason}
          setReason={page.setLeaveReason}
          leave={page.leave}
          onSubmitLeave={() => void page.submitLeave()}
          onChanged={page.reload}
        />
      ) : null}

      {page.cancelling ? (
        <ReasonDialog
          title='取消活动'
          hint='取消后党员将看到「已取消」和取消原因'
          placeholder='请填写取消原因'
          confirmText='确认取消'
          onConfirm={page.cancel}
          onClose={() => page.setCancelling(false)}
        />
      ) : null}
    </View>
  )
}
