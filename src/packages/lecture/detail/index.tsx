/**
 * 课程详情：图文（标题、段落、图片，逐块渲染，不解析 HTML）、音频或视频，课后测验与评价。学习进度只
 * 显示服务端的结果（use-study.ts：心跳与阅读计时）。经推送链接打开时带推送编号。支部书记和党委管理员
 * 可推送到群、查看学习情况、编辑课程；从课程管理 / 发布后打开（`preview=1`）是预览：书记操作在最前，
 * 不发心跳、不记学习进度。
 */
import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { api } from '../../../api'
import type { CreatePushOutput } from '../../../api/lecture'
import { ErrorState, Loading } from '../../../components/page-state'
import { useQuery } from '../../../hooks/use-query'
import { loadMe } from '../../../hooks/use-me'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { KIND_LABEL } from '../../../utils/lecture-format'
import { QuizSection } from '../components/quiz-section'
import { RatingSection } from '../components/rating-section'
import { ArticleBody, LectureHead, MediaBody } from './lecture-body'
import { ManagerTools } from './manager-tools'
import { ProgressBox } from './progress-box'
import { useStudy } from './use-study'
import '../components/lecture.css'
import './index.css'

export default function LectureDetailPage() {
  const router = useRouter()
  const lectureId = router.params.id ?? ''
  const pushId = router.params.push ?? ''
  const [createdPush, setCreatedPush] = useState<CreatePushOutput | null>(null)

  const query = useQuery(
    lectureId
      ? async () => {
          const [me, lec] = await Promise.all([loadMe(), api.lecture.getLecture({ lectureId, ...(pushId ? { pushId } : {}) })])
          if (!lec.ok) return lec
          if (!me.ok) return me
          return { ok: true, data: { me: me.data, ...lec.data } }
        }
      : null,
    [lectureId, pushId],
  )
  const data = query.state.status === 'ready' ? query.state.data : null
  const lecture = data?.lecture ?? null
  const manager = data?.me.role === 'secretary' || data?.me.role === 'admin'
  // A manager opening the lecture to push or check it is not studying it.
  const preview = router.params.preview === '1' && manager
  const study = useStudy(lectureId, lecture, !preview)

  useEffect(() => {
    if (lecture) Taro.setNavigationBarTitle({ title: KIND_LABEL[lecture.kind] + '课程' }).catch(() => undefined)
  }, [lecture])

  useShareAppMessage(() => {
    const title = lecture?.title ?? '微党课'
    if (createdPush) return { title, path: createdPush.path }
    if (pushId) return { title, path: `${ROUTES.lectureDetail}?id=${lectureId}&push=${pushId}` }
    return { title, path: `${ROUTES.lectureDetail}?id=${lectureId}` }
  })

  if (!lectureId) return <ErrorState id='lecture-error' message='课程不存在或已删除' />
  if (query.state.status === 'error') return <ErrorState id='lecture-error' message={query.state.message} code={query.state.code} onRetry={() => void query.reload()} />
  if (!data || !lecture) return <Loading />

  const l = lecture
  const { progress } = study
  const published = l.status === 'published'
  const member = progress !== null && !preview
  const tools = manager ? <ManagerTools lecture={l} branchName={data.me.branch?.name ?? null} first={preview} onPushed={setCreatedPush} /> : null

  return (
    <View className='page lecture-page'>
      <LectureHead lecture={l} push={data.push} />

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
          points={study.points}
          justCompleted={study.justCompleted}
          atEnd={study.atEndShown}
          syncError={study.syncError}
          onJoin={() => go(`${ROUTES.join}?back=${encodeURIComponent(`${ROUTES.lectureDetail}?id=${l.id}${pushId ? `&push=${pushId}` : ''}`)}`)}
        />
      )}

      {preview ? tools : null}

      {l.kind === 'article' ? (
        <ArticleBody lecture={l} endRef={study.endRef} endRead={!study.atEndShown ? 'none' : member && published ? 'read-counted' : 'read'} />
      ) : (
        <MediaBody lecture={l} audio={study.audio} video={study.video} />
      )}

      {l.quiz ? (
        <QuizSection
          lectureId={l.id}
          quiz={l.quiz}
          passed={progress?.quizPassed === true}
          canSubmit={member && published && progress?.quizPassed !== true}
          onResult={(out) => void study.onQuiz(out)}
        />
      ) : null}

      {member && published ? <RatingSection lectureId={l.id} initial={l.myRating} /> : null}

      {preview ? null : tools}
    </View>
  )
}
