/**
 * 会议口令（支部书记，签到开放时）：点按「显示会议口令」取一个 6 位口令，大字显示并倒计时 2 分钟，
 * 供书记在线上会议中读出；流动党员在活动页输入后记为「线上参加」。再次显示生成新口令，旧口令
 * 随即作废。The digits are never kept past their two minutes on this screen.
 */
import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ONLINE_CODE_TTL_SEC } from '../../../../contracts/online.contract'
import { Button } from '../../../components/ui'
import { toast } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import './online-code.css'
import { api } from '../../../api'

export interface OnlineCodeProps {
  activityId: string
}

interface Shown {
  code: string
  /** Local time the code stops being accepted: this phone's receipt + the TTL (the server's clock may differ) */
  until: number
}

/** 123456 → 「123 456」, easier to read out. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`

/** 1:59 */
const clock = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export function OnlineCode({ activityId }: OnlineCodeProps) {
  const [shown, setShown] = useState<Shown | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const [busy, setBusy] = useState(false)
  const live = shown !== null && now < shown.until

  // Tick each second only while a code is on the screen.
  useEffect(() => {
    if (!live) return undefined
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [live])

  const show = async () => {
    if (busy) return
    setBusy(true)
    // A new opening each tap: the server retires the previous code.
    const res = await api.activity.openOnlineCode({ activityId, requestId: newRequestId() })
    setBusy(false)
    if (!res.ok) {
      toast(res.error.message)
      return
    }
    const at = Date.now()
    setNow(at)
    setShown({ code: res.data.code, until: at + ONLINE_CODE_TTL_SEC * 1000 })
  }

  return (
    <View className='online-code' id='online-code'>
      <Text className='online-code__title'>流动党员线上参加</Text>
      {live && shown ? (
        <View>
          <Text className='online-code__digits' id='online-code-digits' data-code={shown.code}>
            {spaced(shown.code)}
          </Text>
          <Text className='online-code__countdown' id='online-code-countdown'>
            {clock(shown.until - now)} 后失效 · 请在线上会议中读出
          </Text>
        </View>
      ) : (
        <Text className='online-code__hint' id='online-code-hint'>
          {shown ? '口令已失效，可重新显示。' : ''}
          显示 6 位会议口令（2 分钟内有效），被标记为流动党员的党员在活动页输入后记为「线上参加」。
        </Text>
      )}
      <Button kind='plain' small id='online-code-show' loading={busy} onClick={() => void show()}>
        {shown ? '重新显示口令' : '显示会议口令'}
      </Button>
    </View>
  )
}
