/**
 * 活动详情：时间地点、签到时间窗、本人的出勤状态。党员可扫码签到（小程序）或请假；支部书记和党委
 * 管理员的操作（签到二维码、考勤、编辑、取消）紧跟在基本信息之后，本人的出勤在其后。
 */
import { useCallback, useRef, useState, type ReactNode } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { cancelActivity, getActivity, requestLeave, type ActivityView } from '../../../api/activity'
import { getMe, type GetMeOutput } from '../../../api/member'
import { isWeapp } from '../../../env'
import { ROUTES } from '../../../routes'
import { inputId } from '../../../utils/element-id'
import { go, toast, toastSuccess } from '../../../utils/feedback'
import { scanToSignIn } from '../../../utils/scan-sign-in'
import { formatDateTime, formatShortDateTime, formatTimeRange, formatWeekday } from '../../../utils/format'
import { STATE_LABEL, WINDOW_LABEL, hasEnded, stateClass, windowState } from '../components/activity-labels'
import { ErrorState, Loading } from '../../../components/page-state'
import { ReasonDialog } from '../components/reason-dialog'
import { OnlineJoin } from './online-join'
import '../components/activity.css'
import './index.css'

type PageState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; me: GetMeOutput; activity: ActivityView }

/** Whether the caller manages this activity (its branch's secretary, or an admin). */
function manages(me: GetMeOutput, activity: ActivityView): boolean {
  if (me.role === 'admin') return true
  return me.role === 'secretary' && me.member?.branchId === activity.branchId
}

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

const LEAVE_STATUS = { pending: '待审批', approved: '已批准', rejected: '未批准' } as const
const LEAVE_BADGE = { pending: 'leave_pending', approved: 'leave', rejected: 'absent' } as const

