/** 微党课 lectures and columns: list, create, edit, publish / archive, and reading one (with push opens). */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { findMember, requireMember, requireRole } from '../shared/actor'
import { changedFields } from '../shared/audit'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { DuplicateIdError, queryAll, type Page, type Where } from '../../store/document-store'
import { readingSec, type ColumnDoc, type FileDoc, type LectureDoc, type OpenDoc, type ProgressDoc, type PushDoc, type RatingDoc } from './lecture.docs'
import { progressId, progressView, columnsOf, fileUrls, summary, audit, canManage, managesLecture, visibleTo, managedLecture, lectureForStudy } from './lecture.shared'

export async function listColumns(deps: Deps, caller: Caller, input: In<L.ListColumnsInput>) {
  const member = await requireMember(deps, caller)
  const cols = await columnsOf(deps, member.orgId)
  const showHidden = input.includeHidden && member.role === 'admin'
  return { columns: cols.filter((c) => showHidden || !c.hidden).map((c) => ({ id: c._id, name: c.name, order: c.order, hidden: c.hidden })) }
}

export async function saveColumn(deps: Deps, caller: Caller, input: In<L.SaveColumnInput>) {
  const admin = await requireRole(deps, caller, ['admin'])
  const now = deps.clock.now().toISOString()
  if (!input.columnId) {
    const existing = await columnsOf(deps, admin.orgId)
    const doc: ColumnDoc = {
      _id: `col_${deps.ids.random(6)}`,
      orgId: admin.orgId,
      name: input.name,
      order: input.order ?? (existing.at(-1)?.order ?? 0) + 10,
      hidden: input.hidden ?? false,
      createdAt: now,
    }
    await deps.store.transaction(async (tx) => {
      await tx.insert(C.lectureColumn, doc)
      await audit(deps, tx, admin, now, { subject: 'column', subjectId: doc._id, action: 'create', fields: ['name', 'order', 'hidden'] })
    })
    return { column: { id: doc._id, name: doc.name, order: doc.order, hidden: doc.hidden } }
  }
  const columnId = input.columnId
  const saved = await deps.store.transaction(async (tx) => {
    const col = await tx.get<ColumnDoc>(C.lectureColumn, columnId)
    if (!col || col.orgId !== admin.orgId) throw new AppError('LECTURE.COLUMN_NOT_FOUND')
    const set = { name: input.name, order: input.order ?? col.order, hidden: input.hidden ?? col.hidden }
    const fields = changedFields(col, set)
    if (fields.length) {
      await tx.update(C.lectureColumn, col._id, { set })
      await audit(deps, tx, admin, now, { subject: 'column', subjectId: col._id, action: 'update', fields })
    }
    return { id: col._id, ...set }
  })
  return { column: saved }
}

/**
 * One page of the newest published lectures on (orgId[, columnId], status, publishedAt, createdAt)
 * — a manager's unpublished list: the newest made, on (orgId, createdAt) — on the store's keyset cursor: a member's page holds only lectures of visible columns (restricted in the
 * query, so every page but the last is full); a manager's unpublished list leaves out another
 * branch's drafts after the page (so a page may be short, never wrong). The first page also counts
 * the lectures and the caller's completed ones (two counts on indexes, no documents read).
 */
export async function listLectures(deps: Deps, caller: Caller, input: In<L.ListLecturesInput>): Promise<L.ListLecturesOutput> {
  const member = await requireMember(deps, caller)
  const columns = await columnsOf(deps, member.orgId)
  const colName = new Map(columns.map((c) => [c._id, c.name]))
  const visibleCols = columns.filter((c) => !c.hidden).map((c) => c._id)
  const all = input.includeUnpublished && canManage(member)
  const first = !input.cursor
  const [page, total, completed] = await Promise.all([
    lecturePage(deps, member, input, all, visibleCols),
    first ? lectureTotal(deps, member, all, visibleCols) : null,
    first ? deps.store.count(C.lectureProgress, { memberId: member._id, completedAt: { $ne: null } }) : null,
  ])
  const lectures = all ? page.docs.filter((l) => visibleTo(member, l)) : page.docs
  const progress = lectures.length
    ? await queryAll<ProgressDoc>(deps.store, C.lectureProgress, { where: { memberId: member._id, lectureId: { $in: lectures.map((l) => l._id) } } })
    : []
  const byLecture = new Map(progress.map((p) => [p.lectureId, p]))
  const covers = await fileUrls(deps, lectures.map((l) => l.coverFileId))
  return {
    lectures: lectures.map((l) =>
      summary(l, colName.get(l.columnId) ?? '', l.coverFileId ? (covers.get(l.coverFileId) ?? null) : null, progressView(l, byLecture.get(l._id))),
    ),
    next: page.next,
    total,
    completed,
  }
}

