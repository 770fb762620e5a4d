/**
 * 扫码签到结果（党员）：签到二维码打开本页，页面读取 `t`（或小程序扫普通链接二维码时的 `q`）
 * 并只签到一次，显示「签到成功」与所得积分，重复扫码显示「您已签到」，出错时显示原因。
 * 转发本页只会转发组织生活列表，签到码不会被带出。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { api } from '../../../api'
import type { SignInOutput } from '../../../api/activity'
import { isWeapp } from '../../../env'
import { ROUTES } from '../../../routes'
import { go, toast } from '../../../utils/feedback'
import { formatShortDateTime } from '../../../utils/format'
import { signInTokenFrom } from '../../../utils/launch-query'
import { tokenFromText } from '../components/activity-labels'
import './index.css'

type Result =
  | { status: 'working' }
  | { status: 'done'; data: SignInOutput }
  | { status: 'join' }
  | { status: 'error'; message: string; code?: string }


export default function CheckInPage() {
  const router = useRouter()
  const [result, setResult] = useState<Result>({ status: 'working' })
  // The token already submitted: a re-run of the effect (React may run it twice) sends nothing.
  const submitted = useRef<string | null>(null)

  const run = useCallback(async (token: string | null) => {
    if (!token) {
      setResult({ status: 'error', message: '签到码无效，请扫描书记手机上正在显示的二维码' })
      return
    }
    if (submitted.current === token) return
    submitted.current = token
    setResult({ status: 'working' })
    // No getMe first: signIn itself answers MEMBER.NOT_MEMBER for someone who has not joined.
    const res = await api.activity.signIn({ token })
    if (res.ok) setResult({ status: 'done', data: res.data })
    else if (res.error.code === 'MEMBER.NOT_MEMBER') setResult({ status: 'join' })
    else setResult({ status: 'error', message: res.error.message, code: res.error.code })
  }, [])

  useEffect(() => {
    void run(signInTokenFrom(router.params))
  }, [router.params, run])

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
    void run(token)
  }

  const home = () => go(ROUTES.home)

  if (result.status === 'working') {
    return (
      <View className='page checkin'>
        <View className='checkin-icon checkin-icon--busy' />
        <Text className='checkin-result' id='checkin-working'>
          正在签到…
        </Text>
      </View>
    )
  }

  if (result.status === 'join') {
    return (
      <View className='page checkin'>
        <View className='checkin-icon checkin-icon--warn'>
          <Text className='checkin-icon__mark'>!</Text>
        </View>
        <Text className='checkin-result checkin-result--error' id='checkin-result'>
          您还不是支部党员，请先加入党支部再签到
        </Text>
        <View className='checkin-actions'>
          <Button className='btn btn--primary' id='checkin-join' onClick={() => go(ROUTES.join)}>
            使用邀请码加入支部
          </Button>
          <Button className='btn btn--plain' id='checkin-home' onClick={home}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }

  if (result.status === 'error') {
    return (
      <View className='page checkin'>
        <View className='checkin-icon checkin-icon--warn'>
          <Text className='checkin-icon__mark'>!</Text>
        </View>
        <Text className='checkin-result checkin-result--error' id='checkin-result'>
          {result.message}
        </Text>
        <View className='checkin-actions'>
          {result.code === 'ACTIVITY.PERSONAL_MODE' ? (
            // 书记扫个人码: scanning the activity's code again cannot help; the member's own code can.
            <Button className='btn btn--primary' id='checkin-my-code' onClick={() => go(ROUTES.activityMyCode)}>
              出示我的签到码
            </Button>
          ) : isWeapp ? (
            <Button className='btn btn--primary' id='checkin-rescan' onClick={() => void rescan()}>
              重新扫码
            </Button>
          ) : null}
          <Button className='btn btn--plain' id='checkin-home' onClick={home}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }

  const { data } = result
  return (
    <View className='page checkin'>
      <View className='checkin-icon'>
        <View className='checkin-icon__tick' />
      </View>
      <Text className='checkin-result' id='checkin-result'>
        {data.alreadySignedIn ? '您已签到' : '签到成功'}
      </Text>
      <Text className='checkin-activity' id='checkin-activity'>
        {data.activity.kindLabel} · {data.activity.title}
      </Text>
      {data.points > 0 ? (
        <Text className='checkin-points' id='checkin-points'>
          +{data.points} 积分
        </Text>
      ) : null}
      <Text className='checkin-meta'>签到时间 {formatShortDateTime(data.signedAt)}</Text>
      <View className='checkin-actions'>
        <Button className='btn btn--primary' id='checkin-detail' onClick={() => go(`${ROUTES.activityDetail}?id=${data.activity.id}`)}>
          查看活动
        </Button>
        <Button className='btn btn--plain' id='checkin-home' onClick={home}>
          返回首页
        </Button>
      </View>
    </View>
  )
}
