/**
 * 新建 / 编辑课程（支部书记、党委管理员）：栏目、标题、期号、主讲人、简介、类型；图文的正文是一段纯文本
 * （空行分段，「## 」开头为小标题，可插入图片），音视频上传文件并从文件读出时长（可修改）；可选的课后
 * 测验（最多 5 道单选题与及格题数）。先在本地用中文逐项检查，再用共享契约校验，服务端的校验结果显示在
 * 对应字段下。保存草稿 / 发布。
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react'
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { createLectureInput, updateLectureInput } from '../../../../contracts/lecture.contract'
import type { ErrorIssue } from '../../../../contracts/result'
import {
  createLecture,
  getLecture,
  listColumns,
  setLectureStatus,
  updateLecture,
  uploadMedia,
  type ColumnView,
  type LectureKind,
} from '../../../api/lecture'
import { getMe } from '../../../api/member'
import { isH5 } from '../../../env'
import { ROUTES } from '../../../routes'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { KIND_LABEL, STATUS_LABEL, durationLabel } from '../../../utils/lecture-format'
import { newRequestId } from '../../../utils/request-id'
import { blocksOfDrafts, draftsOf, fileIdFromUrl, imageDraft, newDraft, readingSecOf, type DraftBlock, type EditBlock } from '../components/article-text'
import { BlockEditor } from '../components/block-editor'
import { ErrorState, Loading } from '../../../components/page-state'
import { FAMILY_RULES, acceptOf, pickInWeapp, readBrowserFile, uploadSource, type MediaFamily, type PickResult, type PickedFile } from '../components/pick-file'
import '../components/lecture.css'
import './index.css'

const KINDS: LectureKind[] = ['article', 'audio', 'video']
const MAX_QUESTIONS = 5
const MAX_OPTIONS = 4

type Field = 'columnId' | 'title' | 'issueNo' | 'lecturer' | 'summary' | 'coverFileId' | 'blocks' | 'mediaFileId' | 'durationSec' | 'quiz'
type FieldErrors = Partial<Record<Field, string>>
const FIELDS: readonly Field[] = ['columnId', 'title', 'issueNo', 'lecturer', 'summary', 'coverFileId', 'blocks', 'mediaFileId', 'durationSec', 'quiz']

interface Question {
  question: string
  options: string[]
  /** 正确选项下标；编辑已有测验时须重新选择（服务端不下发答案） */
  answer: number | null
}

interface Form {
  columnId: string
  title: string
  issueNo: string
  lecturer: string
  summary: string
  kind: LectureKind
  drafts: DraftBlock[]
  media: { fileId: string; name: string } | null
  duration: string
  cover: { fileId: string; url: string | null } | null
  quizOn: boolean
  questions: Question[]
  passMark: number
}

type Status = 'new' | 'draft' | 'published' | 'archived'
type PickTarget = 'media' | 'image' | 'cover'

const newQuestion = (): Question => ({ question: '', options: ['', ''], answer: null })

function emptyForm(lecturer: string): Form {
  return {
    columnId: '',
    title: '',
    issueNo: '',
    lecturer,
    summary: '',
    kind: 'article',
    drafts: [newDraft('p')],
    media: null,
    duration: '',
    cover: null,
    quizOn: false,
    questions: [newQuestion()],
    passMark: 1,
  }
}

const len = (s: string) => s.trim().length

