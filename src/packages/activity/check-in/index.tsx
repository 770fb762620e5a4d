/**
 * 扫码签到结果（党员）：签到二维码打开本页，页面读取 `t`（或小程序扫普通链接二维码时的 `q`）
 * 并只签到一次，显示「签到成功」与所得积分，重复扫码显示「您已签到」，出错时显示原因。
 * 转发本页只会转发组织生活列表，签到码不会被带出。
 *
 * 地点签到：活动开启地点核验时，签到码带 `l=1`，本页先取位置（WGS-84）再签到——一次签到请求，
 * 未开启的活动不取位置（不弹授权框）。码里没有提示（旧链接）时，服务端答 LOCATION_REQUIRED 后
 * 再取位置重试：签到按（活动, 党员）只记一次，重试不会重复。超出范围显示服务端给出的距离；
 * 拒绝授权时说明如何开启（小程序「去设置」）。
 *
 * 每种结果都是 UI 套件的结果页（ResultPage），主按钮是能成功的那一步：超出范围「到达现场后重新定位」，
 * 个人码签到的活动「出示我的签到码」，网络或服务故障「重新签到」，码无效或过期「重新扫码」（小程序），
 * 其余只「返回首页」。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Text } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { api } from '../../../api'
import type { SignInOutput } from '../../../api/activity'
import { errorAction } from '../../../components/page-state'
import { ResultPage } from '../../../components/ui'
import { isWeapp } from '../../../env'
import { ROUTES } from '../../../routes'
import { go, toast } from '../../../utils/feedback'
import { formatShortDateTime } from '../../../utils/format'
import { placeHintFrom, placeHintFromText, signInTokenFrom } from '../../../utils/launch-query'
import { getPosition, openLocationSetting, signInLocation, type LocationResult } from '../../../utils/location'
import { tokenFromText } from '../components/activity-labels'
import './index.css'

type Result =
  | { status: 'working' }
  | { status: 'locating' }
  /** signed in; unlocated: the activity checks the place, no location could be sent, and the sign-in is flagged */
  | { status: 'done'; data: SignInOutput; unlocated: boolean }
  | { status: 'join' }
  /** the activity needs the location and none could be had: why, and how to allow it */
  | { status: 'location'; reason: 'denied' | 'off' | 'failed'; message: string }
  | { status: 'error'; message: string; code?: string }