export default function ActivityDetailPage() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [leaveReason, setLeaveReason] = useState('')
  const [leaveError, setLeaveError] = useState('')
  const [leaveBusy, setLeaveBusy] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!activityId) {
      setState({ status: 'error', message: '活动不存在或已删除' })
      return
    }
    const [meRes, actRes] = await Promise.all([getMe(), getActivity({ activityId })])
    if (ticket !== latest.current) return
    if (!meRes.ok) return setState({ status: 'error', message: meRes.error.message })
    if (!actRes.ok) return setState({ status: 'error', message: actRes.error.message })
    setState({ status: 'ready', me: meRes.data, activity: actRes.data.activity })
  }, [activityId])

  useDidShow(() => {
    void load()
  })

  useShareAppMessage(() => ({
    title: state.status === 'ready' ? state.activity.title : '组织生活',
    path: activityId ? `${ROUTES.activityDetail}?id=${activityId}` : ROUTES.activityList,
  }))

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='activity-detail-error' message={state.message} onRetry={() => void load()} />

  const { me, activity } = state
  const now = Date.now()
  const win = windowState(activity, now)
  const ended = hasEnded(activity, now)
  const cancelled = activity.status === 'cancelled'
  const manager = manages(me, activity)
  const my = activity.myState
  const present = my === 'signed' || my === 'makeup' || my === 'online'
  const canLeave = activity.expected && !cancelled && !ended && !present && my !== 'leave'

  // The secretary's own sign-in screen: open already → show its QR; otherwise open it now.
  const signInLabel = win === 'open' ? '打开签到二维码' : '开启签到'
  const managerTools = manager ? (
    <View id='activity-manager-tools'>
      <Text className='section-title'>支部书记操作</Text>
      <View className='actions'>
        {!cancelled && !ended ? (
          <Button
            className='btn btn--primary'
            id='activity-open-signin'
            onClick={() => go(`${ROUTES.activitySignIn}?id=${activity.id}`)}
          >
            {signInLabel}
          </Button>
        ) : null}
        <Button
          className='btn btn--plain'
          id='activity-attendance'
          onClick={() => go(`${ROUTES.activityAttendance}?id=${activity.id}`)}
        >
          {activity.pendingLeaves ? `考勤（待审批请假 ${activity.pendingLeaves}）` : '考勤'}
        </Button>
        {!cancelled ? (
          <View className='detail-actions-row'>
            <Button className='btn btn--plain' id='activity-edit' onClick={() => go(`${ROUTES.activityEdit}?id=${activity.id}`)}>
              编辑
            </Button>
            <Button className='btn btn--danger' id='activity-cancel' onClick={() => setCancelling(true)}>
              取消活动
            </Button>
          </View>
        ) : null}
      </View>
    </View>
  ) : null

  const submitLeave = async () => {
    if (leaveBusy) return
    const reason = leaveReason.trim()
    if (reason.length < 2) {
      setLeaveError('请填写请假原因（至少 2 个字）')
      return
    }
    setLeaveError('')
    setLeaveBusy(true)
    const res = await requestLeave({ activityId: activity.id, reason })
    setLeaveBusy(false)
    if (!res.ok) {
      setLeaveError(res.error.issues?.[0]?.message ?? res.error.message)
      toast(res.error.message)
      return
    }
    setLeaveReason('')
    toastSuccess('已提交请假')
    void load()
  }

  const cancel = async (reason: string): Promise<string | null> => {
    const res = await cancelActivity({ activityId: activity.id, reason })
    if (!res.ok) return res.error.issues?.[0]?.message ?? res.error.message
    toastSuccess('活动已取消')
    void load()
    return null
  }

  return (
    <View className='page'>
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

      {/* Managers come here to run the activity: their tools first, their own attendance after. */}
      {managerTools}

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
        <View>
          <Text className='section-title'>我的出勤</Text>
          <View className='cells'>
            <View className='cell'>
              <Text className='cell__body'>出勤状态</Text>
              {my === 'pending' && win === 'not_started' ? (
                <Text className='muted' id='activity-my-state'>
                  待签到（签到尚未开始）
                </Text>
              ) : my ? (
                <Text className={stateClass(my)} id='activity-my-state'>
                  {STATE_LABEL[my]}
                </Text>
              ) : (
                <Text className='muted' id='activity-my-state'>
                  —
                </Text>
              )}
            </View>
          </View>

          <OnlineJoin me={me} activity={activity} onJoined={() => void load()} />

          {!cancelled && !ended && !present ? (
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

          {activity.myLeave ? (
            <View className='cells' id='activity-my-leave'>
              <View className='cell'>
                <Text className='cell__body'>我的请假</Text>
                <Text className={`att-badge att-badge--${LEAVE_BADGE[activity.myLeave.status]}`} id='activity-leave-status'>
                  {LEAVE_STATUS[activity.myLeave.status]}
                </Text>
              </View>
              <View className='cell'>
                <Text className='cell__body detail-leave-reason' id='activity-leave-reason'>
                  原因：{activity.myLeave.reason}
                </Text>
              </View>
              <View className='cell'>
                <Text className='cell__desc'>
                  {formatDateTime(activity.myLeave.requestedAt)} 提交
                  {activity.myLeave.decidedAt ? ` · ${activity.myLeave.decidedByName ?? '支部书记'} ${formatDateTime(activity.myLeave.decidedAt)} 审批` : ''}
                </Text>
              </View>
            </View>
          ) : null}
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
                    value={leaveReason}
                    maxlength={200}
                    placeholder='如：当日值班，无法参加'
                    onInput={(e) => setLeaveReason(e.detail.value)}
                  />
                </View>
              </View>
              {leaveError ? (
                <Text className='form-error' id='leave-error'>
                  {leaveError}
                </Text>
              ) : null}
              <View className='actions'>
                <Button className='btn btn--plain' id='leave-submit' loading={leaveBusy || undefined} disabled={leaveBusy || undefined} onClick={submitLeave}>
                  {my === 'leave_pending' ? '更新请假原因' : '提交请假'}
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ) : null}

      {cancelling ? (
        <ReasonDialog
          title='取消活动'
          hint='取消后党员将看到「已取消」和取消原因'
          placeholder='请填写取消原因'
          confirmText='确认取消'
          onConfirm={cancel}
          onClose={() => setCancelling(false)}
        />
      ) : null}
    </View>
  )
}
