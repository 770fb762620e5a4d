/**
 * The dashboard's comments: those held for review (通过 / 不通过) and the latest visible ones with
 * 加载更多. One request pair per station through useQuery: the latest wins and a failure is shown.
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import type { ListCommentsOutput } from '../../../api/survey'
import { Button } from '../../../components/ui'
import { useQuery } from '../../../hooks/use-query'
import { toast, toastSuccess } from '../../../utils/feedback'
import { OVERALL_LABEL } from './period'

export type Comment = ListCommentsOutput['comments'][number]

interface Comments {
  visible: Comment[]
  next: string | null
  held: Comment[]
}

function commentMeta(c: Comment): string {
  // The platform's content check did not answer for this comment: only the word list screened it.
  const unchecked = c.unchecked ? '未经平台内容安全检测，请留意' : ''
  return [OVERALL_LABEL[c.overall - 1] ?? '', `${c.station} ${c.window ?? '全站通用'}`, c.day, unchecked].filter(Boolean).join(' · ')
}

export function useComments(stationId: string) {
  const scope = stationId ? { stationId } : {}
  const query = useQuery<Comments>(
    async () => {
      const [v, h] = await Promise.all([
        api.survey.listComments({ ...scope, status: 'visible', limit: 20 }),
        api.survey.listComments({ ...scope, status: 'held', limit: 50 }),
      ])
      if (!v.ok) return v
      if (!h.ok) return h
      return { ok: true, data: { visible: v.data.comments, next: v.data.next, held: h.data.comments } }
    },
    [stationId],
    { refreshOnShow: true },
  )
  const [reviewing, setReviewing] = useState<string | null>(null)

  const review = async (c: Comment, approve: boolean) => {
    if (reviewing) return
    setReviewing(c.id)
    const res = await api.survey.reviewComment({ responseId: c.id, approve })
    setReviewing(null)
    if (!res.ok) return toast(res.error.message)
    toastSuccess(approve ? '已通过' : '已不予公开')
    void query.reload()
  }

  const more = async () => {
    const cursor = query.data?.next
    if (!cursor) return
    const res = await api.survey.listComments({ ...scope, status: 'visible', limit: 20, cursor })
    if (!res.ok) return toast(res.error.message)
    query.mutate((d) => ({ ...d, visible: [...d.visible, ...res.data.comments], next: res.data.next }))
  }

  return { query, reviewing, review, more }
}

type CommentsApi = ReturnType<typeof useComments>

export function HeldComments({ comments }: { comments: CommentsApi }) {
  const held = comments.query.data?.held ?? []
  if (!held.length) return null
  return (
    <View className='svm-block' id='comments-held'>
      <View className='svm-block__title'>
        <Text>
          待审核意见<Text className='svm-count'>{held.length}</Text>
        </Text>
      </View>
      <Text className='svm-block__note'>含疑似广告、联系方式或不文明用语的意见先不公开，请审核后决定是否公开。</Text>
      {held.map((c) => (
        <View key={c.id} className='svm-comment' id={`held-${c.id}`}>
          <Text className='svm-comment__text'>{c.comment}</Text>
          <Text className='svm-comment__meta'>{commentMeta(c)}</Text>
          <View className='svm-comment__actions'>
            <Button kind='plain' small id={`comment-reject-${c.id}`} disabled={comments.reviewing === c.id} onClick={() => void comments.review(c, false)}>
              不通过
            </Button>
            <Button small className='svm-btn-approve' id={`comment-approve-${c.id}`} disabled={comments.reviewing === c.id} onClick={() => void comments.review(c, true)}>
              通过
            </Button>
          </View>
        </View>
      ))}
    </View>
  )
}

export function VisibleComments({ comments }: { comments: CommentsApi }) {
  const { state, data } = comments.query
  return (
    <View className='svm-block' id='comments-visible'>
      <View className='svm-block__title'>
        <Text>最新意见建议</Text>
      </View>
      {state.status === 'error' ? (
        <Text className='svm-empty' id='comments-error' onClick={() => void comments.query.reload()}>
          {state.message}（点此重试）
        </Text>
      ) : !data ? (
        <Text className='svm-empty'>加载中…</Text>
      ) : data.visible.length === 0 ? (
        <Text className='svm-empty'>暂无意见建议</Text>
      ) : (
        data.visible.map((c) => (
          <View key={c.id} className='svm-comment' id={`comment-${c.id}`}>
            <Text className='svm-comment__text'>{c.comment}</Text>
            <Text className='svm-comment__meta'>{commentMeta(c)}</Text>
          </View>
        ))
      )}
      {data?.next ? (
        <Text className='svm-empty svm-link' id='comments-more' onClick={() => void comments.more()}>
          加载更多
        </Text>
      ) : null}
    </View>
  )
}