async function lecturePage(deps: Deps, member: MemberDoc, input: In<L.ListLecturesInput>, all: boolean, visibleCols: string[]): Promise<Page<LectureDoc>> {
  let column: Where = input.columnId ? { columnId: input.columnId } : {}
  if (!all) {
    if (input.columnId ? !visibleCols.includes(input.columnId) : !visibleCols.length) return { docs: [], next: null }
    if (!input.columnId) column = { columnId: { $in: visibleCols } }
  }
  return deps.store.query<LectureDoc>(C.lecture, {
    where: { orgId: member.orgId, ...column, ...(all ? {} : { status: 'published' }) },
    // A manager's list: the newest made first, so new drafts lead (a draft has no publishing time).
    orderBy: all ? [['createdAt', 'desc']] : [['publishedAt', 'desc'], ['createdAt', 'desc']],
    limit: input.limit,
    cursor: input.cursor ?? null,
  })
}

/** What `total` says (see the contract): counted on the lecture indexes (orgId + status[ + columnId]). */
async function lectureTotal(deps: Deps, member: MemberDoc, all: boolean, visibleCols: string[]): Promise<number> {
  if (!all) return visibleCols.length ? deps.store.count(C.lecture, { orgId: member.orgId, status: 'published', columnId: { $in: visibleCols } }) : 0
  if (member.role === 'admin') return deps.store.count(C.lecture, { orgId: member.orgId })
  const [shown, drafts] = await Promise.all([
    deps.store.count(C.lecture, { orgId: member.orgId, status: { $in: ['published', 'archived'] } }),
    member.branchId ? deps.store.count(C.lecture, { orgId: member.orgId, status: 'draft', ownerBranchId: member.branchId }) : 0,
  ])
  return shown + drafts
}

async function checkFiles(deps: Deps, orgId: string, input: In<L.CreateLectureInput> | In<L.UpdateLectureInput>): Promise<void> {
  const want: Array<[string | null, FileDoc['family'][], string]> = [
    [input.coverFileId, ['image'], 'coverFileId'],
    [input.mediaFileId, input.kind === 'audio' ? ['audio'] : input.kind === 'video' ? ['video'] : [], 'mediaFileId'],
    ...input.blocks.flatMap((b, i): Array<[string | null, FileDoc['family'][], string]> => (b.type === 'img' ? [[b.fileId, ['image'], `blocks.${i}.fileId`]] : [])),
  ]
  for (const [id, families, path] of want) {
    if (!id) continue
    const f = await deps.store.get<FileDoc>(C.lectureFile, id)
    if (!f || f.orgId !== orgId || !families.includes(f.family)) {
      throw new AppError('LECTURE.FILE_NOT_FOUND', undefined, [{ path, message: '找不到上传的文件或文件类型不符' }])
    }
  }
}

async function lectureFields(deps: Deps, orgId: string, input: In<L.CreateLectureInput> | In<L.UpdateLectureInput>) {
  const col = await deps.store.get<ColumnDoc>(C.lectureColumn, input.columnId)
  if (!col || col.orgId !== orgId) throw new AppError('LECTURE.COLUMN_NOT_FOUND')
  await checkFiles(deps, orgId, input)
  return {
    col,
    fields: {
      columnId: input.columnId,
      title: input.title,
      issueNo: input.issueNo,
      lecturer: input.lecturer,
      summary: input.summary,
      coverFileId: input.coverFileId,
      kind: input.kind,
      blocks: input.kind === 'article' ? input.blocks : [],
      mediaFileId: input.kind === 'article' ? null : input.mediaFileId,
      durationSec: input.kind === 'article' ? readingSec(input.blocks) : (input.durationSec ?? 0),
      quiz: input.quiz,
    },
  }
}

export async function createLecture(deps: Deps, caller: Caller, input: In<L.CreateLectureInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  if (actor.role === 'secretary' && !actor.branchId) throw new AppError('FORBIDDEN')
  const { col, fields } = await lectureFields(deps, actor.orgId, input)
  return once(deps, `createLecture:${actor._id}`, input.requestId, async (tx) => {
    const now = deps.clock.now().toISOString()
    const doc: LectureDoc = {
      _id: `lec_${deps.ids.random(9)}`,
      orgId: actor.orgId,
      ...fields,
      status: 'draft',
      ownerBranchId: actor.role === 'admin' ? null : actor.branchId,
      createdBy: actor._id,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
    }
    await tx.insert(C.lecture, doc)
    await audit(deps, tx, actor, now, { subject: 'lecture', subjectId: doc._id, action: 'create', fields: Object.keys(fields) })
    return { lecture: summary(doc, col.name, null, null) }
  })
}

