/**
 * 转发签到迹象：同一设备，或会场之外的同一网络地址，在一枚签到码的有效期内为多人签到；开启地点
 * 签到的活动中，未提供位置的签到与离其他签到者明显较远的签到（位置异常）。书记逐人
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
  place: '未提供位置，或距活动地点明显远于其他签到者',
}

const TAG: Record<RelaySignal['kind'], string> = { device: '同一设备', network: '同一网络地址', place: '位置异常' }

/** 「距活动地点 120 米」 / 「未提供位置」 (place signals only). */
export function distanceText(distanceM: number | null): string {
  return distanceM === null ? '未提供位置' : `距活动地点 ${Math.round(distanceM)} 米`
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
            <Tag tone='warn'>{TAG[s.kind]}</Tag>
            <Text className='relay-group__why'>
              {s.kind === 'place'
                ? `${WHY[s.kind]}：${s.members.length} 人`
                : `${WHY[s.kind]}：${s.members.length} 人，${formatTime(s.from)} 起 ${seconds(s.from, s.to)} 秒内`}
            </Text>
          </View>
          {s.members.map((m) => (
            <View key={m.id} className='relay-member' id={`relay-member-${m.id}`}>
              <View className='relay-member__body'>
                <Text className='relay-member__name'>{m.name || '（已离开支部）'}</Text>
                <Text className='relay-member__time'>
                  {formatTime(m.signedAt)} 扫码签到{s.kind === 'place' && m.distanceM !== undefined ? `，${distanceText(m.distanceM)}` : ''}
                </Text>
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
