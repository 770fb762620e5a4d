/** The invite just made: the code, its limits, and ways to pass it on (share card, link and QR, copy). */
import { useMemo } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import type { CreateInviteOutput } from '../../../api/member'
import { Button } from '../../../components/ui'
import { isH5, isWeapp } from '../../../env'
import { ROUTES } from '../../../routes'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatDateTime } from '../../../utils/format'
import { qrDataUri } from '../../../utils/qr'

function copyText(data: string, done: string, failed: string) {
  Taro.setClipboardData({ data })
    .then(() => toastSuccess(done))
    .catch(() => toast(failed))
}

/** The share card opens the join page with the code filled in: nothing to type by hand. */
export function useInviteShare(invite: CreateInviteOutput | null, branchName: string) {
  useShareAppMessage(() => ({
    title: invite ? `邀请您加入${branchName || '党支部'}` : '智慧党建',
    path: invite ? `${ROUTES.join}?code=${invite.code}` : ROUTES.home,
  }))
}

export function InviteResult({ invite, branchName }: { invite: CreateInviteOutput; branchName: string }) {
  // H5: a link to the join page with the code, and its QR code, for members without the mini-program card.
  const joinLink = isH5 && typeof window !== 'undefined' ? `${window.location.origin}${ROUTES.join}?code=${invite.code}` : null
  const joinQr = useMemo(() => (joinLink ? qrDataUri(joinLink) : null), [joinLink])
  const copy = () => copyText(invite.code, '已复制', '复制失败，请长按邀请码手动复制')
  const copyLink = () => {
    if (joinLink) copyText(joinLink, '邀请链接已复制，可发到微信群', '复制失败，请稍后重试')
  }
  return (
        <View className='invite-result'>
          <Text className='invite-result__label'>{branchName} 邀请码</Text>
          <Text className='invite-code' id='invite-code' userSelect>
            {invite.code}
          </Text>
          <Text className='invite-result__meta' id='invite-expires'>
            有效期至 {formatDateTime(invite.expiresAt)}，可使用 {invite.maxUses} 次
          </Text>
          {joinQr ? (
            <View className='invite-share'>
              <Image className='invite-share__qr' id='invite-qr' src={joinQr} mode='scaleToFill' />
              <Text className='invite-share__hint'>党员用微信扫码或打开链接，邀请码自动填好，只需填写姓名</Text>
            </View>
          ) : null}
          <View className='invite-result__actions'>
            {isWeapp ? (
              <Button small id='invite-share' openType='share'>
                转发给党员
              </Button>
            ) : null}
            {joinLink ? (
              <Button small id='invite-copy-link' dataUrl={joinLink} onClick={copyLink}>
                复制邀请链接
              </Button>
            ) : null}
            <Button kind='plain' small id='invite-copy' onClick={copy}>
              复制邀请码
            </Button>
          </View>
          {isWeapp ? <Text className='invite-share__hint'>转发后，党员点开卡片即进入加入页，邀请码已填好</Text> : null}
        </View>
  )
}
