/** The dashboard's choice of station, window and period (chips, or two dates for 自定义). */
import { Picker, Text, View } from '@tarojs/components'
import type { StationView } from '../../../api/survey'
import { PERIODS, type Period } from './period'

export interface Filter {
  stationId: string
  windowCode: string
  period: Period
  custom: { from: string; to: string }
}

interface Props {
  filter: Filter
  onChange: (change: Partial<Filter>) => void
  stations: StationView[] | undefined
  today: string
}

function PickerCell({ id, title, value }: { id: string; title: string; value: string }) {
  return (
    <View className='cell cell--link' id={id}>
      <Text className='cell__body'>{title}</Text>
      <Text className='cell__value'>{value}</Text>
      <Text className='cell__arrow'>›</Text>
    </View>
  )
}

export function Filters({ filter, onChange, stations, today }: Props) {
  const { stationId, windowCode, period, custom } = filter
  const station = stations?.find((s) => s.id === stationId) ?? null
  const stationNames = ['全部收费站', ...(stations ?? []).map((s) => s.name)]
  const stationIndex = station ? (stations ?? []).indexOf(station) + 1 : 0
  const windows = station?.windows ?? []
  const windowNames = ['全部窗口', ...windows.map((w) => w.name)]
  const windowIndex = Math.max(0, windows.findIndex((w) => w.code === windowCode) + 1)
  return (
    <View>
      <View className='cells'>
        <Picker
          mode='selector'
          range={stationNames}
          value={stationIndex}
          onChange={(e) => onChange({ stationId: stations?.[Number(e.detail.value) - 1]?.id ?? '', windowCode: '' })}
        >
          <PickerCell id='dash-station' title='收费站' value={station?.name ?? (stationId ? '…' : '全部收费站')} />
        </Picker>
        {station ? (
          <Picker mode='selector' range={windowNames} value={windowIndex} onChange={(e) => onChange({ windowCode: windows[Number(e.detail.value) - 1]?.code ?? '' })}>
            <PickerCell id='dash-window' title='窗口' value={windowNames[windowIndex] ?? ''} />
          </Picker>
        ) : null}
      </View>

      <View className='svm-chips dash-periods'>
        {PERIODS.map((p) => (
          <Text key={p.key} className={`svm-chip${period === p.key ? ' svm-chip--on' : ''}`} id={`dash-period-${p.key}`} onClick={() => onChange({ period: p.key })}>
            {p.label}
          </Text>
        ))}
      </View>
      {period === 'custom' ? (
        <View className='cells dash-custom'>
          <Picker mode='date' value={custom.from} end={today} onChange={(e) => onChange({ custom: { ...custom, from: e.detail.value } })}>
            <PickerCell id='dash-from' title='开始日期' value={custom.from} />
          </Picker>
          <Picker mode='date' value={custom.to} end={today} onChange={(e) => onChange({ custom: { ...custom, to: e.detail.value } })}>
            <PickerCell id='dash-to' title='结束日期' value={custom.to} />
          </Picker>
        </View>
      ) : null}
    </View>
  )
}
