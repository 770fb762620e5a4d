/**
 * 课程评价：1–5 星与可选短评（最多 100 字）。评价计入讲师评价；短评经内容安全检查，未通过的暂不显示。
 * 再次评价会替换上一次。
 */
import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { api } from '../../../api'

const STAR_WORDS = ['', '很差', '较差', '一般', '较好', '很好']

export function RatingSection({ lectureId, initial }: { lectureId: string; initial: number | null }) {
  const [stars, setStars] = useState(initial ?? 0)
  const [saved, setSaved] = useState(initial)
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState('')

  const submit = async () => {
    if (busy) return
    if (stars < 1) {
      setError('请先点选星级')
      return
    }
    const text = comment.trim()
    if (text.length > 100) {
      setError('评价最多 100 字')
      return
    }
    setError('')
    setBusy(true)
    const res = await api.lecture.rateLecture({ lectureId, stars, ...(text ? { comment: text } : {}) })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message)
      toast(res.error.message)
      return
    }
    setSaved(res.data.stars)
    setComment('')
    setNote(res.data.held ? '评分已记录，留言需审核后显示' : '感谢您的评价')
    toastSuccess('已评价')
  }

  return (
    <View className='rating' id='lecture-rating'>
      <Text className='section-title'>评价本课{saved ? `（您已评 ${saved} 星，可修改）` : ''}</Text>
      <View className='rating__box'>
        <View className='rating__stars'>
          {[1, 2, 3, 4, 5].map((n) => (
            <Text key={n} className={n <= stars ? 'rating__star rating__star--on' : 'rating__star'} id={`rating-star-${n}`} onClick={() => setStars(n)}>
              ★
            </Text>
          ))}
          <Text className='rating__word'>{STAR_WORDS[stars] ?? ''}</Text>
        </View>
        <Input
          className='rating__input'
          {...inputId('rating-comment')}
          type='text'
          value={comment}
          maxlength={100}
          placeholder='说说您的收获或建议（选填，100 字内）'
          onInput={(e) => setComment(e.detail.value)}
        />
        {error ? (
          <Text className='form-error rating__msg' id='rating-error'>
            {error}
          </Text>
        ) : null}
        {note ? (
          <Text className='rating__note' id='rating-note'>
            {note}
          </Text>
        ) : null}
        <Button className='btn btn--plain rating__btn' id='rating-submit' loading={busy || undefined} disabled={busy || undefined} onClick={() => void submit()}>
          提交评价
        </Button>
      </View>
    </View>
  )
}
