/**
 * The lecture editor's form model: the fields as typed on the page, the payload of createLecture /
 * updateLecture, and the contract's issues named for the page (no checks of its own: the contract's
 * are the ones shown).
 */
import type { ErrorIssue } from '../../../../contracts/result'
import type { FieldErrors as ErrorsOf } from '../../../hooks/use-form'
import type { LectureDetail, LectureKind } from '../../../api/lecture'
import { KIND_LABEL } from '../../../utils/lecture-format'
import { draftsOf, fileIdFromUrl, newDraft, type DraftBlock, type EditBlock } from '../components/article-text'

export const KINDS: LectureKind[] = ['article', 'audio', 'video']
export const MAX_QUESTIONS = 5
export const MAX_OPTIONS = 4

export type Field = 'columnId' | 'title' | 'issueNo' | 'lecturer' | 'summary' | 'coverFileId' | 'blocks' | 'mediaFileId' | 'durationSec' | 'quiz'
export type FieldErrors = ErrorsOf<Field>
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

/**
 * The contract's issues, named for the page: a quiz issue names its question
 * ("quiz.questions.1.options" → 第 2 题：…), a body issue its block ("blocks.3.text" → 正文第 4 段：…).
 */
export function namedIssues(issues: readonly ErrorIssue[]): ErrorIssue[] {
  return issues.map((issue) => {
    const parts = issue.path.split('.')
    const at =
      parts[0] === 'quiz' && parts[1] === 'questions' && parts[2] !== undefined
        ? `第 ${Number(parts[2]) + 1} 题：`
        : parts[0] === 'blocks' && parts[1] !== undefined
          ? `正文第 ${Number(parts[1]) + 1} 段：`
          : ''
    return { path: issue.path, message: at + issue.message }
  })
}

const numberOrNull = (s: string) => (s.trim() ? Number(s.trim()) : null)

/**
 * What the page sends, as typed: checked by createLecture / updateLecture's own contract (the only
 * checks; its messages are the ones shown), which also fills the defaults. A question without its
 * answer picked goes as -1, for the contract to say 请点选正确答案 (an out-of-range number, not null:
 * a wrong type would stop zod before the checks across fields, 请上传音频文件 and the like).
 */
export function payloadOf(form: Form, blocks: EditBlock[]) {
  const media = form.kind !== 'article'
  return {
    columnId: form.columnId,
    title: form.title.trim(),
    issueNo: numberOrNull(form.issueNo),
    lecturer: form.lecturer.trim(),
    summary: form.summary.trim(),
    coverFileId: form.cover?.fileId ?? null,
    kind: form.kind,
    blocks: media ? [] : blocks,
    mediaFileId: media ? (form.media?.fileId ?? null) : null,
    durationSec: media ? numberOrNull(form.duration) : null,
    quiz: form.quizOn
      ? {
          questions: form.questions.map((q) => ({ question: q.question.trim(), options: q.options.map((o) => o.trim()), answer: q.answer ?? -1 })),
          passMark: form.passMark,
        }
      : null,
  }
}

