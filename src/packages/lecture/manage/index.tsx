/**
 * 课程管理（支部书记 / 党委管理员）：全部课程（含草稿和已归档，最新创建的在前，每页 20 门，「加载更多」
 * 接着读）及其状态，新建课程；每门课可查看、编辑，已发布的可查看学习情况。
 */
import { Button, Text, View } from '@tarojs/components'
import type { LectureSummary } from '../../../api/lecture'
import { useLecturePages } from '../../../hooks/use-lecture-pages'
import { useMe } from '../../../hooks/use-me'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatDate } from '../../../utils/format'
import { KIND_LABEL, STATUS_LABEL, durationLabel } from '../../../utils/lecture-format'
import { ErrorState, Loading } from '../../../components/page-state'
import '../components/lecture.css'
import './index.css'

/**
 * 一门课程的卡片。类名自成一套（mng-）：H5 里各页样式全局生效，学习页的 .lec-card 是横向排版，
 * 先进过学习页再进本页时会把本页卡片挤成一列一两个字。操作单独一行、等分，不会折行。
 */
function ManageCard({ lecture }: { lecture: LectureSummary }) {
  // preview=1: the secretary opens it to push or check it, not to study it.
  const open = () => go(`${ROUTES.lectureDetail}?id=${lecture.id}&preview=1`)
  return (
    <View className='mng-card' id={`manage-card-${lecture.id}`}>
      <View className='mng-card__body' onClick={open}>
        <View className='mng-card__head'>
          <Text className={`lec-kind lec-kind--${lecture.kind}`}>{KIND_LABEL[lecture.kind]}</Text>
          <Text className='mng-card__issue' id={`manage-issue-${lecture.id}`}>
            {lecture.columnName}
            {lecture.issueNo ? ` · 第${lecture.issueNo}期` : ''}
          </Text>
          <Text className={`lec-status lec-status--${lecture.status}`} id={`manage-status-${lecture.id}`}>
            {STATUS_LABEL[lecture.status]}
          </Text>
        </View>
        <Text className='mng-card__title'>{lecture.title}</Text>
        <Text className='mng-card__meta'>
          {lecture.lecturer} · {durationLabel(lecture.kind, lecture.durationSec)}
          {lecture.hasQuiz ? ' · 含测验' : ''}
          {lecture.publishedAt ? ` · ${formatDate(lecture.publishedAt)} 发布` : ''}
        </Text>
      </View>
      <View className='mng-card__actions'>
        {lecture.status === 'published' ? (
          <View className='mng-card__action' id={`manage-report-${lecture.id}`} onClick={() => go(`${ROUTES.lectureReport}?id=${lecture.id}`)}>
            <Text>学习情况</Text>
          </View>
        ) : null}
        <View className='mng-card__action' id={`manage-edit-${lecture.id}`} onClick={() => go(`${ROUTES.lectureEdit}?id=${lecture.id}`)}>
          <Text>编辑</Text>
        </View>
        <View className='mng-card__action' id={`manage-open-${lecture.id}`} onClick={open}>
          <Text>查看</Text>
        </View>
      </View>
    </View>
  )
}

export default function LectureManagePage() {
  const { state: meState, reload: reloadMe } = useMe()
  const me = meState.status === 'ready' ? meState.me : null
  const manager = me?.role === 'secretary' || me?.role === 'admin'
  const { query, more, loadingMore } = useLecturePages(manager ? { includeUnpublished: true } : null, { refreshOnShow: true })
  usePullRefresh(query.reload)

  if (meState.status === 'error') return <ErrorState id='manage-error' message={meState.message} code={meState.code} onRetry={reloadMe} />
  if (me && !manager) return <ErrorState id='manage-error' message='仅支部书记和党委管理员可以管理课程' />
  if (query.state.status === 'error') return <ErrorState id='manage-error' message={query.state.message} code={query.state.code} onRetry={() => void query.reload()} />
  const data = query.data
  if (!data) return <Loading />

  return (
    <View className='page'>
      <View className='manage-top'>
        <Text className='manage-top__count' id='manage-count'>
          共 {data.total ?? data.lectures.length} 门课程
        </Text>
        <Button className='btn btn--primary btn--small' id='lecture-new' onClick={() => go(ROUTES.lectureEdit)}>
          ＋ 新建课程
        </Button>
      </View>
      {data.lectures.length === 0 ? (
        <Text className='empty' id='manage-empty'>
          还没有课程，点击「新建课程」发布第一期微党课
        </Text>
      ) : (
        <View className='mng-list' id='manage-list'>
          {data.lectures.map((l) => (
            <ManageCard key={l.id} lecture={l} />
          ))}
        </View>
      )}
      {data.next ? (
        <View className='manage-more'>
          <Button className='btn btn--plain' id='manage-more' loading={loadingMore} disabled={loadingMore} onClick={() => void more()}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  )
}
