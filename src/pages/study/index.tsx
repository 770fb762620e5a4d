/**
 * 学习：微党课。顶部是栏目切换（全部 + 五个栏目），下面是课程卡片：类型、期号、讲师、时长和本人的
 * 学习进度（来自服务端）。课程按页读取（每页 20 门，触底或点「加载更多」接着读），切换栏目只读该栏目的
 * 第一页。支部书记和党委管理员可进入课程管理与讲师评价。主包页面：只用类型，不引入 zod 契约。
 */
import { useState } from 'react'
import { Button, Image, ScrollView, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { api } from '../../api'
import { ErrorState, Loading, LoadingView } from '../../components/page-state'
import { ResultPage } from '../../components/ui'
import type { LectureSummary } from '../../api/lecture'
import { useLecturePages } from '../../hooks/use-lecture-pages'
import { useMe } from '../../hooks/use-me'
import { useQuery } from '../../hooks/use-query'
import { ROUTES } from '../../routes'
import { go } from '../../utils/feedback'
import { KIND_LABEL, durationLabel, progressLabel } from '../../utils/lecture-format'
import './index.css'

const ALL = 'all'

function LectureCard({ lecture }: { lecture: LectureSummary }) {
  const state = lecture.progress?.state ?? 'none'
  const meta = [lecture.lecturer, durationLabel(lecture.kind, lecture.durationSec), lecture.hasQuiz ? '含测验' : ''].filter(Boolean).join(' · ')
  return (
    <View className='lec-card' id={`lecture-card-${lecture.id}`} onClick={() => go(`${ROUTES.lectureDetail}?id=${lecture.id}`)}>
      <View className='lec-card__main'>
        <View className='lec-card__head'>
          <Text className={`lec-kind lec-kind--${lecture.kind}`}>{KIND_LABEL[lecture.kind]}</Text>
          <Text className='lec-card__issue'>
            {lecture.issueNo ? `第${lecture.issueNo}期 · ` : ''}
            {lecture.columnName}
          </Text>
        </View>
        <Text className='lec-card__title'>{lecture.title}</Text>
        <Text className='lec-card__meta'>{meta}</Text>
        <View className='lec-card__foot'>
          <Text className={`lec-state lec-state--${state}`} id={`lecture-state-${lecture.id}`}>
            {progressLabel(lecture.progress)}
          </Text>
        </View>
      </View>
      {lecture.coverUrl ? <Image className='lec-card__cover' src={lecture.coverUrl} mode='aspectFill' lazyLoad /> : null}
    </View>
  )
}

export default function StudyPage() {
  const { state: meState, reload: reloadMe } = useMe()
  const me = meState.status === 'ready' ? meState.me : null
  const member = !!me?.member && me.role !== 'public'
  const [column, setColumn] = useState<string>(ALL)
  const cols = useQuery(member ? () => api.lecture.listColumns() : null, [member], { refreshOnShow: true })
  const columns = cols.data?.columns
  // A column that was hidden since it was picked falls back to 全部.
  const current = column === ALL || !columns || columns.some((c) => c.id === column) ? column : ALL
  // Each time the tab shows: progress changes after studying a lecture.
  const { query, more, loadingMore } = useLecturePages(member ? (current === ALL ? {} : { columnId: current }) : null, { refreshOnShow: true })

  useReachBottom(() => void more())
  usePullDownRefresh(() => {
    void Promise.all([cols.reload(), query.reload()]).finally(() => Taro.stopPullDownRefresh())
  })

  if (meState.status === 'loading') return <Loading />
  if (meState.status === 'error') return <ErrorState id='study-error' message={meState.message} code={meState.code} onRetry={reloadMe} />
  if (!member) {
    return (
      <ResultPage
        icon='info'
        title='微党课面向支部党员'
        message='加入党支部后即可学习并获得学习积分'
        messageId='study-guest'
        primary={{ id: 'study-join', label: '使用邀请码加入支部', onClick: () => go(ROUTES.join) }}
      />
    )
  }
  const failed = cols.state.status === 'error' ? cols.state : query.state.status === 'error' ? query.state : null
  if (failed) return <ErrorState id='study-error' message={failed.message} code={failed.code} onRetry={() => void Promise.all([cols.reload(), query.reload()])} />
  if (!columns) return <Loading />

  const manager = me?.role === 'secretary' || me?.role === 'admin'
  const tabs = [{ id: ALL, name: '全部' }, ...columns]
  const data = query.data

  return (
    <View className='page'>
      {/* The fade at the right edge says there are more columns to swipe to. */}
      <View className='study-cols-wrap'>
        <ScrollView className='study-cols' scrollX enhanced showScrollbar={false}>
          <View className='study-cols__inner'>
            {tabs.map((c) => (
              <Text
                key={c.id}
                className={c.id === current ? 'study-col study-col--active' : 'study-col'}
                id={`study-col-${c.id}`}
                onClick={() => setColumn(c.id)}
              >
                {c.name}
              </Text>
            ))}
          </View>
        </ScrollView>
      </View>

      <View className='study-bar'>
        <Text className='study-bar__count' id='study-summary'>
          {data?.total != null ? `共 ${data.total} 课 · 已完成 ${data.completed ?? 0} 课` : ''}
        </Text>
        <View className='study-bar__links'>
          <Text className='link' id='study-mine' onClick={() => go(ROUTES.lectureMine)}>
            我的学习
          </Text>
          {manager ? (
            <Text className='link' id='study-lecturers' onClick={() => go(ROUTES.lectureLecturers)}>
              讲师评价
            </Text>
          ) : null}
          {manager ? (
            <Text className='link' id='study-manage' onClick={() => go(ROUTES.lectureManage)}>
              课程管理
            </Text>
          ) : null}
        </View>
      </View>

      {!data ? (
        <LoadingView />
      ) : data.lectures.length === 0 ? (
        <Text className='study-empty' id='study-empty'>
          {current === ALL ? (manager ? '还没有发布的课程，可在「课程管理」中新建' : '还没有发布的课程') : '这个栏目还没有课程'}
        </Text>
      ) : (
        <View className='lec-list' id='study-list'>
          {data.lectures.map((l) => (
            <LectureCard key={l.id} lecture={l} />
          ))}
        </View>
      )}
      {data?.next ? (
        <View className='study-more'>
          <Button className='btn btn--plain' id='study-more' loading={loadingMore} disabled={loadingMore} onClick={() => void more()}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  )
}
