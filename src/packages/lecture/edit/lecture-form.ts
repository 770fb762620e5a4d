/**
 * The lecture editor's form model: the fields as typed on the page, the checks in plain Chinese
 * the contract's messages do not give field by field, and the payload of createLecture /
 * updateLecture.
 */
import type { ErrorIssue } from '../../../../contracts/result'
import type { LectureDetail, LectureKind } from '../../../api/lecture'
import { KIND_LABEL } from '../../../utils/lecture-format'
import { draftsOf, fileIdFromUrl, newDraft, type DraftBlock, type EditBlock } from '../components/article-text'

export const KINDS: LectureKind[] = ['article', 'audio', 'video']
export const MAX_QUESTIONS = 5
export const MAX_OPTIONS = 4

export type Field = 'columnId' | 'title' | 'issueNo' | 'lecturer' | 'summary' | 'coverFileId' | 'blocks' | 'mediaFileId' | 'durationSec' | 'quiz'
export type FieldErrors = Partial<Record<Field, string>>
export const FIELDS: readonly Field[] = ['columnId', 'title', 'issueNo', 'lecturer', 'summary', 'coverFileId', 'blocks', 'mediaFileId', 'durationSec', 'quiz']

export interface Question {
  question: string
  options: string[]
  /** 正确选项下标；编辑已有测验时须重新选择（服务端不下发答案） */
  answer: number | null
}

export interface Form {
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

export type Status = 'new' | 'draft' | 'published' | 'archived'

export const newQuestion = (): Question => ({ question: '', options: ['', ''], answer: null })

export function emptyForm(lecturer: string): Form {
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

/** The form of a stored lecture, and what the secretary must redo (images or files lost, quiz answers). */
export function formOfLecture(l: LectureDetail): { form: Form; notes: string[] } {
  const body = draftsOf(l.blocks)
  const mediaId = fileIdFromUrl(l.mediaUrl)
  const coverId = fileIdFromUrl(l.coverUrl)
  const notes: string[] = []
  if (body.lostImages) notes.push(`正文中有 ${body.lostImages} 张图片无法取回，请重新插入`)
  if (l.kind !== 'article' && !mediaId) notes.push('原音视频文件无法取回，请重新上传')
  if (l.quiz) notes.push('为防止泄题，已有测验的正确答案不会下发到手机，请重新点选每题的正确答案后再保存')
  return {
    notes,
    form: {
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
    },
  }
}

const len = (s: string) => s.trim().length

function quizError(form: Form): string | undefined {
  for (const [i, q] of form.questions.entries()) {
    const at = `第 ${i + 1} 题：`
    const options = q.options.map((o) => o.trim())
    if (len(q.question) < 2 || len(q.question) > 120) return `${at}题目须为 2–120 个字`
    if (options.some((o) => !o)) return `${at}请填写每个选项，或删去空的选项`
    if (options.length < 2) return `${at}至少 2 个选项`
    if (options.some((o) => o.length > 60)) return `${at}选项最多 60 字`
    if (q.answer === null || q.answer >= options.length) return `${at}请点选正确答案`
  }
  if (form.passMark < 1 || form.passMark > form.questions.length) return '及格题数不能多于题目数'
  return undefined
}

function bodyError(blocks: EditBlock[]): string | undefined {
  const longHeading = blocks.find((b) => b.type === 'h' && b.text.length > 60)
  const longPara = blocks.findIndex((b) => b.type === 'p' && b.text.length > 2000)
  if (!blocks.length) return '请填写正文'
  if (longHeading && longHeading.type === 'h') return `小标题最多 60 字：「${longHeading.text.slice(0, 12)}…」`
  if (longPara >= 0) return `第 ${longPara + 1} 块超过 2000 字，请用空行分成几段`
  if (blocks.length > 200) return '正文最多 200 段'
  return undefined
}

/** Checks in plain Chinese, field by field, before anything is sent (the contract checks next). */
export function validate(form: Form, blocks: EditBlock[]): FieldErrors {
  const e: FieldErrors = {}
  if (!form.columnId) e.columnId = '请选择栏目'
  if (len(form.title) < 2 || len(form.title) > 40) e.title = '标题须为 2–40 个字'
  const issue = form.issueNo.trim()
  if (issue && !(/^\d{1,4}$/.test(issue) && Number(issue) >= 1)) e.issueNo = '期号须为 1–9999 的整数，可不填'
  if (len(form.lecturer) < 2 || len(form.lecturer) > 20) e.lecturer = '主讲人须为 2–20 个字'
  if (len(form.summary) > 200) e.summary = '简介最多 200 字'
  if (form.kind === 'article') {
    e.blocks = bodyError(blocks)
  } else {
    if (!form.media) e.mediaFileId = form.kind === 'audio' ? '请上传音频文件' : '请上传视频文件'
    const d = form.duration.trim()
    if (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 4 * 3600) e.durationSec = '请填写时长（1–14400 秒的整数）'
  }
  if (form.quizOn) e.quiz = quizError(form)
  for (const key of FIELDS) if (e[key] === undefined) delete e[key]
  return e
}

/** Quiz issues name their question ("quiz.questions.1.options" → 第 2 题). */
export function withQuestionNo(issues: readonly ErrorIssue[]): ErrorIssue[] {
  return issues.map((issue) => {
    const parts = issue.path.split('.')
    const q = parts[0] === 'quiz' && parts[1] === 'questions' && parts[2] !== undefined ? `第 ${Number(parts[2]) + 1} 题：` : ''
    return { path: issue.path, message: q + issue.message }
  })
}

export function payloadOf(form: Form, blocks: EditBlock[]) {
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
