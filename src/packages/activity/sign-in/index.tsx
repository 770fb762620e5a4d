/**
 * 签到二维码（支部书记）：大号二维码每 15 秒轮换，过期的码从不显示；每 5 秒取一次新码并刷新
 * 「已签到 / 应到」人数。签到未开放时可立即开启，也可随时结束签到。页面隐藏时停止刷新；小程序
 * 中保持屏幕常亮。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { getActivity, getSignInCode, setSignInMode, type ActivityView } from '../../../api/activity'
import { h5Origin, isH5, isWeapp } from '../../../env'
import { ROUTES } from '../../../routes'
import { go, toast, toastSuccess } from '../../../utils/feedback'
import { formatShortDateTime, formatTimeRange } from '../../../utils/format'
import { qrDataUri } from '../../../utils/qr'
import { hasEnded, windowState } from '../components/activity-labels'
import '../components/activity.css'
import './index.css'

/** A code's time slot on the server; one code is accepted during its slot and the next. */
const STEP_MS = 15_000
/** Fetch at least this often, so the count stays live. */
const POLL_MS = 5_000

interface Code {
  url: string
  qr: string
  signedCount: number
  expectedCount: number
  /** Local time at which the server rotates the code (estimated from refreshAt) */
  refreshAt: number
  /** Local time after which the code may no longer be accepted: never show it past this */
  validUntil: number
}

type Phase = { kind: 'loading' } | { kind: 'open' } | { kind: 'not_open' } | { kind: 'fatal'; message: string }

/** Errors after which fetching again cannot help. */
const FATAL = new Set(['ACTIVITY.CANCELLED', 'ACTIVITY.NOT_FOUND', 'FORBIDDEN', 'MEMBER.NOT_MEMBER', 'UNAUTHENTICATED'])

/** What the QR encodes: the check-in page's absolute URL, so a phone camera can open it too. */
function absoluteUrl(path: string): string {
  if (isH5 && typeof window !== 'undefined') return `${window.location.origin}${path}`
  return h5Origin ? `${h5Origin}${path}` : path
}

/** Best effort: some platforms reject the call, some throw or return no promise; the QR works without it. */
function keepScreenOn(on: boolean): void {
  if (!isWeapp) return
  try {
    void Promise.resolve(Taro.setKeepScreenOn({ keepScreenOn: on })).catch(() => undefined)
  } catch {
    // Not available here: the screen may dim, nothing else changes.
  }
}

function copyLink(url: string): void {
  Taro.setClipboardData({ data: url })
    .then(() => toastSuccess('签到链接已复制'))
    .catch(() => toast('复制失败，请让党员扫码签到'))
}

