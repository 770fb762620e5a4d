/**
 * 签到二维码（支部书记）：大号二维码每 15 秒轮换，过期的码从不显示；每 5 秒取一次新码并刷新
 * 「已签到 / 应到」人数。签到未开放时可立即开启，也可随时结束签到。页面隐藏时停止刷新；小程序
 * 中保持屏幕常亮。The polling lives in use-sign-in-code.ts.
 */
import { Image, Text, View } from '@tarojs/components'
import { Actions, Button } from '../../../components/ui'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatShortDateTime, formatTimeRange } from '../../../utils/format'
import { hasEnded, windowState } from '../components/activity-labels'
import { copyLink, useSignInCode } from './use-sign-in-code'
import { OnlineCode } from './online-code'
import { PersonalScan } from './personal-scan'
import '../components/activity.css'
import './index.css'

export default function SignInScreenPage() {
  const { activityId, activity, phase, code, notice, now, busy, changeMode } = useSignInCode()
  const showCode = code !== null && now < code.validUntil
  const countdown = code ? Math.max(0, Math.ceil((code.refreshAt - now) / 1000)) : 0
  const ended = activity ? hasEnded(activity, now) : false
  const win = activity ? windowState(activity, now) : null
  // 书记扫个人码: no activity code on the screen (the server refuses it anyway), the door scanner instead.
  const personal = activity?.codeMode === 'personal'

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
        ) : personal ? (
          <View>
            <PersonalScan activityId={activityId} />
            {code ? (
              <Text className='signin-count' id='signin-count'>
                已签到 <Text className='signin-count__num'>{code.signedCount}</Text> / 应到 {code.expectedCount}
              </Text>
            ) : null}
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

      {phase.kind === 'open' ? <OnlineCode activityId={activityId} /> : null}

      <Actions>
        {phase.kind === 'open' ? (
          <Button kind='plain' id='signin-close' loading={busy} onClick={() => void changeMode('closed')}>
            结束签到
          </Button>
        ) : null}
        {phase.kind === 'not_open' && activity && !ended && activity.status !== 'cancelled' ? (
          <Button id='signin-open-now' loading={busy} onClick={() => void changeMode('open')}>
            立即开启签到
          </Button>
        ) : null}
        <View className='signin-links'>
          <Text className='link' id='signin-attendance' onClick={() => go(`${ROUTES.activityAttendance}?id=${activityId}`)}>
            查看考勤名单
          </Text>
        </View>
      </Actions>
    </View>
  )
}
