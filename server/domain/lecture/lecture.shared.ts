/**
 * What the lecture use cases share: the record ids and views of a lecture and of a member's
 * progress, the columns and file URLs, who may see or change a lecture, and the one loader for
 * "the lecture and a manager of it" (plus its reader-facing twin, `lectureForStudy`).
 */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps } from '../deps'
import { AppError } from '../errors'
import { requireRole } from '../shared/actor'
import { appendAudit } from '../shared/audit'
import { C, type MemberDoc } from '../shared/collections'
import { queryAll, type TxStore } from '../../store/document-store'
import { requiredSec, type ColumnDoc, type FileDoc, type LectureAuditDoc, type LectureDoc, type ProgressDoc } from './lecture.docs'

export const LECTURE_PAGE = '/packages/lecture/detail/index'

export const progressId = (deps: Deps, lectureId: string, memberId: string) => deps.ids.derive('study', lectureId, memberId)

export function progressView(l: LectureDoc, p: ProgressDoc | null | undefined): L.ProgressView {
  const need = requiredSec(l)
  if (!p) return { state: 'none', effectiveSec: 0, requiredSec: need, percent: 0, quizPassed: null, completedAt: null }
  const percent = p.completedAt ? 100 : Math.min(99, Math.floor((p.effectiveSec / need) * 100))
  return {
    state: p.completedAt ? 'completed' : 'in_progress',
    effectiveSec: Math.round(p.effectiveSec * 10) / 10,
    requiredSec: need,
    percent,
    quizPassed: p.quizPassed,
    completedAt: p.completedAt,
  }
}

export async function columnsOf(deps: Deps, orgId: string): Promise<ColumnDoc[]> {
  return queryAll<ColumnDoc>(deps.store, C.lectureColumn, { where: { orgId }, orderBy: [['order', 'asc']] })
}

export async function fileUrls(deps: Deps, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))]
  if (!wanted.length) return new Map()
  const docs = (await Promise.all(wanted.map((id) => deps.store.get<FileDoc>(C.lectureFile, id)))).filter((d): d is FileDoc => !!d)
  const urls = await deps.files.urls(docs.map((d) => d.ref))
  return new Map(docs.map((d) => [d._id, urls.get(d.ref) ?? d.ref]))
}

export function summary(l: LectureDoc, column: string, cover: string | null, progress: L.ProgressView | null): L.LectureSummary {
  return {
    id: l._id,
    title: l.title,
    kind: l.kind,
    columnId: l.columnId,
    columnName: column,
    issueNo: l.issueNo,
    lecturer: l.lecturer,
    summary: l.summary,
    coverUrl: cover,
    durationSec: l.durationSec,
    status: l.status,
    publishedAt: l.publishedAt,
    hasQuiz: !!l.quiz,
    progress,
  }
}

/** Appends a lecture or column audit line inside the change's own transaction. */
export function audit(deps: Deps, tx: TxStore, actor: MemberDoc, at: string, line: Omit<LectureAuditDoc, '_id' | 'byId' | 'byName' | 'at' | 'orgId' | 'note'> & { note?: string }) {
  return appendAudit(deps, tx, C.lectureAudit, actor, at, { orgId: actor.orgId, note: null, ...line })
}

export const canManage = (m: MemberDoc) => m.role === 'secretary' || m.role === 'admin'

/**
 * Who may change a lecture: the organisation's admins any of its lectures; a secretary only those
 * of their own branch. Lectures without an owner branch (admin-made, seeded) are the organisation's.
 */
export function managesLecture(m: MemberDoc, l: LectureDoc): boolean {
  if (m.orgId !== l.orgId) return false
  if (m.role === 'admin') return true
  return m.role === 'secretary' && !!m.branchId && (l.ownerBranchId ?? null) === m.branchId
}

/** A draft is its owner's business: to anyone else it does not exist. Published and archived ones were public. */
export const visibleTo = (m: MemberDoc, l: LectureDoc) => m.orgId === l.orgId && (l.status !== 'draft' || managesLecture(m, l))

/**
 * A lecture a secretary or admin acts on. Not visible to them (another branch's draft, another
 * organisation's, none at all): LECTURE.NOT_FOUND, the same answer whatever the reason, so a draft's
 * existence is not revealed. `change`: visible but someone else's (a published lecture of another
 * branch, or the organisation's): FORBIDDEN — it is public, so saying so reveals nothing.
 */
export async function managedLecture(deps: Deps, caller: Caller, lectureId: string, need: 'use' | 'change'): Promise<{ actor: MemberDoc; lecture: LectureDoc }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const lecture = await deps.store.get<LectureDoc>(C.lecture, lectureId)
  if (!lecture || !visibleTo(actor, lecture)) throw new AppError('LECTURE.NOT_FOUND')
  if (need === 'change' && !managesLecture(actor, lecture)) throw new AppError('FORBIDDEN')
  return { actor, lecture }
}

/**
 * A lecture to read (`read`: its managers may preview an unpublished one) or to study (published
 * only). Someone else's draft answers LECTURE.NOT_FOUND like an unknown id; an archived lecture
 * was public, so it answers LECTURE.NOT_PUBLISHED.
 */
export async function lectureForStudy(deps: Deps, lectureId: string, orgId: string, viewer: MemberDoc | null, purpose: 'read' | 'study'): Promise<LectureDoc> {
  const lecture = await deps.store.get<LectureDoc>(C.lecture, lectureId)
  if (!lecture || lecture.orgId !== orgId) throw new AppError('LECTURE.NOT_FOUND')
  if (lecture.status === 'published') return lecture
  const manages = !!viewer && managesLecture(viewer, lecture)
  if (lecture.status === 'draft' && !manages) throw new AppError('LECTURE.NOT_FOUND')
  if (purpose === 'read' && manages) return lecture
  throw new AppError('LECTURE.NOT_PUBLISHED')
}
