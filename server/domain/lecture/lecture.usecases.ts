/**
 * 微党课 use cases: columns, lectures (article / audio / video), uploads, pushes into WeChat
 * groups, study credit earned from server-timed heartbeats, quizzes, reports and feedback.
 * No client statement of "done" or "watched 100 %" is believed: effective time is the wall-clock
 * time between the server's own receipt of heartbeats, capped per beat and by the media's length.
 */
import { LECTURE_KIND_LABEL } from '../../../contracts/lecture.contract'
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { appendEntry } from '../points/ledger'
import { branchInScope, findMember, requireMember, requireRole } from '../shared/actor'
import { appendAudit, changedFields } from '../shared/audit'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { cnDay, cnYear } from '../shared/china-time'
import { DuplicateIdError, queryAll, type TxStore } from '../../store/document-store'
import {
  DEFAULT_DAILY_CAP,
  DEFAULT_STUDY_POINTS,
  MAX_CREDIT_PER_BEAT_SEC,
  MIN_BEAT_GAP_MS,
  readingSec,
  requiredSec,
  sniff,
  UPLOAD_RULES,
  type ColumnDoc,
  type FileDoc,
  type LectureAuditDoc,
  type LectureDoc,
  type OpenDoc,
  type ProgressDoc,
  type PushDoc,
  type RatingDoc,
  type StudyDailyDoc,
} from './lecture.docs'

export const LECTURE_PAGE = '/packages/lecture/detail/index'

const progressId = (deps: Deps, lectureId: string, memberId: string) => deps.ids.derive('study', lectureId, memberId)

function progressView(l: LectureDoc, p: ProgressDoc | null | undefined): L.ProgressView {
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

async function columnsOf(deps: Deps, orgId: string): Promise<ColumnDoc[]> {
  return queryAll<ColumnDoc>(deps.store, C.lectureColumn, { where: { orgId }, orderBy: [['order', 'asc']] })
}

async function fileUrls(deps: Deps, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))]
  if (!wanted.length) return new Map()
  const docs = (await Promise.all(wanted.map((id) => deps.store.get<FileDoc>(C.lectureFile, id)))).filter((d): d is FileDoc => !!d)
  const urls = await deps.files.urls(docs.map((d) => d.ref))
  return new Map(docs.map((d) => [d._id, urls.get(d.ref) ?? d.ref]))
}

