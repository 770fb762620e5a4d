/**
 * 转发签到迹象：同一设备，或会场之外的同一网络地址，在一枚签到码的有效期内为多人签到。书记逐人
 * 核查：确认保留（标为已核实），或撤销签到（扣回积分、计入缺席）；两者都须填写说明并留痕。
 */
import { Text, View } from '@tarojs/components'
import type { ListRelaySignalsOutput, RelaySignal } from '../../../api/activity'
import { Button, Tag } from '../../../components/ui'
import { formatTime } from '../../../utils/format'

export type RelayAsk = { decision: 'confirm' | 'revoke'; memberId: string; name: string } | null

const WHY: Record<RelaySignal['kind'], string> = {
  device: '同一设备为多人签到',
  network: '同一网络地址（非会场）短时间内为多人签到',
}

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000))

export function RelayPanel({ data, onAsk }: { data: ListRelaySignalsOutput; onAsk: (ask: RelayAsk) => void }) {
  if (!data.signals.length) {
    return (
      <View className='relay-none' id='relay-none'>
        <Text>
          未发现转发签到迹象（扫码 {data.scans} 人次{data.marked < data.scans ? `，其中 ${data.scans - data.marked} 人次较早签到无设备记录` : ''}）
        </Text>
      </View>
    )
  }
  return (
    <View id='relay-signals'>
      {data.signals.map((s, i) => (
        <View key={`${s.kind}-${s.from}-${i}`} className='relay-group' id={`relay-group-${i}`}>
          <View className='relay-group__head'>
            <Tag tone='warn'>{s.kind === 'device' ? '同一设备' : '同一网络地址'}</Tag>
            <Text className='relay-group__why'>
              {WHY[s.kind]}：{s.members.length} 人，{formatTime(s.from)} 起 {seconds(s.from, s.to)} 秒内
            </Text>
          </View>
          {s.members.map((m) => (
            <View key={m.id} className='relay-member' id={`relay-member-${m.id}`}>
              <View className='relay-member__body'>
                <Text className='relay-member__name'>{m.name || '（已离开支部）'}</Text>
                <Text className='relay-member__time'>{formatTime(m.signedAt)} 扫码签到</Text>
              </View>
              {m.reviewed ? (
                <Tag tone='ok'>已核实</Tag>
              ) : (
                <View className='relay-member__actions'>
                  <Button small kind='plain' id={`relay-confirm-${m.id}`} onClick={() => onAsk({ decision: 'confirm', memberId: m.id, name: m.name })}>
                    确认本人
                  </Button>
                  <Button small id={`relay-revoke-${m.id}`} onClick={() => onAsk({ decision: 'revoke', memberId: m.id, name: m.name })}>
                    撤销签到
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
