/** The study progress under the lecture's head: state, server-counted time, points, what completing takes. */
import { Text, View } from '@tarojs/components'
import type { LectureDetail, ProgressView } from '../../../api/lecture'
import { Button } from '../../../components/ui'
import { formatShortDateTime } from '../../../utils/format'
import { STATUS_LABEL, studiedLabel } from '../../../utils/lecture-format'

/** What completing this lecture takes, in one sentence. */
function requirement(lecture: LectureDetail, requiredSec: number): string {
  const time = requiredSec < 60 ? `${requiredSec} 秒` : `${Math.ceil(requiredSec / 60)} 分钟`
  const quiz = lecture.quiz ? '，并通过课后测验' : ''
  if (lecture.kind === 'article') return `在本页阅读满 ${time}并读到文末${quiz}，即完成学习`
  const verb = lecture.kind === 'audio' ? '收听' : '观看'
  return `${verb}满 ${time}（时长的 90%）${quiz}，即完成学习`
}

export interface ProgressBoxProps {
  lecture: LectureDetail
  progress: ProgressView | null
  points: number
  justCompleted: boolean
  atEnd: boolean
  syncError: string
  /** 非党员：去加入支部，加入后回到本课 */
  onJoin: () => void
}

export function ProgressBox({ lecture, progress, points, justCompleted, atEnd, syncError, onJoin }: ProgressBoxProps) {
  if (lecture.status !== 'published') {
    return (
      <Text className='notice' id='lecture-draft-note'>
        {STATUS_LABEL[lecture.status]}预览：党员看不到本课，学习进度不计。
      </Text>
    )
  }
  if (!progress) {
    return (
      <View className='notice lec-guest' id='lecture-guest-note'>
        <Text className='lec-guest__text'>您还不是支部党员：可以先阅读，加入党支部后学习进度才会计入学习记录。</Text>
        <Button small className='lec-guest__join' id='lecture-guest-join' onClick={onJoin}>
          使用邀请码加入支部
        </Button>
      </View>
    )
  }
  const completed = progress.state === 'completed'
  return (
    <View className={completed ? 'lec-progress lec-progress--done' : 'lec-progress'} id='lecture-progress-box'>
      <View className='lec-progress__row'>
        {completed ? (
          <Text className='lec-progress__done' id='lecture-completed'>
            已完成 ✓
          </Text>
        ) : (
          <Text className='lec-progress__label'>{progress.state === 'none' ? '未开始' : '学习中'}</Text>
        )}
        {completed && points > 0 ? (
          <Text className='lec-progress__points' id='lecture-points'>
            +{points} 积分
          </Text>
        ) : null}
        <Text className='lec-progress__num' id='lecture-progress'>
          {studiedLabel(progress)}
        </Text>
      </View>
      <View className='bar lec-progress__bar'>
        <View className='bar__fill' style={{ width: `${progress.percent}%` }} />
      </View>
      <Text className='lec-progress__hint'>
        {completed
          ? `${formatShortDateTime(progress.completedAt)} 完成${justCompleted && points === 0 ? '（今日学习积分已达上限）' : ''}`
          : `${requirement(lecture, progress.requiredSec)}${lecture.kind === 'article' && atEnd ? ' · 已读到文末' : ''}`}
      </Text>
      {syncError ? (
        <Text className='lec-progress__error' id='lecture-sync-error'>
          学习进度暂未同步：{syncError}
        </Text>
      ) : null}
    </View>
  )
}
