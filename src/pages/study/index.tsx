/**
 * 学习：微党课。顶部是栏目切换（全部 + 五个栏目），下面是课程卡片：类型、期号、讲师、时长和本人的
 * 学习进度（来自服务端）。支部书记和党委管理员可进入课程管理与讲师评价。主包页面：只用类型，不引入
 * zod 契约。
 */
import { useCallback, useRef, useState } from 'react'
import { Button, Image, ScrollView, Text, View } from '@tarojs/components'
import { api } from '../../api'
import { ErrorState, Loading } from '../../components/page-state'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { ColumnView, LectureSummary } from '../../api/lecture'
import type { GetMeOutput } from '../../api/member'
import { ROUTES } from '../../routes'
import { go } from '../../utils/feedback'
import { KIND_LABEL, durationLabel, progressLabel } from '../../utils/lecture-format'
import './index.css'

type PageState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'guest'; me: GetMeOutput }
  | { status: 'ready'; me: GetMeOutput; columns: ColumnView[]; lectures: LectureSummary[] }

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
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [column, setColumn] = useState<string>(ALL)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const meRes = await api.member.getMe()
    if (ticket !== latest.current) return
    if (!meRes.ok) return setState({ status: 'error', message: meRes.error.message })
    const me = meRes.data
    if (!me.member || me.role === 'public') return setState({ status: 'guest', me })
    const [colRes, lecRes] = await Promise.all([api.lecture.listColumns(), api.lecture.listLectures()])
    if (ticket !== latest.current) return
    if (!colRes.ok) return setState({ status: 'error', message: colRes.error.message })
    if (!lecRes.ok) return setState({ status: 'error', message: lecRes.error.message })
    setState({ status: 'ready', me, columns: colRes.data.columns, lectures: lecRes.data.lectures })
  }, [])

  // Each time the tab shows: progress changes after studying a lecture.
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='study-error' message={state.message} onRetry={() => void load()} />
  if (state.status === 'guest') {
    return (
      <View className='page'>
        <View className='state'>
          <Text className='state__text' id='study-guest'>
            微党课面向支部党员。加入党支部后即可学习并获得学习积分。
          </Text>
          <Button className='btn btn--primary' id='study-join' onClick={() => go(ROUTES.join)}>
            使用邀请码加入支部
          </Button>
        </View>
      </View>
    )
  }

  const { me, columns, lectures } = state
  const manager = me.role === 'secretary' || me.role === 'admin'
  // A column that was hidden since it was picked falls back to 全部.
  const current = column === ALL || columns.some((c) => c.id === column) ? column : ALL
  const shown = current === ALL ? lectures : lectures.filter((l) => l.columnId === current)
  const tabs = [{ id: ALL, name: '全部' }, ...columns]
  const done = lectures.filter((l) => l.progress?.state === 'completed').length

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
          共 {lectures.length} 课 · 已完成 {done} 课
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

      {shown.length === 0 ? (
        <Text className='study-empty' id='study-empty'>
          {current === ALL ? (manager ? '还没有发布的课程，可在「课程管理」中新建' : '还没有发布的课程') : '这个栏目还没有课程'}
        </Text>
      ) : (
        <View className='lec-list' id='study-list'>
          {shown.map((l) => (
            <LectureCard key={l.id} lecture={l} />
          ))}
        </View>
      )}
    </View>
  )
}
