/** 我的：姓名、支部、角色、加入日期；未加入时引导使用邀请码；开发模式下可切换调试身份。 */
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { ErrorView, LoadingView } from '../../components/page-state'
import { useDidShow } from '@tarojs/taro'
import { getDevOpenid, isDevMode } from '../../api/dev-identity'
import type { GetMeOutput } from '../../api/member'
import { useMe } from '../../hooks/use-me'
import { ROUTES } from '../../routes'
import { go } from '../../utils/feedback'
import { formatDate, roleLabel } from '../../utils/format'
import './index.css'

function Profile({ me }: { me: GetMeOutput }) {
  const member = me.member
  const name = member?.name ?? (me.identified ? '微信用户' : '未登录')
  // 党委管理员属于党委而不属于某个支部
  const admin = me.role === 'admin'
  return (
    <View>
      <View className='hero'>
        <View className='me-head'>
          <Text className='me-avatar'>{member ? name.slice(0, 1) : '访'}</Text>
          <View>
            <Text className='hero__title'>{name}</Text>
            <Text className='hero__sub'>{admin ? (me.org?.name ?? '') : member ? (me.branch?.name ?? '') : '尚未加入党支部'}</Text>
          </View>
        </View>
      </View>

      <Text className='section-title'>我的信息</Text>
      <View className='cells'>
        <View className='cell'>
          <Text className='cell__body'>姓名</Text>
          <Text className='cell__value' id='me-name'>
            {member?.name ?? '未登记'}
          </Text>
        </View>
        {admin ? (
          <View className='cell'>
            <Text className='cell__body'>所在党委</Text>
            <Text className='cell__value' id='me-org'>
              {me.org?.name ?? '—'}
            </Text>
          </View>
        ) : (
          <View className='cell'>
            <Text className='cell__body'>所在支部</Text>
            <Text className='cell__value' id='me-branch'>
              {me.branch?.name ?? '未加入'}
            </Text>
          </View>
        )}
        <View className='cell'>
          <Text className='cell__body'>角色</Text>
          <Text className='cell__value' id='me-role'>
            {roleLabel(me.role)}
          </Text>
        </View>
        <View className='cell'>
          <Text className='cell__body'>加入日期</Text>
          <Text className='cell__value' id='me-joined'>
            {formatDate(member?.joinedAt)}
          </Text>
        </View>
      </View>

      {member && member.branchId ? (
        <View>
          <Text className='section-title'>组织生活</Text>
          <View className='cells'>
            <View className='cell cell--link' id='me-my-code' onClick={() => go(ROUTES.activityMyCode)}>
              <Text className='cell__body'>我的签到码</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
            <View className='cell cell--link' id='me-attendance' onClick={() => go(ROUTES.activityMine)}>
              <Text className='cell__body'>我的出勤</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
            <View className='cell cell--link' id='me-points-year' onClick={() => go(ROUTES.pointsMine)}>
              <Text className='cell__body'>我的积分（排名、申报、双承诺）</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </View>
          <Text className='section-title'>微党课</Text>
          <View className='cells'>
            <View className='cell cell--link' id='me-study' onClick={() => go(ROUTES.lectureMine)}>
              <Text className='cell__body'>我的学习</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </View>
        </View>
      ) : null}

      {member ? null : (
        <View className='actions'>
          <Button className='btn btn--primary' id='me-join' onClick={() => go(ROUTES.join)}>
            使用邀请码加入支部
          </Button>
          {me.identified ? null : <Text className='me-hint'>请在微信中打开本小程序，以便识别您的身份。</Text>}
        </View>
      )}
    </View>
  )
}

export default function MePage() {
  const { state, reload } = useMe()
  const [devMode, setDevMode] = useState(false)
  const [devOpenid, setDevOpenidState] = useState<string | null>(null)

  useDidShow(() => {
    setDevOpenidState(getDevOpenid())
    void isDevMode().then(setDevMode)
  })

  return (
    <View className='page'>
      {state.status === 'loading' ? (
        <LoadingView />
      ) : state.status === 'error' ? (
        <ErrorView id='me-error' message={state.message} onRetry={reload} />
      ) : (
        <Profile me={state.me} />
      )}

      {devMode ? (
        <View>
          <Text className='section-title'>开发调试</Text>
          <View className='cells'>
            <View className='cell cell--link' id='me-dev-switch' onClick={() => go(ROUTES.devIdentity)}>
              <View className='cell__body'>
                <Text className='cell__title'>切换调试身份</Text>
                <Text className='cell__desc'>当前：{devOpenid ?? '无身份'}</Text>
              </View>
              <Text className='cell__arrow'>›</Text>
            </View>
          </View>
        </View>
      ) : null}
    </View>
  )
}
