/** The lecture's head (kind, column, title, lecturer, the push it came from) and its body: article blocks or the player. */
import type { RefObject } from 'react'
import { Image, Text, Video, View } from '@tarojs/components'
import type { GetLectureOutput, LectureDetail } from '../../../api/lecture'
import { formatDate } from '../../../utils/format'
import { KIND_LABEL, STATUS_LABEL, durationLabel } from '../../../utils/lecture-format'
import { AudioPlayer, type AudioControl } from '../components/audio-player'
import type { VideoHandlers } from './use-study'

export const END_ID = 'lecture-end'

export function LectureHead({ lecture: l, push }: { lecture: LectureDetail; push: GetLectureOutput['push'] }) {
  return (
    <View className='lec-head'>
      <View className='lec-head__badges'>
        <Text className={`lec-kind lec-kind--${l.kind}`}>{KIND_LABEL[l.kind]}</Text>
        <Text className='lec-head__column'>
          {l.columnName}
          {l.issueNo ? ` · 第${l.issueNo}期` : ''}
        </Text>
        {l.status !== 'published' ? <Text className={`lec-status lec-status--${l.status}`}>{STATUS_LABEL[l.status]}</Text> : null}
      </View>
      <Text className='lec-head__title' id='lecture-title'>
        {l.title}
      </Text>
      <Text className='lec-head__meta'>
        主讲 {l.lecturer} · {durationLabel(l.kind, l.durationSec)}
        {l.publishedAt ? ` · ${formatDate(l.publishedAt)}` : ''}
      </Text>
      {push ? (
        <Text className='lec-head__push' id='lecture-push-label'>
          来自「{push.label}」的推送{push.deadline ? `，请于 ${formatDate(push.deadline)} 前完成` : ''}
        </Text>
      ) : null}
    </View>
  )
}

/** Paragraphs, headings and images, block by block (no HTML is parsed), then the end marker. */
export function ArticleBody({ lecture, endRef, endRead }: { lecture: LectureDetail; endRef: RefObject<HTMLElement | null>; endRead: 'none' | 'read' | 'read-counted' }) {
  return (
    <View>
      <View className='article' id='lecture-article'>
        {lecture.blocks.map((b, i) =>
          b.type === 'h' ? (
            <Text key={i} className='article__h'>
              {b.text}
            </Text>
          ) : b.type === 'p' ? (
            <Text key={i} className='article__p'>
              {b.text}
            </Text>
          ) : (
            <View key={i} className='article__figure'>
              {b.url ? <Image className='article__img' src={b.url} mode='widthFix' lazyLoad /> : <Text className='muted'>图片暂不可用</Text>}
              {b.text ? <Text className='article__caption'>{b.text}</Text> : null}
            </View>
          ),
        )}
      </View>
      <View className={endRead !== 'none' ? 'article__end article__end--read' : 'article__end'} id={END_ID} ref={endRef}>
        <Text>{endRead === 'read-counted' ? '— 全文完 · 已读到文末 —' : '— 全文完 —'}</Text>
      </View>
    </View>
  )
}

/** Audio (the in-page player) or video (the platform's player, its events feeding the heartbeat). */
export function MediaBody({ lecture: l, audio, video }: { lecture: LectureDetail; audio: AudioControl; video: VideoHandlers }) {
  return (
    <View className='media'>
      {!l.mediaUrl ? (
        <Text className='notice'>媒体文件暂不可用</Text>
      ) : l.kind === 'audio' ? (
        <AudioPlayer audio={audio} title={l.title} />
      ) : (
        <Video
          className='media__video'
          id='lecture-video'
          src={l.mediaUrl}
          controls
          showFullscreenBtn
          poster={l.coverUrl ?? undefined}
          onPlay={video.onPlay}
          onPause={video.onStop}
          onEnded={video.onStop}
          onError={video.onStop}
          onTimeUpdate={(e) => video.onTime(e.detail.currentTime)}
        />
      )}
      {l.summary ? <Text className='media__summary'>{l.summary}</Text> : null}
    </View>
  )
}
