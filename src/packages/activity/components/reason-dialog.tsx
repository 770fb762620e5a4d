/**
 * A small dialog that asks for a reason (取消活动、补录、撤销补录). `Taro.showModal` cannot take
 * text in H5, so this one form serves both platforms; the server's Chinese message shows inside.
 */
import { useEffect, useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { inputId } from '../../../utils/element-id'

export interface ReasonDialogProps {
  /** 标题，如「补录签到：李明华」 */
  title: string
  /** 说明文字（可选） */
  hint?: string
  /** @default '请填写原因' */
  placeholder?: string
  /** @default '确定' */
  confirmText?: string
  /** Resolves with an error message to show, or null when done (the dialog then closes). */
  onConfirm: (reason: string) => Promise<string | null>
  onClose: () => void
}

const MIN = 2
const MAX = 200

export function ReasonDialog({ title, hint, placeholder = '请填写原因', confirmText = '确定', onConfirm, onClose }: ReasonDialogProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  // A new question starts empty.
  useEffect(() => {
    setReason('')
    setError('')
  }, [title])

  const confirm = async () => {
    if (busy) return
    const text = reason.trim()
    if (text.length < MIN) {
      setError(`请填写原因（至少 ${MIN} 个字）`)
      return
    }
    setBusy(true)
    const message = await onConfirm(text)
    setBusy(false)
    if (message) setError(message)
    else onClose()
  }

  return (
    <View className='dialog-mask' catchMove>
      <View className='dialog' id='reason-dialog'>
        <Text className='dialog__title'>{title}</Text>
        {hint ? <Text className='dialog__hint'>{hint}</Text> : null}
        <Textarea
          className='dialog__input'
          {...inputId('reason-input')}
          value={reason}
          maxlength={MAX}
          placeholder={placeholder}
          fixed
          onInput={(e) => setReason(e.detail.value)}
        />
        {error ? (
          <Text className='dialog__error' id='reason-error'>
            {error}
          </Text>
        ) : null}
        <View className='dialog__actions'>
          <Button className='dialog__btn' id='reason-cancel' onClick={onClose}>
            取消
          </Button>
          <Button className='dialog__btn dialog__btn--primary' id='reason-confirm' loading={busy || undefined} disabled={busy || undefined} onClick={confirm}>
            {confirmText}
          </Button>
        </View>
      </View>
    </View>
  )
}
