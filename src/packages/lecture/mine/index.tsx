/** 我的学习：学过的微党课（学习中的进度与已完成的日期），点按继续学习。 */
import { useCallback, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { getMemberStudy } from '../../../api/lecture'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatDate } from '../../../utils/format'
import { progressLabel } from '../../../utils/lecture-format'
import { ErrorState, Loading } from '../../../components/page-state'
import '../components/lecture.css'
import './index.css'

type Study = Extract<Awaited<ReturnType<typeof getMemberStudy>>, { ok: true }>['data']
type PageState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: Study }

export default function MyStudyPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const res = await getMemberStudy()
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', data: res.data } : { status: 'error', message: res.error.message })
  }, [])

  useDidShow(() => {
    void load()
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='mine-study-error' message={state.message} onRetry={() => void load()} />

  const { items } = state.data
  const done = items.filter((i) => i.state === 'completed').length
  return (
    <View className='page'>
      <View className='mine-head'>
        <Text className='mine-head__num' id='mine-study-done'>
          {done}
        </Text>
        <Text className='mine-head__label'>已完成的微党课</Text>
        <Text className='mine-head__sub'>学习中 {items.length - done} 课 · 完成一课得学习积分（每日有上限）</Text>
      </View>
      <Text className='section-title'>学习记录</Text>
      {items.length === 0 ? (
        <Text className='empty' id='mine-study-empty'>
          还没有学习记录，去「学习」页选一课开始吧
        </Text>
      ) : (
        <View className='cells' id='mine-study-list'>
          {items.map((i) => (
            <View key={i.lectureId} className='cell cell--link' id={`mine-study-${i.lectureId}`} onClick={() => go(`${ROUTES.lectureDetail}?id=${i.lectureId}`)}>
              <View className='cell__body'>
                <Text className='cell__title'>{i.title}</Text>
                <Text className='cell__desc'>
                  {i.columnName}
                  {i.completedAt ? ` · ${formatDate(i.completedAt)} 完成` : ''}
                </Text>
              </View>
              <Text className={`lec-state lec-state--${i.state}`}>{progressLabel(i)}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
