/**
 * 课程详情：图文（标题、段落、图片，逐块渲染，不解析 HTML）、音频或视频，课后测验与评价。学习进度只
 * 显示服务端的结果：页面每 10 秒（以及播放 / 暂停 / 结束 / 隐藏 / 读到文末时）报告一次心跳，服务端按
 * 真实时间累计有效时长。经推送链接打开时带推送编号。支部书记和党委管理员可推送到群、查看学习情况、
 * 编辑课程；从课程管理 / 发布后打开（`preview=1`）是预览：书记操作在最前，不发心跳、不记学习进度。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Image, Text, Video, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import {
  getLecture,
  type CreatePushOutput,
  type GetLectureOutput,
  type LectureDetail,
  type ProgressView,
  type ReportProgressOutput,
  type SubmitQuizOutput,
} from '../../../api/lecture'
import { getMe, type GetMeOutput } from '../../../api/member'
import { isH5 } from '../../../env'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatDate, formatShortDateTime } from '../../../utils/format'
import { KIND_LABEL, STATUS_LABEL, durationLabel, studiedLabel } from '../../../utils/lecture-format'
import { AudioPlayer, useInnerAudio } from '../components/audio-player'
import { ErrorState, Loading } from '../../../components/page-state'
import { PushPanel } from '../components/push-panel'
import { QuizSection } from '../components/quiz-section'
import { RatingSection } from '../components/rating-section'
import { useEndReached } from '../components/use-end-reached'
import { useHeartbeat, type BeatSnapshot } from '../components/use-heartbeat'
import '../components/lecture.css'
import './index.css'

type PageState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; me: GetMeOutput; lecture: LectureDetail; push: GetLectureOutput['push'] }

const END_ID = 'lecture-end'

/** What completing this lecture takes, in one sentence. */
function requirement(lecture: LectureDetail, requiredSec: number): string {
  const time = requiredSec < 60 ? `${requiredSec} 秒` : `${Math.ceil(requiredSec / 60)} 分钟`
  const quiz = lecture.quiz ? '，并通过课后测验' : ''
  if (lecture.kind === 'article') return `在本页阅读满 ${time}并读到文末${quiz}，即完成学习`
  const verb = lecture.kind === 'audio' ? '收听' : '观看'
  return `${verb}满 ${time}（时长的 90%）${quiz}，即完成学习`
}

