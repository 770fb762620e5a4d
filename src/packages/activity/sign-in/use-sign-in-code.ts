/**
 * The sign-in screen's live code: fetches a new code at least every 5 s while the page shows (and,
 * in a browser, while the tab is visible), never keeps a code past its validity, stops on an error
 * that fetching again cannot mend (the loop itself: ../components/use-rotating-code.ts); opens and
 * closes sign-in.
 */
import { useCallback, useRef, useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { api } from '../../../api'
import type { ActivityView } from '../../../api/activity'
import { h5Origin, isH5 } from '../../../env'
import { ROUTES } from '../../../routes'
import { confirmDanger, toast, toastSuccess } from '../../../utils/feedback'
import { qrDataUri } from '../../../utils/qr'
import { stepTiming } from '../components/step-timing'
import { useRotatingCode } from '../components/use-rotating-code'

/** Fetch at least this often, so the count stays live. */
const POLL_MS = 5_000

export interface Code {
  url: string
  qr: string
  signedCount: number
  expectedCount: number
  /** Local time at which the server rotates the code (estimated from refreshAt) */
  refreshAt: number
  /** Local time after which the code may no longer be accepted: never show it past this */
  validUntil: number
}

export type Phase = { kind: 'loading' } | { kind: 'open' } | { kind: 'not_open' } | { kind: 'fatal'; message: string }

type CodeResult = Awaited<ReturnType<typeof api.activity.getSignInCode>>

/** Errors after which fetching again cannot help. */
const FATAL = new Set(['ACTIVITY.CANCELLED', 'ACTIVITY.NOT_FOUND', 'FORBIDDEN', 'MEMBER.NOT_MEMBER', 'UNAUTHENTICATED'])

/** What the QR encodes: the check-in page's absolute URL, so a phone camera can open it too. */
function absoluteUrl(path: string): string {
  if (isH5 && typeof window !== 'undefined') return `${window.location.origin}${path}`
  return h5Origin ? `${h5Origin}${path}` : path
}

export function copyLink(url: string): void {
  Taro.setClipboardData({ data: url })
    .then(() => toastSuccess('签到链接已复制'))
    .catch(() => toast('复制失败，请让党员扫码签到'))
}

export function useSignInCode() {
  const router = useRouter()
  const activityId = router.params.id ?? ''
  const [activity, setActivity] = useState<ActivityView | null>(null)
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' })
  const [code, setCode] = useState<Code | null>(null)
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)
  const late = useRef(false)

  const request = useCallback(() => (activityId ? api.activity.getSignInCode({ activityId }) : null), [activityId])

  const apply = useCallback((res: CodeResult, at: number): number | null => {
    if (res.ok) {
      const url = absoluteUrl(res.data.path)
      // When the code turns and how long to show it (../components/step-timing.ts).
      const timing = stepTiming(res.data.refreshAt, at, late.current)
      late.current = timing.late
      setCode((prev) => ({
        url,
        qr: prev?.url === url ? prev.qr : qrDataUri(url),
        signedCount: res.data.signedCount,
        expectedCount: res.data.expectedCount,
        refreshAt: timing.refreshAt,
        validUntil: timing.validUntil,
      }))
      setPhase({ kind: 'open' })
      setNotice('')
      return Math.min(POLL_MS, timing.fetchIn)
    }
    if (res.error.code === 'ACTIVITY.NOT_OPEN') {
      setCode(null)
      setPhase({ kind: 'not_open' })
      setNotice('')
      return POLL_MS
    }
    if (FATAL.has(res.error.code)) {
      setCode(null)
      setPhase({ kind: 'fatal', message: res.error.message })
      return null
    }
    // A network hiccup: keep the current code while it is still valid (the ticker hides it after).
    setNotice(res.error.message)
    return POLL_MS
  }, [])

  const loadActivity = useCallback(async () => {
    if (!activityId) return
    const res = await api.activity.getActivity({ activityId })
    if (res.ok) setActivity(res.data.activity)
    else if (FATAL.has(res.error.code) || res.error.code === 'ACTIVITY.OTHER_BRANCH') setPhase({ kind: 'fatal', message: res.error.message })
  }, [activityId])

  const onStart = useCallback(() => {
    if (!activityId) {
      setPhase({ kind: 'fatal', message: '活动不存在或已删除' })
      return false
    }
    void loadActivity()
  }, [activityId, loadActivity])

  const { now, refresh } = useRotatingCode({ request, apply, onStart })

  useShareAppMessage(() => ({
    title: activity?.title ?? '组织生活',
    path: activityId ? `${ROUTES.activityDetail}?id=${activityId}` : ROUTES.activityList,
  }))

  const changeMode = async (mode: 'open' | 'closed') => {
    if (busy) return
    if (mode === 'closed') {
      if (!(await confirmDanger('结束签到', '结束后党员将无法再扫码签到，未到的党员可由书记在考勤中补录。', '结束签到'))) return
    }
    setBusy(true)
    const res = await api.activity.setSignInMode({ activityId, mode })
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
    void refresh()
  }

  return { activityId, activity, phase, code, notice, now, busy, changeMode }
}
