/** Stored shapes of the lecture context and its rules of study credit. */
import type { ArticleBlock, LectureKind } from '../../../contracts/lecture.contract'
import type { AuditBase } from '../shared/audit'

export interface ColumnDoc {
  _id: string
  orgId: string
  name: string
  order: number
  hidden: boolean
  createdAt: string
}

export interface QuizDoc {
  questions: Array<{ question: string; options: string[]; answer: number }>
  passMark: number
}

export interface LectureDoc {
  _id: string
  orgId: string
  columnId: string
  title: string
  issueNo: number | null
  lecturer: string
  summary: string
  coverFileId: string | null
  kind: LectureKind
  blocks: ArticleBlock[]
  mediaFileId: string | null
  /** media length, or for articles the reading time the text asks for */
  durationSec: number
  quiz: QuizDoc | null
  status: 'draft' | 'published' | 'archived'
  /**
   * The branch that made it and alone may change it (with the organisation's admins); null, or
   * missing on lectures older than this field, for the organisation's own (admin-made, seeded).
   */
  ownerBranchId?: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  publishedAt: string | null
}

/** One change to a lecture or a column: who, when, which action, which fields. */
export interface LectureAuditDoc extends AuditBase {
  subject: 'lecture' | 'column'
  subjectId: string
  orgId: string
  action: 'create' | 'update' | 'status'
  fields: string[]
  /** for a status change, e.g. `draft→published` */
  note: string | null
}

export interface FileDoc {
  _id: string
  orgId: string
  ref: string
  mimeType: string
  family: 'image' | 'audio' | 'video'
  bytes: number
  uploadedBy: string
  createdAt: string
}

export interface PushDoc {
  _id: string
  orgId: string
  branchId: string
  lectureId: string
  label: string
  deadline: string | null
  opens: number
  createdBy: string
  createdAt: string
}

/** One open of a push by one person (member id, or a keyed hash for non-members). */
export interface OpenDoc {
  _id: string
  pushId: string
  lectureId: string
  memberId: string | null
  at: string
}

export interface ProgressDoc {
  /** derived from (lecture, member) */
  _id: string
  orgId: string
  branchId: string | null
  lectureId: string
  memberId: string
  /** server-accumulated study time, never more than wall-clock time between heartbeats */
  effectiveSec: number
  lastBeatAt: string
  lastPlaying: boolean
  maxPositionSec: number
  atEnd: boolean
  quizPassed: boolean | null
  viaPushId: string | null
  startedAt: string
  completedAt: string | null
  pointsAwarded: number
}

export interface RatingDoc {
  _id: string
  orgId: string
  lectureId: string
  lecturer: string
  memberId: string
  stars: number
  comment: string | null
  commentStatus: 'none' | 'visible' | 'held'
  /** Only the word list screened the comment (the platform's check did not answer) */
  commentUnchecked?: boolean
  at: string
}

export interface StudyDailyDoc {
  _id: string
  memberId: string
  day: string
  points: number
}

/** Heartbeats closer than this are answered without a write. */
export const MIN_BEAT_GAP_MS = 5_000
/** The most one heartbeat interval can credit: the page beats every ≤ 15 s, plus grace. */
export const MAX_CREDIT_PER_BEAT_SEC = 20
/** Audio and video complete at 90 % of their length. */
export const MEDIA_COMPLETION = 0.9
/** Reading speed for articles (characters per minute) and the shortest reading time. */
export const READ_CHARS_PER_MIN = 400
export const MIN_READ_SEC = 15

export function readingSec(blocks: ArticleBlock[]): number {
  const chars = blocks.reduce((n, b) => n + (b.type === 'img' ? 40 : b.text.length), 0)
  return Math.max(MIN_READ_SEC, Math.ceil((chars * 60) / READ_CHARS_PER_MIN))
}

export function requiredSec(l: Pick<LectureDoc, 'kind' | 'durationSec'>): number {
  return l.kind === 'article' ? l.durationSec : Math.ceil(l.durationSec * MEDIA_COMPLETION)
}

/** Upload rules: what each family accepts, by declared type and by the bytes' own signature. */
export const UPLOAD_RULES = {
  image: { max: 2 * 1024 * 1024, types: { 'image/jpeg': 'jpg', 'image/png': 'png' } },
  audio: { max: 4 * 1024 * 1024, types: { 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/aac': 'aac', 'audio/wav': 'wav', 'audio/x-wav': 'wav' } },
  video: { max: 4 * 1024 * 1024, types: { 'video/mp4': 'mp4' } },
} as const

/** What the bytes say they are, whatever the name or declared type claims. */
export function sniff(b: Uint8Array): string | null {
  // past the end: 0x100, no byte's value and no bit a signature tests (-1 had them all: a lone 0xff was an MP3 frame)
  const at = (i: number) => b[i] ?? 0x100
  const ascii = (from: number, s: string) => [...s].every((c, i) => at(from + i) === c.charCodeAt(0))
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpg'
  if (ascii(0, '\x89PNG\r\n\x1a\n')) return 'png'
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'wav'
  if (ascii(4, 'ftyp')) return ascii(8, 'M4A ') ? 'm4a' : 'mp4'
  if (ascii(0, 'ID3') || (at(0) === 0xff && (at(1) & 0xe0) === 0xe0)) return (at(1) & 0x06) === 0 ? 'aac' : 'mp3'
  return null
}
