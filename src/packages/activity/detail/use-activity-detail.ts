/**
 * The activity page's state: who is asking (the one cached getMe) and the activity, through the one
 * data-fetching hook (latest answer wins, again each time the page shows, pull-down refresh); the
 * leave form checked with requestLeave's own contract; cancelling with a reason. The page only draws.
 */
import { useState } from 'react'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { requestLeaveInput } from '../../../../contracts/activity.contract'
import { api } from '../../../api'
import type { ActivityView } from '../../../api/activity'
import type { GetMeOutput } from '../../../api/member'
import { useZodForm } from '../../../hooks/use-form'
import { loadMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { toastSuccess } from '../../../utils/feedback'

export interface Detail {
  me: GetMeOutput
  activity: ActivityView
}

/** Whether the caller manages this activity (its branch's secretary, or an admin). */
export function manages(me: GetMeOutput, activity: ActivityView): boolean {
  if (me.role === 'admin') return true
  return me.role === 'secretary' && me.member?.branchId === activity.branchId
}

async function loadDetail(activityId: string) {
  if (!activityId) return { ok: false as const, error: { code: 'NOT_FOUND' as const, message: '活动不存在或已删除' } }
  const [meRes, actRes] = await Promise.all([loadMe(), api.activity.getActivity({ activityId })])
  if (!meRes.ok) return meRes
  if (!actRes.ok) return actRes
  return { ok: true as const, data: { me: meRes.data, activity: actRes.data.activity } }
}

export function useActivityDetail() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const query = useQuery<Detail>(() => loadDetail(activityId), [activityId], { refreshOnShow: true })
  const [leaveReason, setLeaveReason] = useState('')
  const leave = useZodForm(['reason'] as const)
  const [cancelling, setCancelling] = useState(false)
  const reload = () => void query.reload()

  usePullRefresh(query.reload)

  useShareAppMessage(() => ({
    title: query.data?.activity.title ?? '组织生活',
    path: activityId ? `${ROUTES.activityDetail}?id=${activityId}` : ROUTES.activityList,
  }))

  const submitLeave = async () => {
    const input = leave.check(requestLeaveInput, { action: 'requestLeave', activityId, reason: leaveReason })
    if (!input) return
    const done = await leave.submit(() => api.activity.requestLeave(input))
    if (!done) return
    setLeaveReason('')
    toastSuccess('已提交请假')
    reload()
  }

  /** Resolves with the message to show in the dialog, or null when cancelled. */
  const cancel = async (reason: string): Promise<string | null> => {
    const res = await api.activity.cancelActivity({ activityId, reason })
    if (!res.ok) return res.error.issues?.[0]?.message ?? res.error.message
    toastSuccess('活动已取消')
    reload()
    return null
  }

  return { query, reload, leaveReason, setLeaveReason, leave, submitLeave, cancelling, setCancelling, cancel }
}