function ProgressBox({
  lecture,
  progress,
  points,
  justCompleted,
  atEnd,
  syncError,
  onJoin,
}: {
  lecture: LectureDetail
  progress: ProgressView | null
  points: number
  justCompleted: boolean
  atEnd: boolean
  syncError: string
  /** 非党员：去加入支部，加入后回到本课 */
  onJoin: () => void
}) {
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
        <Button className='btn btn--primary btn--small lec-guest__join' id='lecture-guest-join' onClick={onJoin}>
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

function ArticleBody({ lecture }: { lecture: LectureDetail }) {
  return (
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
  )
}

export default function LectureDetailPage() {
  const router = useRouter()
  const lectureId = router.params.id ?? ''
  const pushId = router.params.push ?? ''
  const previewParam = router.params.preview === '1'
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [progress, setProgress] = useState<ProgressView | null>(null)
  const [points, setPoints] = useState(0)
  const [justCompleted, setJustCompleted] = useState(false)
  const [atEndShown, setAtEndShown] = useState(false)
  const [syncError, setSyncError] = useState('')
  const [createdPush, setCreatedPush] = useState<CreatePushOutput | null>(null)
  const latest = useRef(0)

  // What the heartbeat reports: refs, read at the moment a beat is sent.
  const shown = useRef(true)
  const docVisible = useRef(true)
  const atEnd = useRef(false)
  const readMs = useRef(0)
  const readingSince = useRef<number | null>(null)
  const videoPlaying = useRef(false)
  const videoPos = useRef(0)
  const endRef = useRef<HTMLElement | null>(null)
  const beatRef = useRef<() => void>(() => undefined)

  const lecture = state.status === 'ready' ? state.lecture : null
  const kind = lecture?.kind ?? null
  const isManager = state.status === 'ready' && (state.me.role === 'secretary' || state.me.role === 'admin')
  // A manager opening the lecture to push or check it is not studying it.
  const preview = previewParam && isManager
  const studying = !preview && !!lecture && lecture.status === 'published' && progress !== null && progress.state !== 'completed'

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!lectureId) return setState({ status: 'error', message: '课程不存在或已删除' })
    const [meRes, lecRes] = await Promise.all([getMe(), getLecture({ lectureId, ...(pushId ? { pushId } : {}) })])
    if (ticket !== latest.current) return
    if (!lecRes.ok) return setState({ status: 'error', message: lecRes.error.message })
    if (!meRes.ok) return setState({ status: 'error', message: meRes.error.message })
    setProgress(lecRes.data.lecture.progress)
    setState({ status: 'ready', me: meRes.data, lecture: lecRes.data.lecture, push: lecRes.data.push })
    Taro.setNavigationBarTitle({ title: KIND_LABEL[lecRes.data.lecture.kind] + '课程' }).catch(() => undefined)
  }, [lectureId, pushId])

  useEffect(() => {
    void load()
  }, [load])

  const audio = useInnerAudio(kind === 'audio' ? (lecture?.mediaUrl ?? null) : null, lecture?.durationSec ?? 0, () => beatRef.current())

  const read = (): BeatSnapshot => {
    if (kind === 'audio') return { positionSec: audio.positionRef.current, playing: audio.playingRef.current, atEnd: false }
    if (kind === 'video') return { positionSec: videoPos.current, playing: videoPlaying.current, atEnd: false }
    const open = readingSince.current
    const ms = readMs.current + (open === null ? 0 : Date.now() - open)
    return { positionSec: ms / 1000, playing: readingSince.current !== null, atEnd: atEnd.current }
  }

  const onResult = (out: ReportProgressOutput) => {
    setSyncError('')
    setProgress(out.progress)
    if (out.completed && out.points > 0) setPoints(out.points)
    if (out.completed && progress?.state !== 'completed') setJustCompleted(true)
  }

  const { beat } = useHeartbeat({ lectureId, enabled: studying, read, onResult, onError: setSyncError })
  beatRef.current = beat

  /** Articles: the page counts as being read while it is shown and the browser tab is visible. */
  const syncReading = useCallback(() => {
    const on = kind === 'article' && shown.current && docVisible.current
    if (on && readingSince.current === null) readingSince.current = Date.now()
    if (!on && readingSince.current !== null) {
      readMs.current += Date.now() - readingSince.current
      readingSince.current = null
    }
  }, [kind])

  // Start reading (and the first heartbeat) once an article is on screen.
  useEffect(() => {
    if (!studying || kind !== 'article') return
    syncReading()
    beat()
  }, [studying, kind, syncReading, beat])

  const reachEnd = () => {
    if (atEnd.current || kind !== 'article') return
    atEnd.current = true
    setAtEndShown(true)
    beat()
  }
  useEndReached(kind === 'article' && !!lecture, END_ID, endRef, reachEnd)

  const pauseMedia = () => {
    audio.pause()
    if (kind === 'video') Taro.createVideoContext('lecture-video').pause()
  }

  const visibilityChanged = () => {
    syncReading()
    if (!shown.current || !docVisible.current) pauseMedia()
    beat()
  }

  useDidShow(() => {
    shown.current = true
    visibilityChanged()
  })
  useDidHide(() => {
    shown.current = false
    visibilityChanged()
  })
  const visibilityChangedRef = useRef(visibilityChanged)
  visibilityChangedRef.current = visibilityChanged
  // A browser tab in the background (screen locked, another app) is not being read.
  useEffect(() => {
    if (!isH5 || typeof document === 'undefined') return
    const onChange = () => {
      docVisible.current = document.visibilityState !== 'hidden'
      visibilityChangedRef.current()
    }
    document.addEventListener('visibilitychange', onChange)
    return () => document.removeEventListener('visibilitychange', onChange)
  }, [])

  useShareAppMessage(() => {
    const title = lecture?.title ?? '微党课'
    if (createdPush) return { title, path: createdPush.path }
    if (pushId) return { title, path: `${ROUTES.lectureDetail}?id=${lectureId}&push=${pushId}` }
    return { title, path: `${ROUTES.lectureDetail}?id=${lectureId}` }
  })

  const onQuiz = async (out: SubmitQuizOutput) => {
    if (out.points > 0) setPoints(out.points)
    if (out.completed) setJustCompleted(true)
    const res = await getLecture({ lectureId })
    if (res.ok) setProgress(res.data.lecture.progress)
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='lecture-error' message={state.message} onRetry={() => void load()} />

  const { me, push } = state
  const l = state.lecture
  const manager = isManager
  const published = l.status === 'published'
  const member = progress !== null && !preview

  const managerTools = manager ? (
    <View className={preview ? 'lec-manage lec-manage--first' : 'lec-manage'} id='lecture-manage'>
      <Text className='section-title'>支部书记操作</Text>
      <View className='actions lec-manage__actions'>
        {published ? (
          <PushPanel lectureId={l.id} branchName={me.branch?.name ?? null} onPushed={setCreatedPush} />
        ) : (
          <Text className='form-hint lec-manage__hint'>发布后可推送到群并查看学习情况。</Text>
        )}
        <View className='lec-manage__row'>
          {published ? (
            <Button className='btn btn--plain' id='lecture-report' onClick={() => go(`${ROUTES.lectureReport}?id=${l.id}`)}>
              学习情况
            </Button>
          ) : null}
          <Button className='btn btn--plain' id='lecture-edit' onClick={() => go(`${ROUTES.lectureEdit}?id=${l.id}`)}>
            编辑课程
          </Button>
        </View>
      </View>
    </View>
  ) : null

  return (
    <View className='page lecture-page'>
      <View className='lec-head'>
        <View className='lec-head__badges'>
          <Text className={`lec-kind lec-kind--${l.kind}`}>{KIND_LABEL[l.kind]}</Text>
          <Text className='lec-head__column'>
            {l.columnName}
            {l.issueNo ? ` · 第${l.issueNo}期` : ''}
          </Text>
          {!published ? <Text className={`lec-status lec-status--${l.status}`}>{STATUS_LABEL[l.status]}</Text> : null}
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

      {preview ? (
        <View className='notice lec-preview' id='lecture-preview-note'>
          <Text>预览：从课程管理打开，不计入您本人的学习进度。</Text>
          {published ? (
            <Text className='link' id='lecture-study-self' onClick={() => void Taro.redirectTo({ url: `${ROUTES.lectureDetail}?id=${l.id}` })}>
              自己学习本课
            </Text>
          ) : null}
        </View>
      ) : (
        <ProgressBox
          lecture={l}
          progress={progress}
          points={points}
          justCompleted={justCompleted}
          atEnd={atEndShown}
          syncError={syncError}
          onJoin={() => go(`${ROUTES.join}?back=${encodeURIComponent(`${ROUTES.lectureDetail}?id=${l.id}${pushId ? `&push=${pushId}` : ''}`)}`)}
        />
      )}

      {preview ? managerTools : null}

      {l.kind === 'article' ? (
        <View>
          <ArticleBody lecture={l} />
          <View className={atEndShown ? 'article__end article__end--read' : 'article__end'} id={END_ID} ref={endRef}>
            <Text>{atEndShown && member && published ? '— 全文完 · 已读到文末 —' : '— 全文完 —'}</Text>
          </View>
        </View>
      ) : (
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
              onPlay={() => {
                videoPlaying.current = true
                beat()
              }}
              onPause={() => {
                videoPlaying.current = false
                beat()
              }}
              onEnded={() => {
                videoPlaying.current = false
                beat()
              }}
              onError={() => {
                videoPlaying.current = false
                beat()
              }}
              onTimeUpdate={(e) => {
                videoPos.current = e.detail.currentTime
              }}
            />
          )}
          {l.summary ? <Text className='media__summary'>{l.summary}</Text> : null}
        </View>
      )}

      {l.quiz ? (
        <QuizSection
          lectureId={l.id}
          quiz={l.quiz}
          passed={progress?.quizPassed === true}
          canSubmit={member && published && progress?.quizPassed !== true}
          onResult={(out) => void onQuiz(out)}
        />
      ) : null}

      {member && published ? <RatingSection lectureId={l.id} initial={l.myRating} /> : null}

      {preview ? null : managerTools}
    </View>
  )
}