export default function CheckInPage() {
  const router = useRouter()
  const [result, setResult] = useState<Result>({ status: 'working' })
  // The token already submitted: a re-run of the effect (React may run it twice) sends nothing.
  const submitted = useRef<string | null>(null)
  // The token being signed in with: 重新定位 and 去设置 try it again.
  const current = useRef<string | null>(null)
  // Whether that code said the activity checks the place: 重新签到 after a fault does as the code says.
  const currentHint = useRef(false)

  const run = useCallback(async (token: string | null, locateFirst: boolean) => {
    if (!token) {
      setResult({ status: 'error', message: '签到码无效，请扫描书记手机上正在显示的二维码', code: 'ACTIVITY.TOKEN_INVALID' })
      return
    }
    if (submitted.current === token) return
    submitted.current = token
    current.current = token
    currentHint.current = locateFirst
    const locate = async () => {
      setResult({ status: 'locating' })
      const found = await getPosition()
      setResult({ status: 'working' })
      return found
    }
    // The code says the activity checks the place: locate first, so one signIn does (a member the
    // server would flag for a missing location is not flagged because the page did not ask).
    let located: LocationResult | null = locateFirst ? await locate() : null
    if (!located) setResult({ status: 'working' })
    const send = (l: LocationResult | null) => api.activity.signIn({ token, ...(l?.ok ? { location: signInLocation(l.position) } : {}) })
    // No getMe first: signIn itself answers MEMBER.NOT_MEMBER for someone who has not joined.
    let res = await send(located)
    if (!res.ok && res.error.code === 'ACTIVITY.LOCATION_REQUIRED' && !located) {
      // A code without the hint (an older link): the server says this activity needs the location.
      located = await locate()
      if (located.ok) res = await send(located)
    }
    if (res.ok) setResult({ status: 'done', data: res.data, unlocated: located !== null && !located.ok && !res.data.alreadySignedIn })
    else if (res.error.code === 'MEMBER.NOT_MEMBER') setResult({ status: 'join' })
    else if (res.error.code === 'ACTIVITY.LOCATION_REQUIRED' && located && !located.ok) setResult({ status: 'location', reason: located.reason, message: located.message })
    else setResult({ status: 'error', message: res.error.message, code: res.error.code })
  }, [])

  useEffect(() => {
    void run(signInTokenFrom(router.params), placeHintFrom(router.params))
  }, [router.params, run])

  /** 重新定位: the same code again, locating first (it may have expired meanwhile: the server says so). */
  const relocate = () => {
    submitted.current = null
    void run(current.current, true)
  }

  /** 重新签到 after a network or server fault: the same code, as it was first sent. */
  const retry = () => {
    submitted.current = null
    void run(current.current, currentHint.current)
  }

  /** 去设置 (weapp, from the tap): back with the location allowed, try again at once. */
  const openSetting = async () => {
    if (await openLocationSetting()) relocate()
  }

  useShareAppMessage(() => ({ title: '组织生活', path: ROUTES.activityList }))

  const rescan = async () => {
    let text: string
    try {
      text = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      return
    }
    const token = tokenFromText(text)
    if (!token) {
      toast('这不是签到二维码，请扫描书记手机上显示的二维码')
      return
    }
    submitted.current = null
    void run(token, placeHintFromText(text))
  }

  const home = () => go(ROUTES.home)

  const homeAction = { id: 'checkin-home', label: '返回首页', onClick: home }

  if (result.status === 'working' || result.status === 'locating') {
    const locating = result.status === 'locating'
    return (
      <ResultPage
        icon='waiting'
        title={locating ? '正在获取位置…' : '正在签到…'}
        titleId={locating ? 'checkin-locating' : 'checkin-working'}
        message={locating ? '本次活动需要核验签到地点' : undefined}
      />
    )
  }

  if (result.status === 'location') {
    return (
      <ResultPage
        title='本次活动需要核验签到地点，未能获取您的位置'
        titleId='checkin-result'
        message={result.message}
        messageId='checkin-location-help'
        primary={
          isWeapp && result.reason === 'denied'
            ? { id: 'checkin-open-setting', label: '去设置', onClick: () => void openSetting() }
            : { id: 'checkin-relocate', label: '重新定位', onClick: relocate }
        }
        plain={[homeAction]}
        tips='位置只用于核对您是否在活动现场，不会用于其他用途。'
      />
    )
  }

  if (result.status === 'join') {
    return (
      <ResultPage
        title='您还不是支部党员，请先加入党支部再签到'
        titleId='checkin-result'
        primary={{ id: 'checkin-join', label: '使用邀请码加入支部', onClick: () => go(ROUTES.join) }}
        plain={[homeAction]}
      />
    )
  }

  if (result.status === 'error') {
    const action = errorAction(result.code)
    const primary =
      result.code === 'ACTIVITY.OUT_OF_RANGE'
        ? // The member may have walked in meanwhile: locate again with the same code.
          { id: 'checkin-relocate', label: '到达现场后重新定位', onClick: relocate }
        : result.code === 'ACTIVITY.PERSONAL_MODE'
          ? // 书记扫个人码: scanning the activity's code again cannot help; the member's own code can.
            { id: 'checkin-my-code', label: '出示我的签到码', onClick: () => go(ROUTES.activityMyCode) }
          : action === 'retry' && current.current
            ? // A network or server fault: the same code again (a sign-in is recorded once).
              { id: 'checkin-retry', label: '重新签到', onClick: retry }
            : action === 'rescan' && isWeapp
              ? { id: 'checkin-rescan', label: '重新扫码', onClick: () => void rescan() }
              : null
    return (
      <ResultPage
        title={result.message}
        titleId='checkin-result'
        primary={primary ?? homeAction}
        plain={primary ? [homeAction] : undefined}
      />
    )
  }

  const { data } = result
  return (
    <ResultPage
      icon='success'
      title={data.alreadySignedIn ? '您已签到' : '签到成功'}
      titleId='checkin-result'
      message={`${data.activity.kindLabel} · ${data.activity.title}`}
      messageId='checkin-activity'
      primary={{ id: 'checkin-detail', label: '查看活动', onClick: () => go(`${ROUTES.activityDetail}?id=${data.activity.id}`) }}
      plain={[homeAction]}
      tips={`签到时间 ${formatShortDateTime(data.signedAt)}`}
    >
      {data.points > 0 ? (
        <Text className='checkin-points' id='checkin-points'>
          +{data.points} 积分
        </Text>
      ) : null}
      {result.unlocated ? (
        <Text className='notice checkin-help' id='checkin-unlocated'>
          未能获取您的位置，本次签到已标记「未提供位置」，支部书记可能向您核实。
        </Text>
      ) : null}
    </ResultPage>
  )
}
