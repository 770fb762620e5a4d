/** 微党课 pushes into WeChat groups, study reports (a lecture's, a member's) and lecture ratings. */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireMember, requireRole } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { DuplicateIdError, forEachPage, MAX_LIMIT, queryAll } from '../../store/document-store'
import type { ColumnDoc, LectureDoc, ProgressDoc, PushDoc, RatingDoc } from './lecture.docs'
import { LECTURE_PAGE, progressView, columnsOf, summary, canManage, managedLecture, lectureForStudy } from './lecture.shared'
import { screenText } from '../shared/content'

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
  // One branch and one lecture, each on its index, streamed page by page (no cap a big branch could hit).
  const members: MemberDoc[] = []
  const progress: ProgressDoc[] = []
  const [, , pushes, col] = await Promise.all([
    forEachPage<MemberDoc>(deps.store, C.member, { where: { branchId: branch._id }, orderBy: [['joinedAt', 'asc']] }, (docs) => void members.push(...docs)),
    forEachPage<ProgressDoc>(deps.store, C.lectureProgress, { where: { lectureId: lecture._id, branchId: branch._id } }, (docs) => void progress.push(...docs)),
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
  const completedVia = new Map<string, ProgressDoc[]>()
  for (const p of progress) {
    if (!p.viaPushId || !p.completedAt) continue
    const list = completedVia.get(p.viaPushId)
    if (list) list.push(p)
    else completedVia.set(p.viaPushId, [p])
  }
  return {
    lecture: summary(lecture, col?.name ?? '', null, null),
    rows,
    counts: { members: rows.length, completed: count('completed'), inProgress: count('in_progress'), notStarted: count('none') },
    remind: rows.filter((r) => r.state === 'none').map((r) => r.name),
    pushes: pushes.map((push) => {
      const via = completedVia.get(push._id) ?? []
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
  // The member's newest study records (one page, on memberId + startedAt): never a scan of their whole history.
  const { docs: progress } = await deps.store.query<ProgressDoc>(C.lectureProgress, { where: { memberId: member._id }, orderBy: [['startedAt', 'desc']], limit: MAX_LIMIT })
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
  const screened = comment ? await screenText(deps, comment, caller) : null
  const commentStatus: RatingDoc['commentStatus'] = screened?.status ?? 'none'
  const doc: RatingDoc = {
    _id: deps.ids.derive('rating', lecture._id, member._id),
    orgId: member.orgId,
    lectureId: lecture._id,
    lecturer: lecture.lecturer,
    memberId: member._id,
    stars: input.stars,
    comment,
    commentStatus,
    ...(screened?.platformUnchecked ? { commentUnchecked: true } : {}),
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

/**
 * Lecturers' averages, aggregated by the store: one grouped count of the organisation's lectures by
 * lecturer and one of its ratings per star value (1–5), so no rating document is read however
 * many years of ratings there are.
 */
export async function lecturerRatings(deps: Deps, caller: Caller): Promise<L.LecturerRatingsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const [lectures, ...byStars] = await Promise.all([
    deps.store.countBy(C.lecture, 'lecturer', { orgId: actor.orgId }),
    ...STARS.map((stars) => deps.store.countBy(C.lectureRating, 'lecturer', { orgId: actor.orgId, stars })),
  ])
  const by = new Map<string, { lectures: number; sum: number; n: number }>()
  const entry = (key: unknown) => {
    const name = typeof key === 'string' ? key : ''
    const e = by.get(name) ?? { lectures: 0, sum: 0, n: 0 }
    by.set(name, e)
    return e
  }
  for (const { key, count } of lectures) entry(key).lectures += count
  STARS.forEach((stars, i) => {
    for (const { key, count } of byStars[i] ?? []) {
      const e = entry(key)
      e.sum += stars * count
      e.n += count
    }
  })
  return {
    lecturers: [...by.entries()]
      .map(([lecturer, e]) => ({ lecturer, lectures: e.lectures, ratings: e.n, average: e.n ? Math.round((e.sum / e.n) * 100) / 100 : null }))
      .sort((a, b) => (b.average ?? 0) - (a.average ?? 0) || (a.lecturer < b.lecturer ? -1 : a.lecturer > b.lecturer ? 1 : 0)),
  }
}

const STARS = [1, 2, 3, 4, 5] as const
