/** One ledger entry as a row: its category, reason, date (and what the caller adds), the signed amount. */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { POINTS_CATEGORY_LABEL } from '../../../../contracts/points.contract'
import type { GetMyPointsOutput } from '../../../api/points'
import { Tag } from '../../../components/ui'
import { formatDate, formatSigned } from '../../../utils/format'

export function EntryRow({ entry, detail, children }: { entry: GetMyPointsOutput['entries'][number]; detail: string; children?: ReactNode }) {
  return (
    <View className='cell'>
      <View className='cell__body'>
        <Text className='cell__title pts-title'>
          <Tag tone={entry.amount < 0 ? 'soon' : 'brand'}>{POINTS_CATEGORY_LABEL[entry.category]}</Tag>
          {entry.reason}
        </Text>
        <Text className='cell__desc'>
          {formatDate(entry.at)}
          {detail}
        </Text>
        {children}
      </View>
      <Text className={entry.amount < 0 ? 'pts-amount pts-amount--minus' : 'pts-amount'}>{formatSigned(entry.amount)}</Text>
    </View>
  )
}