/** Applies `next(current)` to a lecture in one transaction with its audit line; re-checks ownership on the fresh read. */
async function changeLecture(
  deps: Deps,
  actor: MemberDoc,
  lectureId: string,
  action: 'update' | 'status',
  next: (current: LectureDoc) => Partial<LectureDoc>,
  note?: (current: LectureDoc) => string,
): Promise<LectureDoc> {
  const now = deps.clock.now().toISOString()
  return deps.store.transaction(async (tx) => {
    const current = await tx.get<LectureDoc>(C.lecture, lectureId)
    if (!current || !visibleTo(actor, current)) throw new AppError('LECTURE.NOT_FOUND')
    if (!managesLecture(actor, current)) throw new AppError('FORBIDDEN')
    const wanted = next(current)
    const fields = changedFields(current, wanted)
    if (!fields.length) return current
    const set = { ...wanted, updatedAt: now }
    await tx.update(C.lecture, lectureId, { set })
    await audit(deps, tx, actor, now, { subject: 'lecture', subjectId: lectureId, action, fields, ...(note ? { note: note(current) } : {}) })
    return { ...current, ...set }
  })
}

export async function updateLecture(deps: Deps, caller: Caller, input: In<L.UpdateLectureInput>) {
  const { actor, lecture } = await managedLecture(deps, caller, input.lectureId, 'change')
  const { col, fields } = await lectureFields(deps, actor.orgId, input)
  const saved = await changeLecture(deps, actor, lecture._id, 'update', () => fields)
  return { lecture: summary(saved, col.name, null, null) }
}

export async function setLectureStatus(deps: Deps, caller: Caller, input: In<L.SetLectureStatusInput>) {
  const { actor, lecture } = await managedLecture(deps, caller, input.lectureId, 'change')
  const now = deps.clock.now().toISOString()
  const saved = await changeLecture(
    deps,
    actor,
    lecture._id,
    'status',
    (current) => ({ status: input.status, publishedAt: input.status === 'published' ? (current.publishedAt ?? now) : current.publishedAt }),
    (current) => `${current.status}→${input.status}`,
  )
  const col = await deps.store.get<ColumnDoc>(C.lectureColumn, lecture.columnId)
  return { lecture: summary(saved, col?.name ?? '', null, null) }
}

/** Anyone with the link may read a published lecture; opening it through a push is recorded once per person. */
export async function getLecture(deps: Deps, caller: Caller, input: In<L.GetLectureInput>): Promise<L.GetLectureOutput> {
  const member = await findMember(deps, caller)
  let push: PushDoc | null = null
  if (input.pushId) {
    push = await deps.store.get<PushDoc>(C.lecturePush, input.pushId)
    if (!push || push.lectureId !== input.lectureId) throw new AppError('LECTURE.PUSH_NOT_FOUND')
  }
  const orgId = member?.orgId ?? push?.orgId
  if (!orgId) throw new AppError(caller.openid || caller.deviceId ? 'MEMBER.NOT_MEMBER' : 'UNAUTHENTICATED')
  const lecture = await lectureForStudy(deps, input.lectureId, orgId, member, 'read')
  if (push) {
    const who = member ? `m:${member._id}` : caller.openid ? `o:${deps.keys.hmac('push-open', caller.openid)}` : caller.deviceId ? `d:${deps.keys.hmac('push-open', caller.deviceId)}` : null
    if (who) {
      const open: OpenDoc = { _id: deps.ids.derive('open', push._id, who), pushId: push._id, lectureId: lecture._id, memberId: member?._id ?? null, at: deps.clock.now().toISOString() }
      try {
        await deps.store.insert(C.lectureOpen, open)
        await deps.store.update(C.lecturePush, push._id, { inc: { opens: 1 } })
      } catch (err) {
        if (!(err instanceof DuplicateIdError)) throw err
      }
    }
  }
  const [col, progress, rating] = await Promise.all([
    deps.store.get<ColumnDoc>(C.lectureColumn, lecture.columnId),
    member ? deps.store.get<ProgressDoc>(C.lectureProgress, progressId(deps, lecture._id, member._id)) : null,
    member ? deps.store.get<RatingDoc>(C.lectureRating, deps.ids.derive('rating', lecture._id, member._id)) : null,
  ])
  const urls = await fileUrls(deps, [lecture.coverFileId, lecture.mediaFileId, ...lecture.blocks.map((b) => (b.type === 'img' ? b.fileId : null))])
  return {
    lecture: {
      ...summary(lecture, col?.name ?? '', lecture.coverFileId ? (urls.get(lecture.coverFileId) ?? null) : null, member ? progressView(lecture, progress) : null),
      blocks: lecture.blocks.map((b) => (b.type === 'img' ? { type: 'img' as const, text: b.caption, url: urls.get(b.fileId) ?? null } : { type: b.type, text: b.text, url: null })),
      mediaUrl: lecture.mediaFileId ? (urls.get(lecture.mediaFileId) ?? null) : null,
      quiz: lecture.quiz ? { questions: lecture.quiz.questions.map((q) => ({ question: q.question, options: q.options })), passMark: lecture.quiz.passMark } : null,
      myRating: rating?.stars ?? null,
    },
    push: push ? { id: push._id, label: push.label, deadline: push.deadline } : null,
  }
}
