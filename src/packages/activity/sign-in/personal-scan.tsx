/**
 * 书记扫个人码（活动的签到方式为「书记扫个人码」时，代替轮换的活动签到码）：书记在门口点「扫描党员
 * 签到码」扫党员「我的签到码」页上的二维码（只开相机，不能从相册选图）；扫不了时输入码下方的 8 位
 * 字符点「签到」。每次签到带一个请求号，网络出错后重试同一个码时沿用，服务端只记一次。结果逐条
 * 显示「已签到：姓名」或出错原因。
 */
import { useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { api } from '../../../api'
import { Button } from '../../../components/ui'
import { isWeapp } from '../../../env'
import { inputId } from '../../../utils/element-id'
import { newRequestId } from '../../../utils/request-id'
import './personal-scan.css'

export interface PersonalScanProps {
  activityId: string
  /** After each new sign-in (the page may refresh its count) */
  onSigned?: () => void
}

interface Line {
  key: number
  ok: boolean
  text: string
}

/** Codes a failed call may be retried with under the same request id (the first may have gone through). */
const RETRYABLE = new Set(['NETWORK', 'INTERNAL', 'RATE_LIMITED', 'REQUEST.IN_PROGRESS'])

export function PersonalScan({ activityId, onSigned }: PersonalScanProps) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [lines, setLines] = useState<Line[]>([])
  const seq = useRef(0)
  // The last attempt that may have reached the server: the same code again reuses its request id.
  const pending = useRef<{ code: string; requestId: string } | null>(null)

  const push = (ok: boolean, text: string) => setLines((prev) => [{ key: ++seq.current, ok, text }, ...prev].slice(0, 6))

  const submit = async (raw: string) => {
    const code = raw.trim()
    if (busy) return
    if (!code) {
      push(false, '请输入党员「我的签到码」下方的 8 位字符')
      return
    }
    const requestId = pending.current?.code === code ? pending.current.requestId : newRequestId()
    pending.current = { code, requestId }
    setBusy(true)
    const res = await api.activity.signInByPersonalCode({ activityId, code, requestId })
    setBusy(false)
    if (res.ok) {
      pending.current = null
      setTyped('')
      const { member, alreadySignedIn, points } = res.data
      push(true, alreadySignedIn ? `已签到：${member.name}（此前已签到）` : `已签到：${member.name}${points > 0 ? `，+${points} 积分` : ''}`)
      if (!alreadySignedIn) onSigned?.()
      return
    }
    if (!RETRYABLE.has(res.error.code)) pending.current = null
    push(false, res.error.message)
  }

  const scan = async () => {
    let text: string
    try {
      // Camera only (Taro types/api/device/scan.d.ts): a picture of someone's code cannot be picked from the album.
      text = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      return // 取消了扫码
    }
    await submit(text)
  }

  const last = lines[0]
  return (
    <View className='pscan' id='pscan'>
      <Text className='pscan__title'>书记扫码签到</Text>
      <Text className='pscan__hint'>请党员打开「我的 → 我的签到码」，由您扫码签到。</Text>
      {isWeapp ? (
        <Button id='pscan-scan' loading={busy} onClick={() => void scan()}>
          扫描党员签到码
        </Button>
      ) : null}
      <View className='pscan__typed'>
        <Input
          className='pscan__input'
          {...inputId('pscan-input')}
          value={typed}
          maxlength={12}
          placeholder='无法扫码时输入 8 位字符'
          confirmType='done'
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={() => void submit(typed)}
        />
        <Button kind={isWeapp ? 'plain' : 'primary'} small className='pscan__submit' id='pscan-submit' loading={busy} onClick={() => void submit(typed)}>
          签到
        </Button>
      </View>
      {last ? (
        <Text className={last.ok ? 'pscan__result pscan__result--ok' : 'pscan__result pscan__result--error'} id='pscan-result'>
          {last.text}
        </Text>
      ) : null}
      {lines.length > 1 ? (
        <View className='pscan__log' id='pscan-log'>
          {lines.slice(1).map((l) => (
            <Text key={l.key} className={l.ok ? 'pscan__log-line' : 'pscan__log-line pscan__log-line--error'}>
              {l.text}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  )
}
