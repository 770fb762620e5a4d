/**
 * 我的签到码（党员）：活动设为「书记扫个人码」时，党员在门口出示本页，由书记的手机扫码签到。
 * 二维码与下方 8 位校验码每 15 秒更换（书记无法扫码时可读出校验码手输），到点自动换码，页面再次
 * 显示时立即换码；过期的码从不显示。码里没有姓名，截图或转发到群里的码 30 秒内即失效。
 */
import { useCallback, useRef, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { ErrorState } from '../../../components/page-state'
import { qrDataUri } from '../../../utils/qr'
import { stepTiming } from '../components/step-timing'
import { useRotatingCode } from '../components/use-rotating-code'
import './index.css'

interface Shown {
  code: string
  text: string
  qr: string
  /** Local time of the server's next step (estimated from refreshAt) */
  refreshAt: number
  /** Local time after which the code may no longer be accepted: never show it past this */
  validUntil: number
}

type Phase = { kind: 'loading' } | { kind: 'ready' } | { kind: 'fatal'; message: string; code: string }

/** Errors after which fetching again cannot help. */
const FATAL = new Set(['FORBIDDEN', 'MEMBER.NOT_MEMBER', 'UNAUTHENTICATED'])

type CodeResult = Awaited<ReturnType<typeof api.activity.getMyPersonalCode>>

const request = () => api.activity.getMyPersonalCode()

export default function MyCodePage() {
  const [shown, setShown] = useState<Shown | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [notice, setNotice] = useState('')
  const late = useRef(false)

  const apply = useCallback((res: CodeResult, at: number): number | null => {
    if (res.ok) {
      // When to fetch again and how long to show it (./components/step-timing.ts).
      const timing = stepTiming(res.data.refreshAt, at, late.current)
      late.current = timing.late
      setShown((prev) => ({
        code: res.data.code,
        text: res.data.text,
        qr: prev?.code === res.data.code ? prev.qr : qrDataUri(res.data.code),
        refreshAt: timing.refreshAt,
        validUntil: timing.validUntil,
      }))
      setPhase({ kind: 'ready' })
      setNotice('')
      return timing.fetchIn
    }
    if (FATAL.has(res.error.code)) {
      setShown(null)
      const message = res.error.code === 'FORBIDDEN' ? '个人签到码供支部党员参加活动时使用，党委管理员没有个人签到码' : res.error.message
      setPhase({ kind: 'fatal', message, code: res.error.code })
      return null
    }
    // A network hiccup: keep the current code while it is still valid (the ticker hides it after).
    setNotice(res.error.message)
    return 3000
  }, [])

  // Fetched while the page shows (the loop: ../components/use-rotating-code.ts).
  const { now } = useRotatingCode({ request, apply })

  if (phase.kind === 'fatal') return <ErrorState id='mycode-error' message={phase.message} code={phase.code} />

  const live = shown !== null && now < shown.validUntil
  const countdown = shown ? Math.max(0, Math.ceil((shown.refreshAt - now) / 1000)) : 0

  return (
    <View className='mycode-page'>
      <View className='mycode-head'>
        <Text className='mycode-title'>请出示给书记扫码签到</Text>
        <Text className='mycode-sub'>用于签到方式为「书记扫个人码」的活动</Text>
      </View>
      <View className='mycode-card'>
        {live && shown ? (
          <View>
            <Image className='mycode-qr' id='mycode-qr' src={shown.qr} mode='scaleToFill' />
            <Text className='mycode-text' id='mycode-text' data-code={shown.text.replace(' ', '')}>
              {shown.text}
            </Text>
            <Text className='mycode-countdown' id='mycode-countdown'>
              每 15 秒更换，{countdown} 秒后自动更新
            </Text>
          </View>
        ) : (
          <View className='mycode-placeholder'>{phase.kind === 'loading' ? '正在获取签到码…' : '正在更新签到码…'}</View>
        )}
        {notice ? <Text className='mycode-notice'>{notice}</Text> : null}
      </View>
      <Text className='mycode-hint'>
        书记无法扫码时，可读出二维码下方的 8 位字符由书记输入。签到码只在本人手机上有效，截图或转发的码很快失效，请勿发给他人。
      </Text>
    </View>
  )
}
