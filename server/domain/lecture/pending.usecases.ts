/**
 * 待学习 on the home: the lectures pushed to the member's branch in the last 30 days that the member
 * has not completed, newest push first, at most 20. One page of the branch's pushes on the index
 * branchId + createdAt (at most 60 read), then per distinct lecture a get of the lecture and of the
 * member's progress (its id derives from lecture and member): never more than 20 of each.
 */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { requireMember } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import type { ColumnDoc, LectureDoc, ProgressDoc, PushDoc } from './lecture.docs'
import { fileUrls, progressId, progressView, summary } from './lecture.shared'

export const PENDING_DAYS = 30
export const PENDING_MAX = 20
/** pushes read: a lecture pushed to several groups appears once per push */
const PUSHES_READ = 3 * PENDING_MAX

export async function myPendingLectures(deps: Deps, caller: Caller, _input: In<L.MyPendingLecturesInput>): Promise<L.MyPendingLecturesOutput> {
  const member = await requireMember(deps, caller)
  if (!member.branchId) return { items: [] }
  const since = new Date(deps.clock.now().getTime() - PENDING_DAYS * 86_400_000).toISOString()
  const pushes = (
    await deps.store.query<PushDoc>(C.lecturePush, {
      where: { branchId: member.branchId, createdAt: { $gte: since } },
      orderBy: [['createdAt', 'desc']],
      limit: PUSHES_READ,
    })
  ).docs
  const latest = new Map<string, PushDoc>()
  for (const p of pushes) if (!latest.has(p.lectureId) && latest.size < PENDING_MAX) latest.set(p.lectureId, p)
  const rows = await Promise.all(
    [...latest.values()].map(async (push) => {
      const [lecture, progress] = await Promise.all([
        deps.store.get<LectureDoc>(C.lecture, push.lectureId),
        deps.store.get<ProgressDoc>(C.lectureProgress, progressId(deps, push.lectureId, member._id)),
      ])
      return { push, lecture, progress }
    }),
  )
  const due = rows.filter((r): r is typeof r & { lecture: LectureDoc } => isDue(member, r.lecture, r.progress))
  const columnIds = [...new Set(due.map((r) => r.lecture.columnId))]
  const [columns, covers] = await Promise.all([
    Promise.all(columnIds.map((id) => deps.store.get<ColumnDoc>(C.lectureColumn, id))),
    fileUrls(deps, due.map((r) => r.lecture.coverFileId)),
  ])
  const columnName = new Map(columns.filter((c): c is ColumnDoc => !!c).map((c) => [c._id, c.name]))
  return {
    items: due.map(({ push, lecture, progress }) => ({
      lecture: summary(lecture, columnName.get(lecture.columnId) ?? '', lecture.coverFileId ? (covers.get(lecture.coverFileId) ?? null) : null, progressView(lecture, progress)),
      push: { id: push._id, label: push.label, deadline: push.deadline, createdAt: push.createdAt },
    })),
  }
}

/** Published, of the member's organisation, and not completed by the member. */
function isDue(member: MemberDoc, lecture: LectureDoc | null, progress: ProgressDoc | null): boolean {
  return !!lecture && lecture.orgId === member.orgId && lecture.status === 'published' && !progress?.completedAt
}