export default function SignInScreenPage() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const [activity, setActivity] = useState<ActivityView | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [code, setCode] = useState<Code | null>(null)
  const [notice, setNotice] = useState('')
  const [now, setNow] = useState(() => Date.now())
  const [busy, setBusy] = useState(false)

  const active = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null)
  const tickets = useRef(0)

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  const fetchCode = useCallback(async (): Promise<void> => {
    clearTimer()
    if (!active.current || !activityId) return
    const ticket = ++tickets.current
    const res = await getSignInCode({ activityId })
    if (!active.current || ticket !== tickets.current) return
    const at = Date.now()
    const schedule = (ms: number) => {
      clearTimer()
      timer.current = setTimeout(() => void fetchCode(), ms)
    }
    if (res.ok) {
      const url = absoluteUrl(res.data.path)
      // Time to the server's rotation, trusted only when it is plausible (device clocks drift).
      const untilRefresh = Date.parse(res.data.refreshAt) - at
      const refreshIn = untilRefresh > 0 && untilRefresh <= STEP_MS ? untilRefresh : null
      setCode((prev) => ({
        url,
        qr: prev?.url === url ? prev.qr : qrDataUri(url),
        signedCount: res.data.signedCount,
        expectedCount: res.data.expectedCount,
        refreshAt: at + (refreshIn ?? STEP_MS),
        // The server took this code within its slot, so it is accepted for at least one more slot.
        validUntil: at + STEP_MS,
      }))
      setPhase({ kind: 'open' })
      setNotice('')
      schedule(refreshIn !== null ? Math.min(POLL_MS, refreshIn + 300) : POLL_MS)
      return
    }
    if (res.error.code === 'ACTIVITY.NOT_OPEN') {
      setCode(null)
      setPhase({ kind: 'not_open' })
      setNotice('')
      schedule(POLL_MS)
      return
    }
    if (FATAL.has(res.error.code)) {
      setCode(null)
      setPhase({ kind: 'fatal', message: res.error.message })
      return
    }
    // A network hiccup: keep the current code while it is still valid (the ticker hides it after).
    setNotice(res.error.message)
    schedule(POLL_MS)
  }, [activityId])

  const loadActivity = useCallback(async () => {
    if (!activityId) return
    const res = await getActivity({ activityId })
    if (res.ok) setActivity(res.data.activity)
    else if (FATAL.has(res.error.code) || res.error.code === 'ACTIVITY.OTHER_BRANCH') setPhase({ kind: 'fatal', message: res.error.message })
  }, [activityId])

  const stop = useCallback(() => {
    active.current = false
    tickets.current++
    clearTimer()
    if (ticker.current) clearInterval(ticker.current)
    ticker.current = null
    keepScreenOn(false)
  }, [])

  const start = useCallback(() => {
    if (!activityId) {
      setPhase({ kind: 'fatal', message: '活动不存在或已删除' })
      return
    }
    active.current = true
    keepScreenOn(true)
    setNow(Date.now())
    if (!ticker.current) ticker.current = setInterval(() => setNow(Date.now()), 1000)
    void loadActivity()
    void fetchCode()
  }, [activityId, fetchCode, loadActivity])

  const shown = useRef(false)
  useDidShow(() => {
    shown.current = true
    start()
  })
  useDidHide(() => {
    shown.current = false
    stop()
  })
  useEffect(() => stop, [stop])

  // In a browser, a hidden tab (screen locked, another app) stops polling too; it resumes on return.
  useEffect(() => {
    if (!isH5 || typeof document === 'undefined') return
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') stop()
      else if (shown.current && !active.current) start()
    }
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [start, stop])

  useShareAppMessage(() => ({
    title: activity?.title ?? '组织生活',
    path: activityId ? `${ROUTES.activityDetail}?id=${activityId}` : ROUTES.activityList,
  }))

  const changeMode = async (mode: 'open' | 'closed') => {
    if (busy) return
    if (mode === 'closed') {
      const answer = await Taro.showModal({
        title: '结束签到',
        content: '结束后党员将无法再扫码签到，未到的党员可由书记在考勤中补录。',
        confirmText: '结束签到',
        confirmColor: '#C8161D',
      }).catch(() => ({ confirm: false }))
      if (!answer.confirm) return
    }
    setBusy(true)
    const res = await setSignInMode({ activityId, mode })
    setBusy(false)
    if (!res.ok) {
      toast(res.error.message)
      return
    }
    setActivity(res.data.activity)
    toastSuccess(mode === 'open' ? '已开启签到' : '已结束签到')
    if (mode === 'closed') {
      setCode(null)
      setPhase({ kind: 'not_open' })
    }
    void fetchCode()
  }

  const showCode = code !== null && now < code.validUntil
  const countdown = code ? Math.max(0, Math.ceil((code.refreshAt - now) / 1000)) : 0
  const ended = activity ? hasEnded(activity, now) : false
  const win = activity ? windowState(activity, now) : null

  return (
    <View className='signin-page'>
      <View className='signin-head'>
        <Text className='signin-title' id='signin-title'>
          {activity?.title ?? ' '}
        </Text>
        <Text className='signin-time'>{activity ? formatTimeRange(activity.startAt, activity.endAt, now) : ' '}</Text>
      </View>

      <View className='signin-card'>
        {phase.kind === 'loading' ? (
          <View className='signin-qr-placeholder'>正在获取签到二维码…</View>
        ) : phase.kind === 'fatal' ? (
          <View className='signin-closed'>
            <Text className='signin-closed__title' id='signin-error'>
              {phase.message}
            </Text>
          </View>
        ) : phase.kind === 'not_open' ? (
          <View className='signin-closed'>
            <Text className='signin-closed__title' id='signin-not-open'>
              {win === 'ended' ? '活动已结束' : win === 'closed' ? '签到已结束' : '签到未开放'}
            </Text>
            <Text className='signin-closed__desc'>
              {win === 'ended' || win === 'cancelled'
                ? '签到已关闭，未到的党员可在考勤中补录'
                : win === 'closed'
                  ? '如需继续签到，可重新开启'
                  : activity
                    ? `${formatShortDateTime(activity.signIn.opensAt, now)}（开始前 30 分钟）自动开放`
                    : '活动开始前 30 分钟自动开放'}
            </Text>
          </View>
        ) : (
          <View>
            {showCode && code ? (
              <Image className='signin-qr' id='signin-qr' src={code.qr} mode='scaleToFill' />
            ) : (
              <View className='signin-qr-placeholder'>正在更新二维码…</View>
            )}
            <Text className='signin-countdown' id='signin-countdown'>
              二维码每 15 秒更换，{countdown} 秒后自动更新
            </Text>
            {code ? (
              <Text className='signin-count' id='signin-count'>
                已签到 <Text className='signin-count__num'>{code.signedCount}</Text> / 应到 {code.expectedCount}
              </Text>
            ) : null}
            {showCode && code ? (
              // No address on the screen (it carries the sign-in token): 复制签到链接 for whoever cannot scan.
              <Text className='link signin-copy' id='signin-copy' data-url={code.url} onClick={() => copyLink(code.url)}>
                复制签到链接（二维码更换后失效）
              </Text>
            ) : null}
          </View>
        )}
        {notice ? <Text className='signin-notice'>{notice}</Text> : null}
      </View>

      <View className='actions'>
        {phase.kind === 'open' ? (
          <Button className='btn btn--plain' id='signin-close' loading={busy || undefined} disabled={busy || undefined} onClick={() => void changeMode('closed')}>
            结束签到
          </Button>
        ) : null}
        {phase.kind === 'not_open' && activity && !ended && activity.status !== 'cancelled' ? (
          <Button className='btn btn--primary' id='signin-open-now' loading={busy || undefined} disabled={busy || undefined} onClick={() => void changeMode('open')}>
            立即开启签到
          </Button>
        ) : null}
        <View className='signin-links'>
          <Text className='link' id='signin-attendance' onClick={() => go(`${ROUTES.activityAttendance}?id=${activityId}`)}>
            查看考勤名单
          </Text>
        </View>
      </View>
    </View>
  )
}
