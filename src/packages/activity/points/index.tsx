/** 我的积分（党员）：本年度积分合计与每一笔记录（原因、分值、日期）；更正以冲销记录体现，从不改写。 */
import { useCallback, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { api } from '../../../api'
import type { GetMyPointsOutput } from '../../../api/points'
import { formatDate, formatSigned } from '../../../utils/format'
import { ErrorState, Loading } from '../../../components/page-state'
import '../components/activity.css'
import './index.css'

type PageState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: GetMyPointsOutput }

export default function MyPointsPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const res = await api.points.getMyPoints()
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', data: res.data } : { status: 'error', message: res.error.message })
  }, [])

  useDidShow(() => {
    void load()
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='points-error' message={state.message} onRetry={() => void load()} />

  const { data } = state
  return (
    <View className='page'>
      <View className='headline'>
        <Text className='headline__label'>{data.year}年度积分</Text>
        <Text className='headline__num' id='points-total'>
          {data.total}
        </Text>
        <Text className='headline__sub'>参加组织生活签到等获得，共 {data.entries.length} 笔</Text>
      </View>

      <Text className='section-title'>积分明细</Text>
      {data.entries.length === 0 ? (
        <Text className='empty' id='points-empty'>
          本年度还没有积分记录，参加组织生活并扫码签到即可获得积分
        </Text>
      ) : (
        <View className='cells' id='points-list'>
          {data.entries.map((e) => (
            <View key={e.id} className='cell' id={`points-${e.id}`}>
              <View className='cell__body'>
                <Text className='points-reason'>{e.reason}</Text>
                <Text className='cell__desc'>{formatDate(e.at)}</Text>
              </View>
              <Text className={e.amount < 0 ? 'points-amount points-amount--minus' : 'points-amount'}>{formatSigned(e.amount)}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
