/** 我的出勤（党员）：本年度出勤率与每次活动的出勤状态，点按可查看活动。 */
import { Text, View } from '@tarojs/components'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useQuery } from '../../../hooks/use-query'
import { api } from '../../../api'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { cnYearNow, formatRate, formatTimeRange } from '../../../utils/format'
import { stateClass } from '../components/activity-labels'
import { ErrorState, Loading } from '../../../components/page-state'
import '../components/activity.css'
import './index.css'

export default function MyAttendancePage() {
  const query = useQuery(() => api.activity.myAttendance({ year: cnYearNow() }), [], { refreshOnShow: true })
  usePullRefresh(query.reload)

  const state = query.state
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='mine-error' message={state.message} code={state.code} onRetry={() => void query.reload()} />

  const { data } = state
  const now = Date.now()
  const count = (s: string) => data.items.filter((i) => i.state === s).length
  const ongoing = data.items.filter((i) => i.state === 'pending' && Date.parse(i.activity.startAt) <= now && Date.parse(i.activity.endAt) > now).length
  return (
    <View className='page'>
      <View className='headline'>
        <Text className='headline__label'>{data.year}年我的出勤率</Text>
        <Text className='headline__num' id='mine-rate'>
          {formatRate(data.summary.rate)}
        </Text>
        <Text className='headline__sub' id='mine-summary'>
          出勤 {data.summary.attended} 次 · 请假 {count('leave')} 次 · 缺席 {count('absent')} 次
        </Text>
        <Text className='headline__sub mine-rule' id='mine-rule'>
          {data.summary.expected
            ? `出勤率按 ${data.summary.expected} 场计算：已结束的活动和已签到的活动`
            : '活动结束或签到后计入出勤率'}
          {ongoing ? `；进行中未签到 ${ongoing} 场，结束后计入` : ''}
        </Text>
      </View>

      <Text className='section-title'>本年度活动</Text>
      {data.items.length === 0 ? (
        <Text className='empty' id='mine-empty'>
          本年度还没有需要参加的活动
        </Text>
      ) : (
        <View className='cells' id='mine-list'>
          {data.items.map((item) => (
            <View
              key={item.activity.id}
              className='cell cell--link mine-item'
              id={`mine-${item.activity.id}`}
              onClick={() => go(`${ROUTES.activityDetail}?id=${item.activity.id}`)}
            >
              <View className='cell__body'>
                <Text className='mine-item__title'>{item.activity.title}</Text>
                <Text className='mine-item__desc'>
                  {item.activity.kindLabel} · {formatTimeRange(item.activity.startAt, item.activity.endAt)}
                </Text>
              </View>
              {item.state === 'pending' && Date.parse(item.activity.startAt) > now ? (
                <Text className='att-badge att-badge--not_started'>未开始</Text>
              ) : (
                <Text className={stateClass(item.state)}>{item.stateLabel}</Text>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