/** Checks in plain Chinese, field by field, before anything is sent. */
function validate(form: Form, blocks: EditBlock[]): FieldErrors {
  const e: FieldErrors = {}
  if (!form.columnId) e.columnId = '请选择栏目'
  if (len(form.title) < 2 || len(form.title) > 40) e.title = '标题须为 2–40 个字'
  const issue = form.issueNo.trim()
  if (issue && !(/^\d{1,4}$/.test(issue) && Number(issue) >= 1)) e.issueNo = '期号须为 1–9999 的整数，可不填'
  if (len(form.lecturer) < 2 || len(form.lecturer) > 20) e.lecturer = '主讲人须为 2–20 个字'
  if (len(form.summary) > 200) e.summary = '简介最多 200 字'
  if (form.kind === 'article') {
    const longHeading = blocks.find((b) => b.type === 'h' && b.text.length > 60)
    const longPara = blocks.findIndex((b) => b.type === 'p' && b.text.length > 2000)
    if (!blocks.length) e.blocks = '请填写正文'
    else if (longHeading && longHeading.type === 'h') e.blocks = `小标题最多 60 字：「${longHeading.text.slice(0, 12)}…」`
    else if (longPara >= 0) e.blocks = `第 ${longPara + 1} 块超过 2000 字，请用空行分成几段`
    else if (blocks.length > 200) e.blocks = '正文最多 200 段'
  } else {
    if (!form.media) e.mediaFileId = form.kind === 'audio' ? '请上传音频文件' : '请上传视频文件'
    const d = form.duration.trim()
    if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 4 * 3600) e.durationSec = '请填写时长（1–14400 秒的整数）'
  }
  if (form.quizOn) {
    const n = form.questions.length
    for (const [i, q] of form.questions.entries()) {
      const at = `第 ${i + 1} 题：`
      const options = q.options.map((o) => o.trim())
      if (len(q.question) < 2 || len(q.question) > 120) e.quiz = `${at}题目须为 2–120 个字`
      else if (options.some((o) => !o)) e.quiz = `${at}请填写每个选项，或删去空的选项`
      else if (options.length < 2) e.quiz = `${at}至少 2 个选项`
      else if (options.some((o) => o.length > 60)) e.quiz = `${at}选项最多 60 字`
      else if (q.answer === null || q.answer >= options.length) e.quiz = `${at}请点选正确答案`
      if (e.quiz) break
    }
    if (!e.quiz && (form.passMark < 1 || form.passMark > n)) e.quiz = '及格题数不能多于题目数'
  }
  return e
}

/** Issues from the contract or the server, under their fields ("quiz.questions.1.options" → 第 2 题). */
function fieldErrorsOf(issues: readonly ErrorIssue[]): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const parts = issue.path.split('.')
    const field = parts[0] as Field
    if (!FIELDS.includes(field) || errors[field]) continue
    const q = parts[0] === 'quiz' && parts[1] === 'questions' && parts[2] !== undefined ? `第 ${Number(parts[2]) + 1} 题：` : ''
    errors[field] = q + issue.message
  }
  return errors
}

function payloadOf(form: Form, blocks: EditBlock[]) {
  const media = form.kind !== 'article'
  return {
    columnId: form.columnId,
    title: form.title.trim(),
    issueNo: form.issueNo.trim() ? Number(form.issueNo.trim()) : null,
    lecturer: form.lecturer.trim(),
    summary: form.summary.trim(),
    coverFileId: form.cover?.fileId ?? null,
    kind: form.kind,
    blocks: media ? [] : blocks,
    mediaFileId: media ? (form.media?.fileId ?? null) : null,
    durationSec: media ? Number(form.duration.trim()) : null,
    quiz: form.quizOn
      ? {
          questions: form.questions.map((q) => ({ question: q.question.trim(), options: q.options.map((o) => o.trim()), answer: q.answer ?? 0 })),
          passMark: form.passMark,
        }
      : null,
  }
}

function FieldError({ field, errors }: { field: Field; errors: FieldErrors }) {
  const message = errors[field]
  return message ? (
    <Text className='form-error' id={`edit-${field}-error`}>
      {message}
    </Text>
  ) : null
}

function Chips<T extends string | number>({ items, value, onChange, idPrefix }: { items: Array<{ key: T; label: string }>; value: T | null; onChange: (v: T) => void; idPrefix: string }) {
  return (
    <View className='chips'>
      {items.map((it) => (
        <Text key={String(it.key)} className={it.key === value ? 'chip chip--on' : 'chip'} id={`${idPrefix}-${it.key}`} onClick={() => onChange(it.key)}>
          {it.label}
        </Text>
      ))}
    </View>
  )
}

