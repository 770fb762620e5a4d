/**
 * 推送到群（支部书记 / 党委管理员）：填写群名（默认「<支部>全体群」）和可选的截止日期，生成带推送编号
 * 的链接。H5 显示完整网址、复制按钮和二维码；小程序用「分享到群」按钮转发卡片（页面的
 * useShareAppMessage 使用推送路径）。每次打开表单一个请求号：连点两次只生成一个推送。
 */
import { useState } from 'react'
import { Button, Image, Input, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { CreatePushOutput } from '../../../api/lecture'
import { h5Origin, isH5, isWeapp } from '../../../env'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnDateValue, isoFromCn } from '../../../utils/format'
import { qrDataUri } from '../../../utils/qr'
import { newRequestId } from '../../../utils/request-id'
import { api } from '../../../api'

/** The link members open: absolute in a browser; in the mini-program only when an H5 site is set. */
function absoluteUrl(push: CreatePushOutput): string | null {
  if (isH5 && typeof window !== 'undefined') return `${window.location.origin}${push.path}`
  if (h5Origin) return `${h5Origin}${push.path}`
  return /^https?:\/\//.test(push.url) ? push.url : null
}

export function PushPanel({ lectureId, branchName, onPushed }: { lectureId: string; branchName: string | null; onPushed: (push: CreatePushOutput) => void }) {
  const [open, setOpen] = useState(false)
  const [label, setLabel] = useState(branchName ? `${branchName}全体群` : '')
  const [deadline, setDeadline] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [requestId, setRequestId] = useState(newRequestId)
  const [result, setResult] = useState<{ push: CreatePushOutput; url: string | null; qr: string | null } | null>(null)

  const submit = async () => {
    if (busy) return
    const name = label.trim()
    if (name.length < 2 || name.length > 30) {
      setError('请填写推送到的群名（2–30 个字），如「第四党支部全体群」')
      return
    }
    // 截止日期当天 23:59（北京时间）
    const deadlineIso = deadline ? isoFromCn(deadline, '23:59') : null
    setError('')
    setBusy(true)
    const res = await api.lecture.createPush({ lectureId, label: name, requestId, ...(deadlineIso ? { deadline: deadlineIso } : {}) })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message)
      toast(res.error.message)
      return
    }
    const url = absoluteUrl(res.data)
    setResult({ push: res.data, url, qr: url ? qrDataUri(url) : null })
    onPushed(res.data)
    toastSuccess('已生成推送链接')
  }

  const copy = () => {
    if (!result) return
    const text = result.url ?? result.push.path
    Taro.setClipboardData({ data: text })
      .then(() => toastSuccess('已复制链接'))
      .catch(() => toast('复制失败，请稍后重试'))
  }

  const again = () => {
    setResult(null)
    setRequestId(newRequestId())
  }

  if (!open) {
    return (
      <Button className='btn btn--primary' id='lecture-push' onClick={() => setOpen(true)}>
        推送到群
      </Button>
    )
  }

  if (result) {
    return (
      <View className='push-box' id='push-result'>
        <Text className='push-box__title'>已生成「{label.trim()}」的推送链接</Text>
        <Text className='push-box__hint'>党员通过此链接打开学习，学习情况中会标注「来自推送」。</Text>
        {result.qr ? <Image className='push-qr' id='push-qr' src={result.qr} mode='scaleToFill' /> : null}
        <View className='push-box__actions'>
          {isWeapp ? (
            <Button className='btn btn--primary' id='push-share' openType='share'>
              分享到微信群
            </Button>
          ) : null}
          {/* The link carries the push's id: kept off the screen, copied with one tap. */}
          <Button className='btn btn--plain' id='push-copy' data-url={result.url ?? result.push.path} onClick={copy}>
            复制链接
          </Button>
          <Text className='link push-box__again' onClick={again}>
            再推送到其他群
          </Text>
        </View>
      </View>
    )
  }

  return (
    <View className='push-box' id='push-form'>
      <Text className='push-box__title'>推送到群</Text>
      <View className='form push-form'>
        <View className='form-item'>
          <Text className='form-item__label'>群名</Text>
          <Input
            className='form-item__control'
            {...inputId('push-label')}
            type='text'
            value={label}
            maxlength={30}
            placeholder='如：第四党支部全体群'
            onInput={(e) => setLabel(e.detail.value)}
          />
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>截止日期</Text>
          <Picker className='form-item__picker' mode='date' value={deadline || cnDateValue(Date.now())} start={cnDateValue(Date.now())} onChange={(e) => setDeadline(e.detail.value)}>
            <View id='push-deadline'>
              {deadline ? `${deadline} 截止` : '不设截止（选填）'} <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
          {deadline ? (
            <Text className='link push-form__clear' onClick={() => setDeadline('')}>
              清除
            </Text>
          ) : null}
        </View>
      </View>
      {error ? (
        <Text className='form-error' id='push-error'>
          {error}
        </Text>
      ) : null}
      <View className='push-box__actions'>
        <Button className='btn btn--primary' id='push-create' loading={busy || undefined} disabled={busy || undefined} onClick={() => void submit()}>
          生成推送链接
        </Button>
        <Text className='link push-box__again' onClick={() => setOpen(false)}>
          取消
        </Text>
      </View>
    </View>
  )
}
