/**
 * 线上参加（流动党员）：签到开放时，被支部书记标记为流动党员的党员输入书记在线上会议中读出的
 * 6 位会议口令，记为「线上参加」（与签到同样计入出勤和积分）。Shown only to such a member who has
 * not attended yet; the server decides again (mark, window, code, its two minutes).
 */
import { useRef, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { joinOnlineInput } from '../../../../contracts/online.contract'
import type { ActivityView } from '../../../api/activity'
import type { GetMeOutput } from '../../../api/member'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import { api } from '../../../api'

export interface OnlineJoinProps {
  me: GetMeOutput
  activity: ActivityView
  /** 线上参加成功后调用（页面据此刷新出勤状态） */
  onJoined: () => void
}

/** States in which the member has attended already (scan, 补录 or online). */
const PRESENT = new Set(['signed', 'makeup', 'online'])

/** Whether the section shows: a 流动 member on this activity's list, sign-in open, not yet attended. */
export function canJoinOnline(me: GetMeOutput, activity: ActivityView): boolean {
  return (
    me.member?.mobile != null &&
    activity.expected &&
    activity.status !== 'cancelled' &&
    activity.signIn.open &&
    !PRESENT.has(activity.myState ?? '')
  )
}

export function OnlineJoin({ me, activity, onJoined }: OnlineJoinProps) {
  const [code, setCode] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  // One request id per attempt that reaches the server: a retried tap is the same join.
  const requestId = useRef(newRequestId())

  if (!canJoinOnline(me, activity)) return null
  const place = me.member?.mobile?.place

  const submit = async () => {
    if (busy) return
    const parsed = joinOnlineInput.safeParse({ action: 'joinOnline', activityId: activity.id, code, requestId: requestId.current })
    if (!parsed.success) {
      setError(parsed.error.issues.find((i) => i.path[0] === 'code')?.message ?? '请输入书记读出的 6 位会议口令')
      return
    }
    setError('')
    setBusy(true)
    const res = await api.activity.joinOnline({ activityId: activity.id, code: parsed.data.code, requestId: requestId.current })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message)
      return
    }
    requestId.current = newRequestId()
    setCode('')
    if (res.data.alreadySignedIn) toast('您已签到，无需重复参加')
    else toastSuccess('已线上参加')
    onJoined()
  }

  return (
    <View id='online-join'>
      <Text className='section-title'>线上参加</Text>
      <View className='form'>
        <View className='form-item'>
          <Text className='form-item__label'>会议口令</Text>
          <Input
            className='detail-leave-input'
            {...inputId('online-code-input')}
            type='number'
            value={code}
            maxlength={6}
            placeholder='书记读出的 6 位数字'
            onInput={(e) => setCode(e.detail.value)}
          />
        </View>
      </View>
      {error ? (
        <Text className='form-error' id='online-join-error'>
          {error}
        </Text>
      ) : (
        <Text className='form-hint'>
          您已被标记为流动党员{place ? `（${place}）` : ''}，可在线上会议中输入支部书记读出的口令参加，记为「线上参加」。
        </Text>
      )}
      <View className='actions'>
        <Button className='btn btn--primary' id='online-join-submit' loading={busy || undefined} disabled={busy || undefined} onClick={submit}>
          线上参加
        </Button>
      </View>
    </View>
  )
}
