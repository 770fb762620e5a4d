/** 我的学习：学过的微党课（学习中的进度与已完成的日期），点按继续学习。 */
import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { ErrorState, Loading } from '../../../components/page-state'
import { Cell, Cells, Empty, Section } from '../../../components/ui'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatDate } from '../../../utils/format'
import { progressLabel } from '../../../utils/lecture-format'
import '../components/lecture.css'
import './index.css'

export default function MyStudyPage() {
  const query = useQuery(() => api.lecture.getMemberStudy(), [], { refreshOnShow: true })
  usePullRefresh(query.reload)

  if (query.state.status === 'loading') return <Loading />
  if (query.state.status === 'error') return <ErrorState id='mine-study-error' message={query.state.message} code={query.state.code} onRetry={() => void query.reload()} />

  const { items } = query.state.data
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
      <Section title='学习记录' />
      {items.length === 0 ? (
        <Empty id='mine-study-empty'>还没有学习记录，去「学习」页选一课开始吧</Empty>
      ) : (
        <Cells id='mine-study-list'>
          {items.map((i) => (
            <Cell
              key={i.lectureId}
              id={`mine-study-${i.lectureId}`}
              title={i.title}
              desc={`${i.columnName}${i.completedAt ? ` · ${formatDate(i.completedAt)} 完成` : ''}`}
              value={<Text className={`lec-state lec-state--${i.state}`}>{progressLabel(i)}</Text>}
              onClick={() => go(`${ROUTES.lectureDetail}?id=${i.lectureId}`)}
            />
          ))}
        </Cells>
      )}
    </View>
  )
}