export default function LectureEditPage() {
  const router = useRouter()
  const [lectureId, setLectureId] = useState(router.params.id ?? '')
  const editing = !!router.params.id
  const [loaded, setLoaded] = useState<{ status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string }>({ status: 'loading' })
  const [columns, setColumns] = useState<ColumnView[]>([])
  const [form, setForm] = useState<Form>(() => emptyForm(''))
  const [status, setStatus] = useState<Status>('new')
  const [notes, setNotes] = useState<string[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState('')
  const [busy, setBusy] = useState<'' | 'save' | 'publish' | 'status'>('')
  const [uploading, setUploading] = useState<PickTarget | null>(null)
  // One request id per opening of the form: a double tap creates one lecture.
  const [requestId] = useState(newRequestId)
  const fileInput = useRef<HTMLInputElement | null>(null)
  const pickTarget = useRef<PickTarget>('media')

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }))

  const load = useCallback(async () => {
    const id = router.params.id ?? ''
    const [meRes, colRes, lecRes] = await Promise.all([getMe(), listColumns(), id ? getLecture({ lectureId: id }) : Promise.resolve(null)])
    if (!meRes.ok) return setLoaded({ status: 'error', message: meRes.error.message })
    if (meRes.data.role !== 'secretary' && meRes.data.role !== 'admin') {
      return setLoaded({ status: 'error', message: '仅支部书记和党委管理员可以编辑课程' })
    }
    if (!colRes.ok) return setLoaded({ status: 'error', message: colRes.error.message })
    setColumns(colRes.data.columns)
    if (!lecRes) {
      setForm(emptyForm(meRes.data.member?.name ?? ''))
      return setLoaded({ status: 'ready' })
    }
    if (!lecRes.ok) return setLoaded({ status: 'error', message: lecRes.error.message })
    const l = lecRes.data.lecture
    const body = draftsOf(l.blocks)
    const mediaId = fileIdFromUrl(l.mediaUrl)
    const coverId = fileIdFromUrl(l.coverUrl)
    const warn: string[] = []
    if (body.lostImages) warn.push(`正文中有 ${body.lostImages} 张图片无法取回，请重新插入`)
    if (l.kind !== 'article' && !mediaId) warn.push('原音视频文件无法取回，请重新上传')
    if (l.quiz) warn.push('为防止泄题，已有测验的正确答案不会下发到手机，请重新点选每题的正确答案后再保存')
    setNotes(warn)
    setStatus(l.status)
    setForm({
      columnId: l.columnId,
      title: l.title,
      issueNo: l.issueNo ? String(l.issueNo) : '',
      lecturer: l.lecturer,
      summary: l.summary,
      kind: l.kind,
      drafts: body.drafts,
      media: mediaId ? { fileId: mediaId, name: `已上传的${KIND_LABEL[l.kind]}文件` } : null,
      duration: l.kind === 'article' ? '' : String(Math.round(l.durationSec)),
      cover: coverId ? { fileId: coverId, url: l.coverUrl } : null,
      quizOn: !!l.quiz,
      questions: l.quiz ? l.quiz.questions.map((q) => ({ question: q.question, options: [...q.options], answer: null })) : [newQuestion()],
      passMark: l.quiz?.passMark ?? 1,
    })
    setLoaded({ status: 'ready' })
  }, [router.params.id])

  useEffect(() => {
    if (editing) Taro.setNavigationBarTitle({ title: '编辑课程' }).catch(() => undefined)
    void load()
  }, [editing, load])

  const blocks = blocksOfDrafts(form.drafts)

  // ---------- uploads ----------
  const family = (target: PickTarget): MediaFamily => (target === 'media' ? (form.kind === 'video' ? 'video' : 'audio') : 'image')

  const afterPick = async (target: PickTarget, picked: PickResult) => {
    if (!picked.ok) {
      if ('message' in picked) toast(picked.message)
      return
    }
    const file: PickedFile = picked.file
    setUploading(target)
    const source = await uploadSource(file)
    if (!source) {
      setUploading(null)
      toast('上传失败，请检查网络后重试')
      return
    }
    const res = await uploadMedia({ fileName: file.name.slice(-80), mimeType: file.mimeType, ...source })
    setUploading(null)
    if (!res.ok) {
      const message = res.error.code === 'PAYLOAD_TOO_LARGE' ? '文件过大，请压缩后重新上传' : res.error.message
      if (target === 'media') setErrors((e) => ({ ...e, mediaFileId: message }))
      toast(message)
      return
    }
    if (target === 'media') {
      setForm((f) => ({ ...f, media: { fileId: res.data.fileId, name: file.name }, duration: file.durationSec ? String(file.durationSec) : f.duration }))
      setErrors((e) => ({ ...e, mediaFileId: undefined, durationSec: undefined }))
      toastSuccess(file.durationSec ? '已上传，时长已读出' : '已上传，请填写时长')
    } else if (target === 'cover') {
      set('cover', { fileId: res.data.fileId, url: res.data.url })
      toastSuccess('封面已上传')
    } else {
      setForm((f) => ({ ...f, drafts: [...f.drafts, imageDraft(res.data.fileId, res.data.url)] }))
      toastSuccess('图片已添加到正文末尾')
    }
  }

  const startPick = (target: PickTarget) => {
    if (uploading) return
    const fam = family(target)
    if (isH5) {
      const el = fileInput.current
      if (!el) return
      pickTarget.current = target
      el.accept = acceptOf(fam)
      el.value = ''
      el.click()
      return
    }
    void pickInWeapp(fam).then((picked) => afterPick(target, picked))
  }

  const onBrowserFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (!file) return
    const target = pickTarget.current
    void readBrowserFile(file, family(target)).then((picked) => afterPick(target, picked))
  }

  // ---------- quiz ----------
  const setQuestion = (i: number, change: (q: Question) => Question) =>
    setForm((f) => ({ ...f, questions: f.questions.map((q, j) => (j === i ? change(q) : q)) }))
  const addQuestion = () =>
    setForm((f) => (f.questions.length >= MAX_QUESTIONS ? f : { ...f, questions: [...f.questions, newQuestion()], passMark: f.passMark }))
  const removeQuestion = (i: number) =>
    setForm((f) => {
      const questions = f.questions.filter((_, j) => j !== i)
      return { ...f, questions: questions.length ? questions : [newQuestion()], passMark: Math.min(f.passMark, Math.max(1, questions.length)) }
    })

  // ---------- save ----------
  const save = async (publish: boolean) => {
    if (busy || uploading) return
    setFormError('')
    const local = validate(form, blocks)
    if (Object.keys(local).length) {
      setErrors(local)
      toast(Object.values(local)[0] ?? '请检查填写的内容')
      return
    }
    const payload = payloadOf(form, blocks)
    const parsed = lectureId
      ? updateLectureInput.safeParse({ action: 'updateLecture', lectureId, ...payload })
      : createLectureInput.safeParse({ action: 'createLecture', ...payload })
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
      setErrors(fieldErrors)
      toast(Object.values(fieldErrors)[0] ?? parsed.error.issues[0]?.message ?? '请检查填写的内容')
      return
    }
    setErrors({})
    setBusy(publish ? 'publish' : 'save')
    const res = lectureId ? await updateLecture({ lectureId, ...payload }) : await createLecture({ ...payload, requestId })
    if (!res.ok) {
      setBusy('')
      setErrors(fieldErrorsOf(res.error.issues ?? []))
      setFormError(res.error.message)
      toast(res.error.message)
      return
    }
    const id = res.data.lecture.id
    setLectureId(id)
    if (publish && status !== 'published') {
      const pub = await setLectureStatus({ lectureId: id, status: 'published' })
      if (!pub.ok) {
        setBusy('')
        setStatus(res.data.lecture.status)
        setFormError(`已保存为草稿，但发布失败：${pub.error.message}`)
        toast(pub.error.message)
        return
      }
    }
    setBusy('')
    if (publish || status === 'published') {
      toastSuccess(publish && status !== 'published' ? '已发布' : '已保存')
      Taro.redirectTo({ url: `${ROUTES.lectureDetail}?id=${id}&preview=1` }).catch(() => toast('页面打开失败，请在课程管理中查看'))
      return
    }
    setStatus(res.data.lecture.status)
    toastSuccess('草稿已保存')
  }

  const changeStatus = async (next: 'draft' | 'archived') => {
    if (busy || !lectureId) return
    if (next === 'archived') {
      const answer = await Taro.showModal({
        title: '归档课程',
        content: '归档后党员在学习页看不到本课，已有的学习记录保留。',
        confirmText: '归档',
        confirmColor: '#C8161D',
      }).catch(() => ({ confirm: false }))
      if (!answer.confirm) return
    }
    setBusy('status')
    const res = await setLectureStatus({ lectureId, status: next })
    setBusy('')
    if (!res.ok) return toast(res.error.message)
    setStatus(res.data.lecture.status)
    toastSuccess(next === 'draft' ? '已撤回为草稿' : '已归档')
  }

  if (loaded.status === 'loading') return <Loading />
  if (loaded.status === 'error') return <ErrorState id='edit-error' message={loaded.message} />

  const isMedia = form.kind !== 'article'
  const durationNum = Number(form.duration.trim())
  const published = status === 'published'

  return (
    <View className='page edit-page'>
      {isH5 ? <input ref={fileInput} className='edit-file-input' id='edit-file-input' type='file' onChange={onBrowserFile} /> : null}
      {status !== 'new' ? (
        <Text className='edit-status' id='edit-status'>
          当前状态：<Text className={`lec-status lec-status--${status}`}>{STATUS_LABEL[status]}</Text>
        </Text>
      ) : null}
      {notes.map((n) => (
        <Text key={n} className='notice'>
          {n}
        </Text>
      ))}

      <Text className='section-title'>栏目</Text>
      <View className='form edit-block'>
        <Chips items={columns.map((c) => ({ key: c.id, label: c.name }))} value={form.columnId || null} onChange={(v) => set('columnId', v)} idPrefix='edit-column' />
      </View>
      <FieldError field='columnId' errors={errors} />

      <Text className='section-title'>基本信息</Text>
      <View className='form'>
        <View className='form-item'>
          <Text className='form-item__label'>标题</Text>
          <Input className='form-item__control' {...inputId('edit-title')} type='text' value={form.title} maxlength={40} placeholder='如：两分钟学党章' onInput={(e) => set('title', e.detail.value)} />
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>期号</Text>
          <Input className='form-item__control' {...inputId('edit-issue')} type='number' value={form.issueNo} maxlength={4} placeholder='第几期（选填）' onInput={(e) => set('issueNo', e.detail.value)} />
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>主讲人</Text>
          <Input className='form-item__control' {...inputId('edit-lecturer')} type='text' value={form.lecturer} maxlength={20} placeholder='讲师姓名' onInput={(e) => set('lecturer', e.detail.value)} />
        </View>
        <View className='form-item edit-item--top'>
          <Text className='form-item__label'>简介</Text>
          <Textarea className='edit-summary' {...inputId('edit-summary')} value={form.summary} maxlength={200} placeholder='一两句话介绍本课（选填）' onInput={(e) => set('summary', e.detail.value)} />
        </View>
      </View>
      <FieldError field='title' errors={errors} />
      <FieldError field='issueNo' errors={errors} />
      <FieldError field='lecturer' errors={errors} />
      <FieldError field='summary' errors={errors} />

      <Text className='section-title'>封面（选填）</Text>
      <View className='form edit-block edit-cover'>
        {form.cover?.url ? <Image className='edit-cover__img' src={form.cover.url} mode='aspectFill' /> : null}
        <Text className='link' id='edit-cover-pick' onClick={() => startPick('cover')}>
          {uploading === 'cover' ? '上传中…' : form.cover ? '更换封面' : '上传封面图'}
        </Text>
        {form.cover ? (
          <Text className='link edit-cover__remove' onClick={() => set('cover', null)}>
            移除
          </Text>
        ) : null}
      </View>
      <Text className='form-hint'>{FAMILY_RULES.image.label}，显示在课程卡片上。</Text>
      <FieldError field='coverFileId' errors={errors} />

      <Text className='section-title'>课程类型</Text>
      <View className='form edit-block'>
        <Chips items={KINDS.map((k) => ({ key: k, label: KIND_LABEL[k] }))} value={form.kind} onChange={(v) => set('kind', v)} idPrefix='edit-kind' />
      </View>

      {!isMedia ? (
        <View>
          <Text className='section-title'>正文</Text>
          <View className='form edit-block'>
            <BlockEditor
              blocks={form.drafts}
              onChange={(drafts) => set('drafts', drafts)}
              onAddImage={() => startPick('image')}
              uploadingImage={uploading === 'image'}
            />
            <Text className='edit-body__count' id='edit-reading'>
              {blocks.length ? `${blocks.length} 段 · 预计阅读 ${readingSecOf(blocks)} 秒` : '预计阅读 15 秒起'}
            </Text>
          </View>
          <Text className='form-hint'>按顺序添加段落、小标题和图片，可上移、下移或删除。党员须在页面上阅读满预计时长并读到文末才算完成。</Text>
          <FieldError field='blocks' errors={errors} />
        </View>
      ) : (
        <View>
          <Text className='section-title'>{form.kind === 'audio' ? '音频文件' : '视频文件'}</Text>
          <View className='form'>
            <View className='form-item'>
              <Text className='form-item__label'>文件</Text>
              <Text className='form-item__control edit-file-name' id='edit-media-name'>
                {form.media ? form.media.name : '未上传'}
              </Text>
              <Button className='btn btn--plain btn--small' id='edit-media-pick' loading={uploading === 'media' || undefined} disabled={uploading ? true : undefined} onClick={() => startPick('media')}>
                {form.media ? '重新上传' : '上传'}
              </Button>
            </View>
            <View className='form-item'>
              <Text className='form-item__label'>时长（秒）</Text>
              <Input className='form-item__control' {...inputId('edit-duration')} type='number' value={form.duration} maxlength={5} placeholder='上传后自动读出，可修改' onInput={(e) => set('duration', e.detail.value)} />
              {durationNum > 0 ? <Text className='edit-duration-hint'>{durationLabel(form.kind, durationNum)}</Text> : null}
            </View>
          </View>
          <Text className='form-hint'>
            {FAMILY_RULES[form.kind === 'video' ? 'video' : 'audio'].label}。党员{form.kind === 'audio' ? '收听' : '观看'}满时长的 90% 即完成。
          </Text>
          <FieldError field='mediaFileId' errors={errors} />
          <FieldError field='durationSec' errors={errors} />
        </View>
      )}

      <Text className='section-title'>课后测验</Text>
      <View className='form edit-block'>
        <Chips
          items={[
            { key: 'off', label: '不设测验' },
            { key: 'on', label: '设置测验' },
          ]}
          value={form.quizOn ? 'on' : 'off'}
          onChange={(v) => set('quizOn', v === 'on')}
          idPrefix='edit-quiz'
        />
      </View>
      {form.quizOn ? (
        <View className='quiz-edit' id='edit-quiz'>
          {form.questions.map((q, qi) => (
            <View key={qi} className='quiz-edit__q'>
              <View className='quiz-edit__head'>
                <Text className='quiz-edit__no'>第 {qi + 1} 题</Text>
                {form.questions.length > 1 ? (
                  <Text className='link' onClick={() => removeQuestion(qi)}>
                    删除本题
                  </Text>
                ) : null}
              </View>
              <Input
                className='quiz-edit__question'
                {...inputId(`edit-q-${qi}`)}
                type='text'
                value={q.question}
                maxlength={120}
                placeholder='题目'
                onInput={(e) => setQuestion(qi, (x) => ({ ...x, question: e.detail.value }))}
              />
              {q.options.map((o, oi) => (
                <View key={oi} className='quiz-edit__opt'>
                  <Text
                    className={q.answer === oi ? 'quiz-edit__mark quiz-edit__mark--on' : 'quiz-edit__mark'}
                    id={`edit-q-${qi}-answer-${oi}`}
                    onClick={() => setQuestion(qi, (x) => ({ ...x, answer: oi }))}
                  >
                    {q.answer === oi ? '✓' : ''}
                  </Text>
                  <Input
                    className='quiz-edit__opt-input'
                    {...inputId(`edit-q-${qi}-opt-${oi}`)}
                    type='text'
                    value={o}
                    maxlength={60}
                    placeholder={`选项 ${'ABCD'[oi] ?? ''}`}
                    onInput={(e) => setQuestion(qi, (x) => ({ ...x, options: x.options.map((y, k) => (k === oi ? e.detail.value : y)) }))}
                  />
                  {q.options.length > 2 ? (
                    <Text
                      className='quiz-edit__del'
                      onClick={() =>
                        setQuestion(qi, (x) => ({
                          ...x,
                          options: x.options.filter((_, k) => k !== oi),
                          answer: x.answer === null || x.answer === oi ? null : x.answer > oi ? x.answer - 1 : x.answer,
                        }))
                      }
                    >
                      ×
                    </Text>
                  ) : null}
                </View>
              ))}
              <View className='quiz-edit__foot'>
                <Text className='quiz-edit__tip'>点左侧圆圈标出正确答案</Text>
                {q.options.length < MAX_OPTIONS ? (
                  <Text className='link' onClick={() => setQuestion(qi, (x) => ({ ...x, options: [...x.options, ''] }))}>
                    ＋ 选项
                  </Text>
                ) : null}
              </View>
            </View>
          ))}
          <View className='quiz-edit__bottom'>
            {form.questions.length < MAX_QUESTIONS ? (
              <Text className='link' id='edit-quiz-add' onClick={addQuestion}>
                ＋ 添加题目（最多 {MAX_QUESTIONS} 题）
              </Text>
            ) : (
              <Text className='muted'>已达 {MAX_QUESTIONS} 题上限</Text>
            )}
          </View>
          <View className='quiz-edit__pass'>
            <Text className='quiz-edit__pass-label'>及格题数</Text>
            <Chips
              items={form.questions.map((_, i) => ({ key: i + 1, label: String(i + 1) }))}
              value={Math.min(form.passMark, form.questions.length)}
              onChange={(v) => set('passMark', v)}
              idPrefix='edit-pass'
            />
          </View>
        </View>
      ) : null}
      <FieldError field='quiz' errors={errors} />

      {formError && !Object.keys(errors).length ? (
        <Text className='form-error' id='edit-form-error'>
          {formError}
        </Text>
      ) : null}

      <View className='actions'>
        <Button
          className={busy ? 'btn btn--primary btn--disabled' : 'btn btn--primary'}
          id='edit-publish'
          loading={busy === 'publish' || undefined}
          disabled={busy || uploading ? true : undefined}
          onClick={() => void save(true)}
        >
          {published ? '保存修改' : status === 'archived' ? '重新发布' : '发布'}
        </Button>
        {published ? (
          <Button className='btn btn--plain' id='edit-unpublish' loading={busy === 'status' || undefined} disabled={busy ? true : undefined} onClick={() => void changeStatus('draft')}>
            撤回为草稿
          </Button>
        ) : (
          <Button className='btn btn--plain' id='edit-save' loading={busy === 'save' || undefined} disabled={busy || uploading ? true : undefined} onClick={() => void save(false)}>
            {status === 'archived' ? '保存' : '保存草稿'}
          </Button>
        )}
        {status === 'published' || status === 'draft' ? (
          <Text className='link edit-archive' id='edit-archive' onClick={() => void changeStatus('archived')}>
            归档（党员不再看到本课）
          </Text>
        ) : null}
      </View>
    </View>
  )
}
