/** The dashboard's headline: the satisfaction rate once there are enough answers, in plain words. */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { GetStatsOutput } from '../../../api/survey'
import { formatRate } from '../../../utils/format'

/** Below this many answers a percentage says more about chance than about the window. */
const MIN_SAMPLE = 30

const pct = (x: number) => `${Math.round(x * 100)} %`

export function Headline({ stats }: { stats: GetStatsOutput }) {
  const [explain, setExplain] = useState(false)
  const enough = stats.total >= MIN_SAMPLE && stats.rate !== null
  return (
    <View className='dash-headline'>
      {enough ? (
        <Text className='dash-headline__rate' id='survey-rate'>
          {formatRate(stats.rate)}
        </Text>
      ) : (
        <Text className='dash-headline__few' id='survey-rate'>
          {stats.total ? `样本较少（${stats.total} 份）` : '暂无评价'}
        </Text>
      )}
      <Text className='dash-headline__label'>{enough ? '满意度（非常满意 + 满意）' : `满 ${MIN_SAMPLE} 份评价后显示满意度`}</Text>
      <Text className='dash-headline__text' id='survey-headline'>
        {stats.total ? `好评 ${stats.satisfied} 次，共 ${stats.total} 份` : '所选时段还没有评价'}
        {stats.total ? <Text className='dash-headline__more' id='survey-explain-toggle' onClick={() => setExplain(!explain)}>{explain ? ' 收起' : ' 说明'}</Text> : null}
      </Text>
      {explain && stats.total ? (
        <Text className='dash-headline__explain' id='survey-explain'>
          {stats.interval
            ? `按 ${stats.total} 份估计，真实满意度大致在 ${pct(stats.interval.low)}–${pct(stats.interval.high)} 之间。`
            : ''}
          {enough ? '评价越多，这个范围越窄。' : `评价太少时这个范围很宽，满 ${MIN_SAMPLE} 份后再看满意度更可靠。`}
        </Text>
      ) : null}
      <Text className='dash-headline__period'>
        {stats.from} 至 {stats.to}
      </Text>
    </View>
  )
}
