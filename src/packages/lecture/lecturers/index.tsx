/** 讲师评价（支部书记 / 党委管理员）：每位讲师的课程数、收到的评价数和平均星级，按平均分排序。 */
import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { ErrorState, Loading } from '../../../components/page-state'
import { useQuery } from '../../../hooks/use-query'
import '../components/lecture.css'
import './index.css'

function stars(avg: number): string {
  const full = Math.round(avg)
  return '★'.repeat(full) + '☆'.repeat(Math.max(0, 5 - full))
}

export default function LecturersPage() {
  const query = useQuery(() => api.lecture.lecturerRatings(), [], { refreshOnShow: true })
  const { state } = query

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='lecturers-error' message={state.message} code={state.code} onRetry={() => void query.reload()} />

  const { lecturers } = state.data
  return (
    <View className='page'>
      <Text className='notice'>平均分来自党员对课程的评价（1–5 星），每人每课一票，可修改。</Text>
      <Text className='section-title'>讲师</Text>
      {lecturers.length === 0 ? (
        <Text className='empty'>还没有课程</Text>
      ) : (
        <View className='cells' id='lecturers-list'>
          {lecturers.map((l) => (
            <View key={l.lecturer} className='cell' id={`lecturer-${l.lecturer}`}>
              <View className='cell__body'>
                <Text className='cell__title'>{l.lecturer}</Text>
                <Text className='cell__desc'>
                  课程 {l.lectures} 门 · 评价 {l.ratings} 条
                </Text>
              </View>
              {l.average === null ? (
                <Text className='lecturer-none'>暂无评价</Text>
              ) : (
                <View className='lecturer-score'>
                  <Text className='lecturer-score__num'>{l.average.toFixed(1)}</Text>
                  <Text className='lecturer-score__stars'>{stars(l.average)}</Text>
                </View>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
