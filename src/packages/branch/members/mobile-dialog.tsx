/**
 * 流动党员标记（支部书记 / 党委管理员）：外出地点与截止日期（可不填，为长期），或取消标记。
 * 被标记的党员可在活动签到开放时输入书记显示的会议口令「线上参加」。A dialog of its own rather
 * than `Taro.showModal`, which cannot take text in H5.
 */
import { useState } from 'react'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import type { MemberView } from '../../../api/member'
import { inputId } from '../../../utils/element-id'
import { toastSuccess } from '../../../utils/feedback'
import { cnDateValue } from '../../../utils/format'
import './mobile-dialog.css'
import { api } from '../../../api'

export interface MobileDialogProps {
  /** 要标记的党员（含当前的流动标记） */
  member: MemberView
  /** 保存或取消标记成功后调用（页面据此刷新名册） */
  onSaved: () => void
  onClose: () => void
}

const PLACE_MIN = 2
const PLACE_MAX = 40

/** The tag on the roll: 「流动·江苏苏州」. */
export function mobileTag(mobile: NonNullable<MemberView['mobile']>): string {
  return `流动·${mobile.place}`
}

export function MobileDialog({ member, onSaved, onClose }: MobileDialogProps) {
  const today = cnDateValue(Date.now())
  const [place, setPlace] = useState(member.mobile?.place ?? '')
  const [until, setUntil] = useState<string | null>(member.mobile?.until ?? null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const send = async (mobile: { place: string; until: string | null } | null, done: string) => {
    if (busy) return
    setBusy(true)
    setError('')
    const res = await api.member.setMobile({ memberId: member.id, mobile })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message)
      return
    }
    toastSuccess(done)
    onSaved()
    onClose()
  }

  const save = () => {
    const text = place.trim()
    if (text.length < PLACE_MIN) return setError('请填写外出地点（至少 2 个字）')
    if (until !== null && until < today) return setError('截止日期不能早于今天')
    void send({ place: text, until }, '已标记')
  }

  return (
    <View className='dialog-mask' catchMove>
      <View className='dialog' id='mobile-dialog'>
        <Text className='dialog__title'>流动党员：{member.name}</Text>
        <Text className='dialog__hint'>标记后，该党员可输入会议口令线上参加组织生活</Text>
        <View className='mobile-dialog__field'>
          <Text className='mobile-dialog__label'>外出地点</Text>
          <Input
            className='mobile-dialog__input'
            {...inputId('mobile-place')}
            type='text'
            value={place}
            maxlength={PLACE_MAX}
            placeholder='如：江苏苏州'
            onInput={(e) => setPlace(e.detail.value)}
          />
        </View>
        <View className='mobile-dialog__field'>
          <Text className='mobile-dialog__label'>截止日期</Text>
          {/* Unset, the wheel starts at the year's end: a typical 外出 spell, and never before today. */}
          <Picker mode='date' value={until ?? `${today.slice(0, 4)}-12-31`} start={today} onChange={(e) => setUntil(e.detail.value)}>
            <View className='mobile-dialog__picker' id='mobile-until'>
              {until ?? '长期（不设截止）'} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
        {until !== null ? (
          <Text className='mobile-dialog__link' id='mobile-until-clear' onClick={() => setUntil(null)}>
            改为长期
          </Text>
        ) : null}
        {error ? (
          <Text className='dialog__error' id='mobile-error'>
            {error}
          </Text>
        ) : null}
        {member.mobile ? (
          <Text className='mobile-dialog__link mobile-dialog__clear' id='mobile-clear' onClick={() => void send(null, '已取消标记')}>
            取消流动党员标记
          </Text>
        ) : null}
        <View className='dialog__actions'>
          <Button className='dialog__btn' id='mobile-cancel' onClick={onClose}>
            取消
          </Button>
          <Button className='dialog__btn dialog__btn--primary' id='mobile-save' loading={busy || undefined} disabled={busy || undefined} onClick={save}>
            保存
          </Button>
        </View>
      </View>
    </View>
  )
}