function summary(l: LectureDoc, column: string, cover: string | null, progress: L.ProgressView | null): L.LectureSummary {
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

export async function listColumns(deps: Deps, caller: Caller, input: In<L.ListColumnsInput>) {
  const member = await requireMember(deps, caller)
  const cols = await columnsOf(deps, member.orgId)
  const showHidden = input.includeHidden && member.role === 'admin'
  return { columns: cols.filter((c) => showHidden || !c.hidden).map((c) => ({ id: c._id, name: c.name, order: c.order, hidden: c.hidden })) }
}

/** Appends a lecture or column audit line inside the change's own transaction. */
function audit(deps: Deps, tx: TxStore, actor: MemberDoc, at: string, line: Omit<LectureAuditDoc, '_id' | 'byId' | 'byName' | 'at' | 'orgId' | 'note'> & { note?: string }) {
  return appendAudit(deps, tx, C.lectureAudit, actor, at, { orgId: actor.orgId, note: null, ...line })
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

const canManage = (m: MemberDoc) => m.role === 'secretary' || m.role === 'admin'

/**
 * Who may change a lecture: the organisation's admins any of its lectures; a secretary only those
 * of their own branch. Lectures without an owner branch (admin-made, seeded) are the organisation's.
 */
function managesLecture(m: MemberDoc, l: LectureDoc): boolean {
  if (m.orgId !== l.orgId) return false
  if (m.role === 'admin') return true
  return m.role === 'secretary' && !!m.branchId && (l.ownerBranchId ?? null) === m.branchId
}

/** A draft is its owner's business: to anyone else it does not exist. Published and archived ones were public. */
const visibleTo = (m: MemberDoc, l: LectureDoc) => m.orgId === l.orgId && (l.status !== 'draft' || managesLecture(m, l))

export async function listLectures(deps: Deps, caller: Caller, input: In<L.ListLecturesInput>): Promise<L.ListLecturesOutput> {
  const member = await requireMember(deps, caller)
  const columns = await columnsOf(deps, member.orgId)
  const colName = new Map(columns.map((c) => [c._id, c.name]))
  const visibleCols = new Set(columns.filter((c) => !c.hidden).map((c) => c._id))
  const all = input.includeUnpublished && canManage(member)
  const lectures = (
    await queryAll<LectureDoc>(deps.store, C.lecture, {
      where: { orgId: member.orgId, ...(input.columnId ? { columnId: input.columnId } : {}), ...(all ? {} : { status: 'published' }) },
      orderBy: [['publishedAt', 'desc'], ['createdAt', 'desc']],
    })
  ).filter((l) => (all ? visibleTo(member, l) : visibleCols.has(l.columnId)))
  const progress = lectures.length
    ? await queryAll<ProgressDoc>(deps.store, C.lectureProgress, { where: { memberId: member._id, lectureId: { $in: lectures.map((l) => l._id) } } })
    : []
  const byLecture = new Map(progress.map((p) => [p.lectureId, p]))
  const covers = await fileUrls(deps, lectures.map((l) => l.coverFileId))
  return {
    lectures: lectures.map((l) =>
      summary(l, colName.get(l.columnId) ?? '', l.coverFileId ? (covers.get(l.coverFileId) ?? null) : null, progressView(l, byLecture.get(l._id))),
    ),
  }
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

/**
 * A lecture a secretary or admin acts on. Not visible to them (another branch's draft, another
 * organisation's, none at all): LECTURE.NOT_FOUND, the same answer whatever the reason, so a draft's
 * existence is not revealed. `change`: visible but someone else's (a published lecture of another
 * branch, or the organisation's): FORBIDDEN — it is public, so saying so reveals nothing.
 */
async function managedLecture(deps: Deps, caller: Caller, lectureId: string, need: 'use' | 'change'): Promise<{ actor: MemberDoc; lecture: LectureDoc }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const lecture = await deps.store.get<LectureDoc>(C.lecture, lectureId)
  if (!lecture || !visibleTo(actor, lecture)) throw new AppError('LECTURE.NOT_FOUND')
  if (need === 'change' && !managesLecture(actor, lecture)) throw new AppError('FORBIDDEN')
  return { actor, lecture }
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

/** Validates by declared type, by size and by the bytes' own signature; stores nothing on failure. */
export async function uploadMedia(deps: Deps, caller: Caller, input: In<L.UploadMediaInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const mime = input.mimeType.toLowerCase()
  const family = (Object.keys(UPLOAD_RULES) as Array<keyof typeof UPLOAD_RULES>).find((f) => mime in UPLOAD_RULES[f].types)
  if (!family) throw new AppError('LECTURE.UPLOAD_TYPE')
  const bytes = Buffer.from(input.base64, 'base64')
  if (!bytes.length) throw new AppError('LECTURE.UPLOAD_TYPE')
  if (bytes.length > UPLOAD_RULES[family].max) throw new AppError('LECTURE.UPLOAD_TOO_LARGE')
  const ext = (UPLOAD_RULES[family].types as Record<string, string>)[mime] ?? ''
  const actual = sniff(bytes)
  const container = (e: string | null) => (e === 'm4a' || e === 'mp4' ? 'mp4' : e)
  if (!actual || container(actual) !== container(ext)) throw new AppError('LECTURE.UPLOAD_TYPE')
  const id = `f_${deps.ids.random(12)}`
  const ref = await deps.files.put({ id, ext, mimeType: mime, bytes })
  const doc: FileDoc = { _id: id, orgId: actor.orgId, ref, mimeType: mime, family, bytes: bytes.length, uploadedBy: actor._id, createdAt: deps.clock.now().toISOString() }
  await deps.store.insert(C.lectureFile, doc)
  const urls = await deps.files.urls([ref])
  return { fileId: id, url: urls.get(ref) ?? ref, bytes: bytes.length, mimeType: mime }
}

/**
 * A lecture to read (`read`: its managers may preview an unpublished one) or to study (published
 * only). Someone else's draft answers LECTURE.NOT_FOUND like an unknown id; an archived lecture
 * was public, so it answers LECTURE.NOT_PUBLISHED.
 */
async function lectureForStudy(deps: Deps, lectureId: string, orgId: string, viewer: MemberDoc | null, purpose: 'read' | 'study'): Promise<LectureDoc> {
  const lecture = await deps.store.get<LectureDoc>(C.lecture, lectureId)
  if (!lecture || lecture.orgId !== orgId) throw new AppError('LECTURE.NOT_FOUND')
  if (lecture.status === 'published') return lecture
  const manages = !!viewer && managesLecture(viewer, lecture)
  if (lecture.status === 'draft' && !manages) throw new AppError('LECTURE.NOT_FOUND')
  if (purpose === 'read' && manages) return lecture
  throw new AppError('LECTURE.NOT_PUBLISHED')
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

async function studySettings(deps: Deps, orgId: string): Promise<{ points: number; dailyCap: number }> {
  const s = await deps.store.get<{ _id: string; points?: number; dailyCap?: number }>(C.lectureSettings, orgId)
  return { points: s?.points ?? DEFAULT_STUDY_POINTS, dailyCap: s?.dailyCap ?? DEFAULT_DAILY_CAP }
}

const isComplete = (l: LectureDoc, p: Pick<ProgressDoc, 'effectiveSec' | 'atEnd' | 'quizPassed'>) =>
  p.effectiveSec >= requiredSec(l) && (l.kind !== 'article' || p.atEnd) && (!l.quiz || p.quizPassed === true)

/**
 * Records completion once, in one transaction with its ledger entry and the day's study-points
 * counter: the progress document is updated only if it is still incomplete and unchanged since it
 * was read, so concurrent heartbeats cannot complete twice. Returns the points awarded, or null
 * when another request changed the document first.
 */
async function complete(deps: Deps, member: MemberDoc, lecture: LectureDoc, before: ProgressDoc, set: Partial<ProgressDoc>): Promise<number | null> {
  const now = deps.clock.now()
  const settings = await studySettings(deps, member.orgId)
  const day = cnDay(now)
  return deps.store.transaction(async (tx) => {
    const current = await tx.get<ProgressDoc>(C.lectureProgress, before._id)
    if (!current || current.completedAt || current.lastBeatAt !== before.lastBeatAt || current.quizPassed !== before.quizPassed) return null
    const dailyId = `${member._id}_${day}`
    const daily = await tx.get<StudyDailyDoc>(C.studyDaily, dailyId)
    const points = Math.max(0, Math.min(settings.points, settings.dailyCap - (daily?.points ?? 0)))
    await tx.update(C.lectureProgress, before._id, { set: { ...set, completedAt: now.toISOString(), pointsAwarded: points } })
    if (points > 0) {
      if (daily) await tx.update(C.studyDaily, dailyId, { inc: { points } })
      else await tx.insert(C.studyDaily, { _id: dailyId, memberId: member._id, day, points } satisfies StudyDailyDoc)
      await appendEntry(tx, {
        _id: deps.ids.derive('points', 'lecture', lecture._id, member._id),
        orgId: member.orgId,
        branchId: member.branchId,
        memberId: member._id,
        year: cnYear(now.toISOString()),
        amount: points,
        reason: `完成微党课：${lecture.title}`,
        source: { type: 'lecture_completed', ref: lecture._id },
        reverses: null,
        recordedBy: member._id,
        at: now.toISOString(),
      })
    }
    return points
  })
}

async function startProgress(deps: Deps, member: MemberDoc, lecture: LectureDoc, input: { positionSec: number; playing: boolean; atEnd?: boolean }): Promise<ProgressDoc> {
  const now = deps.clock.now().toISOString()
  const lastOpen = await deps.store.query<OpenDoc>(C.lectureOpen, { where: { lectureId: lecture._id, memberId: member._id }, orderBy: [['at', 'desc']], limit: 1 })
  const doc: ProgressDoc = {
    _id: progressId(deps, lecture._id, member._id),
    orgId: member.orgId,
    branchId: member.branchId,
    lectureId: lecture._id,
    memberId: member._id,
    effectiveSec: 0,
    lastBeatAt: now,
    lastPlaying: input.playing,
    maxPositionSec: input.positionSec,
    atEnd: input.atEnd === true,
    quizPassed: null,
    viaPushId: lastOpen.docs[0]?.pushId ?? null,
    startedAt: now,
    completedAt: null,
    pointsAwarded: 0,
  }
  try {
    await deps.store.insert(C.lectureProgress, doc)
    return doc
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
    const winner = await deps.store.get<ProgressDoc>(C.lectureProgress, doc._id)
    if (!winner) throw err
    return winner
  }
}

/**
 * A heartbeat: credits the wall-clock time since the previous heartbeat if the media was playing
 * (the page visible, for articles), at most MAX_CREDIT_PER_BEAT_SEC and never past the media's
 * length. One store write per heartbeat; beats closer than MIN_BEAT_GAP_MS write nothing.
 */
export async function reportProgress(deps: Deps, caller: Caller, input: In<L.ReportProgressInput>): Promise<L.ReportProgressOutput> {
  const member = await requireMember(deps, caller)
  const lecture = await lectureForStudy(deps, input.lectureId, member.orgId, member, 'study')
  const answer = (p: ProgressDoc | null, points = 0): L.ReportProgressOutput => ({
    effectiveSec: p ? Math.round(p.effectiveSec * 10) / 10 : 0,
    completed: !!p?.completedAt,
    points,
    progress: progressView(lecture, p),
  })
  const existing = await deps.store.get<ProgressDoc>(C.lectureProgress, progressId(deps, lecture._id, member._id))
  // Study starts with the first beat that plays / reads. Opening a lecture (getLecture, or a page's
  // first beat with nothing playing, as when a secretary opens it from 课程管理 to push it) is not
  // studying and leaves no progress, so the report does not list them as 学习中.
  if (!existing) return answer(input.playing ? await startProgress(deps, member, lecture, input) : null)
  if (existing.completedAt) return answer(existing)
  const now = deps.clock.now()
  const gapMs = now.getTime() - new Date(existing.lastBeatAt).getTime()
  const atEnd = existing.atEnd || input.atEnd === true
  // Too early to matter, unless it says something new (paused, or reached the end).
  if (gapMs < MIN_BEAT_GAP_MS && atEnd === existing.atEnd && input.playing === existing.lastPlaying) return answer(existing)
  const credit = existing.lastPlaying ? Math.min(gapMs / 1000, MAX_CREDIT_PER_BEAT_SEC) : 0
  const set = {
    effectiveSec: Math.min(lecture.durationSec, existing.effectiveSec + credit),
    lastBeatAt: now.toISOString(),
    lastPlaying: input.playing,
    maxPositionSec: Math.max(existing.maxPositionSec, input.positionSec),
    atEnd,
  }
  if (isComplete(lecture, { ...existing, ...set })) {
    const points = await complete(deps, member, lecture, existing, set)
    if (points !== null) return answer({ ...existing, ...set, completedAt: now.toISOString(), pointsAwarded: points }, points)
  } else if (await deps.store.updateWhere(C.lectureProgress, existing._id, { lastBeatAt: existing.lastBeatAt, completedAt: null }, { set })) {
    return answer({ ...existing, ...set })
  }
  // Another heartbeat got there first: report what is stored, credit nothing twice.
  const current = await deps.store.get<ProgressDoc>(C.lectureProgress, existing._id)
  return answer(current ?? existing)
}

export async function submitQuiz(deps: Deps, caller: Caller, input: In<L.SubmitQuizInput>): Promise<L.SubmitQuizOutput> {
  const member = await requireMember(deps, caller)
  const lecture = await lectureForStudy(deps, input.lectureId, member.orgId, member, 'study')
  if (!lecture.quiz) throw new AppError('LECTURE.NO_QUIZ')
  if (input.answers.length !== lecture.quiz.questions.length) throw new AppError('LECTURE.QUIZ_ANSWERS')
  const correct = lecture.quiz.questions.filter((q, i) => q.answer === input.answers[i]).length
  const passed = correct >= lecture.quiz.passMark
  const p = (await deps.store.get<ProgressDoc>(C.lectureProgress, progressId(deps, lecture._id, member._id))) ?? (await startProgress(deps, member, lecture, { positionSec: 0, playing: false }))
  const base = { passed, correct, passMark: lecture.quiz.passMark }
  if (p.completedAt) return { ...base, completed: true, points: 0 }
  if (!passed || p.quizPassed) return { ...base, completed: false, points: 0 }
  if (isComplete(lecture, { ...p, quizPassed: true })) {
    const points = await complete(deps, member, lecture, p, { quizPassed: true })
    return { ...base, completed: points !== null, points: points ?? 0 }
  }
  await deps.store.updateWhere(C.lectureProgress, p._id, { completedAt: null }, { set: { quizPassed: true } })
  return { ...base, completed: false, points: 0 }
}

export async function createPush(deps: Deps, caller: Caller, input: In<L.CreatePushInput>): Promise<L.CreatePushOutput> {
  // Any lecture the branch can see may be pushed to it (in practice: published ones).
  const { actor, lecture } = await managedLecture(deps, caller, input.lectureId, 'use')
  if (lecture.status !== 'published') throw new AppError('LECTURE.NOT_PUBLISHED')
  const branch = await branchInScope(deps, actor, input.branchId)
  return once(deps, `createPush:${actor._id}`, input.requestId, async (tx) => {
    const push: PushDoc = {
      _id: `push_${deps.ids.random(9)}`,
      orgId: actor.orgId,
      branchId: branch._id,
      lectureId: lecture._id,
      label: input.label,
      deadline: input.deadline ? new Date(input.deadline).toISOString() : null,
      opens: 0,
      createdBy: actor._id,
      createdAt: deps.clock.now().toISOString(),
    }
    await tx.insert(C.lecturePush, push)
    const path = `${LECTURE_PAGE}?id=${lecture._id}&push=${push._id}`
    return { pushId: push._id, path, url: `${deps.publicOrigin}${path}` }
  })
}

export async function getStudyReport(deps: Deps, caller: Caller, input: In<L.GetStudyReportInput>): Promise<L.GetStudyReportOutput> {
  const { actor, lecture } = await managedLecture(deps, caller, input.lectureId, 'use')
  const branch = await branchInScope(deps, actor, input.branchId)
  const [members, progress, pushes, col] = await Promise.all([
    queryAll<MemberDoc>(deps.store, C.member, { where: { branchId: branch._id }, orderBy: [['joinedAt', 'asc']] }),
    queryAll<ProgressDoc>(deps.store, C.lectureProgress, { where: { lectureId: lecture._id, branchId: branch._id } }),
    queryAll<PushDoc>(deps.store, C.lecturePush, { where: { lectureId: lecture._id, branchId: branch._id }, orderBy: [['createdAt', 'asc']] }),
    deps.store.get<ColumnDoc>(C.lectureColumn, lecture.columnId),
  ])
  const byMember = new Map(progress.map((p) => [p.memberId, p]))
  const pushLabel = new Map(pushes.map((p) => [p._id, p.label]))
  const rows = members.map((m) => {
    const p = byMember.get(m._id)
    const v = progressView(lecture, p)
    return { memberId: m._id, name: m.name, state: v.state, percent: v.percent, completedAt: v.completedAt, viaPush: p?.viaPushId ? (pushLabel.get(p.viaPushId) ?? null) : null }
  })
  const count = (s: L.ProgressView['state']) => rows.filter((r) => r.state === s).length
  return {
    lecture: summary(lecture, col?.name ?? '', null, null),
    rows,
    counts: { members: rows.length, completed: count('completed'), inProgress: count('in_progress'), notStarted: count('none') },
    remind: rows.filter((r) => r.state === 'none').map((r) => r.name),
    pushes: pushes.map((push) => {
      const via = progress.filter((p) => p.viaPushId === push._id && p.completedAt)
      const byDeadline = push.deadline ? via.filter((p) => (p.completedAt ?? '') <= (push.deadline ?? '')).length : via.length
      return {
        id: push._id,
        label: push.label,
        deadline: push.deadline,
        opens: push.opens,
        completions: via.length,
        completedByDeadline: byDeadline,
        rate: members.length ? Math.round((byDeadline / members.length) * 1000) / 1000 : null,
        createdAt: push.createdAt,
      }
    }),
  }
}

export async function getMemberStudy(deps: Deps, caller: Caller, input: In<L.GetMemberStudyInput>) {
  const me = await requireMember(deps, caller)
  let member = me
  if (input.memberId && input.memberId !== me._id) {
    if (!canManage(me)) throw new AppError('FORBIDDEN')
    const other = await deps.store.get<MemberDoc>(C.member, input.memberId)
    if (!other || other.orgId !== me.orgId || (me.role === 'secretary' && other.branchId !== me.branchId)) throw new AppError('MEMBER.NOT_FOUND')
    member = other
  }
  const progress = await queryAll<ProgressDoc>(deps.store, C.lectureProgress, { where: { memberId: member._id }, orderBy: [['startedAt', 'desc']] })
  const lectures = await Promise.all(progress.map((p) => deps.store.get<LectureDoc>(C.lecture, p.lectureId)))
  const cols = new Map((await columnsOf(deps, member.orgId)).map((c) => [c._id, c.name]))
  return {
    member: { id: member._id, name: member.name },
    items: progress.flatMap((p, i) => {
      const l = lectures[i]
      if (!l) return []
      const v = progressView(l, p)
      return [{ lectureId: l._id, title: l.title, columnName: cols.get(l.columnId) ?? '', state: v.state === 'completed' ? ('completed' as const) : ('in_progress' as const), percent: v.percent, completedAt: v.completedAt }]
    }),
  }
}

export async function rateLecture(deps: Deps, caller: Caller, input: In<L.RateLectureInput>) {
  const member = await requireMember(deps, caller)
  const lecture = await lectureForStudy(deps, input.lectureId, member.orgId, member, 'study')
  const comment = input.comment || null
  const commentStatus: RatingDoc['commentStatus'] = comment ? ((await deps.contentCheck(comment, caller)) === 'pass' ? 'visible' : 'held') : 'none'
  const doc: RatingDoc = {
    _id: deps.ids.derive('rating', lecture._id, member._id),
    orgId: member.orgId,
    lectureId: lecture._id,
    lecturer: lecture.lecturer,
    memberId: member._id,
    stars: input.stars,
    comment,
    commentStatus,
    at: deps.clock.now().toISOString(),
  }
  // One rating per member and lecture: a second one replaces the first.
  try {
    await deps.store.insert(C.lectureRating, doc)
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
    const { _id, ...rest } = doc
    await deps.store.update(C.lectureRating, _id, { set: rest })
  }
  return { stars: input.stars, held: commentStatus === 'held' }
}

export async function lecturerRatings(deps: Deps, caller: Caller): Promise<L.LecturerRatingsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const [ratings, lectures] = await Promise.all([
    queryAll<RatingDoc>(deps.store, C.lectureRating, { where: { orgId: actor.orgId } }, 100_000),
    queryAll<LectureDoc>(deps.store, C.lecture, { where: { orgId: actor.orgId } }),
  ])
  const by = new Map<string, { lectures: number; sum: number; n: number }>()
  for (const l of lectures) {
    const e = by.get(l.lecturer) ?? { lectures: 0, sum: 0, n: 0 }
    e.lectures += 1
    by.set(l.lecturer, e)
  }
  for (const r of ratings) {
    const e = by.get(r.lecturer) ?? { lectures: 0, sum: 0, n: 0 }
    e.sum += r.stars
    e.n += 1
    by.set(r.lecturer, e)
  }
  return {
    lecturers: [...by.entries()]
      .map(([lecturer, e]) => ({ lecturer, lectures: e.lectures, ratings: e.n, average: e.n ? Math.round((e.sum / e.n) * 100) / 100 : null }))
      .sort((a, b) => (b.average ?? 0) - (a.average ?? 0)),
  }
}

export { LECTURE_KIND_LABEL }
