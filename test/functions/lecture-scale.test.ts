/**
 * Organisation scale, lecture reports: what can grow (a big branch, years of ratings, other
 * lectures' study records) is streamed or aggregated, so no report meets a read cap and the
 * documents a report reads do not grow with history it does not show.
 */
import type { lecture as L } from '../../contracts'
import type { ProgressDoc, RatingDoc } from '../../server/domain/lecture/lecture.docs'
import { memberIdFor, seededMember } from '../../server/domain/shared/actor'
import { C, type MemberDoc } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import type { DocumentStore, QueryOptions, Where } from '../../server/store/document-store'
import { dataOf, makeHarness } from '../support/harness'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const AUDIO = 'lec_demo_audio'

/** Counts the documents each collection hands out (gets and query pages) and the statements sent. */
function readingStore(inner: DocumentStore) {
  const docs = new Map<string, number>()
  let statements = 0
  const read = (c: string, n: number) => docs.set(c, (docs.get(c) ?? 0) + n)
  const store: DocumentStore = {
    ...inner,
    get: async (c, id) => {
      statements++
      const d = await inner.get(c, id)
      if (d) read(c, 1)
      return d as never
    },
    query: async (c: string, o?: QueryOptions) => {
      statements++
      const page = await inner.query(c, o)
      read(c, page.docs.length)
      return page as never
    },
    count: async (c: string, w?: Where) => {
      statements++
      return inner.count(c, w)
    },
    countBy: async (c: string, f: string, w?: Where) => {
      statements++
      return inner.countBy(c, f, w)
    },
  }
  return { store, docs: (c: string) => docs.get(c) ?? 0, statements: () => statements, reset: () => ((statements = 0), docs.clear()) }
}

async function bigBranch(store: DocumentStore, harnessIds: { derive: (...p: string[]) => string }, n: number) {
  const at = '2026-01-01T00:00:00.000Z'
  const people: MemberDoc[] = Array.from({ length: n }, (_, i) =>
    seededMember({ ids: harnessIds as never }, { openid: `scale-${i}`, orgId: DEMO.orgId, branchId: DEMO.branchId, name: `规模党员${i}`, role: 'member', at }),
  )
  for (let i = 0; i < people.length; i += 500) await store.insertMany(C.member, people.slice(i, i + 500))
  return people
}

describe('lecture reports at organisation scale', () => {
  test('a study report over a branch of 2,000 more members lists every one of them, each in its state', async () => {
    const h = await makeHarness()
    const before = dataOf(await h.call<L.GetStudyReportOutput>('lecture', DEMO.secretaryOpenid, { action: 'getStudyReport', lectureId: AUDIO }))
    const people = await bigBranch(h.store, h.runtime.ids, 2000)
    const progress: ProgressDoc[] = people
      .filter((_, i) => i % 3 !== 2)
      .map((m, i) => ({
        _id: `study_scale_${m._id}`,
        orgId: DEMO.orgId,
        branchId: DEMO.branchId,
        lectureId: AUDIO,
        memberId: m._id,
        effectiveSec: i % 2 ? 18 : 5,
        lastBeatAt: '2026-11-20T08:00:00.000Z',
        lastPlaying: false,
        maxPositionSec: 18,
        atEnd: false,
        quizPassed: null,
        viaPushId: null,
        startedAt: '2026-11-20T08:00:00.000Z',
        completedAt: i % 2 ? '2026-11-20T08:00:00.000Z' : null,
        pointsAwarded: 0,
      }))
    for (let i = 0; i < progress.length; i += 500) await h.store.insertMany(C.lectureProgress, progress.slice(i, i + 500))
    const r = dataOf(await h.call<L.GetStudyReportOutput>('lecture', DEMO.secretaryOpenid, { action: 'getStudyReport', lectureId: AUDIO }))
    const completed = progress.filter((p) => p.completedAt).length
    expect(r.counts).toEqual({
      members: before.counts.members + 2000,
      completed: before.counts.completed + completed,
      inProgress: before.counts.inProgress + progress.length - completed,
      notStarted: before.counts.notStarted + 2000 - progress.length,
    })
    expect(new Set(r.rows.map((x) => x.memberId)).size).toBe(r.rows.length)
    expect(r.remind).toHaveLength(before.counts.notStarted + 2000 - progress.length)
    expect(h.errors).toEqual([])
  })

  test("lecturers' averages read no rating document: the same statements with 5 ratings or 3,000", async () => {
    const counting = readingStore(await freshStore())
    const h = await makeHarness({ store: counting.store })
    const rating = (i: number, stars: number, lecturer: string): RatingDoc => ({
      _id: `rating_scale_${i}`,
      orgId: DEMO.orgId,
      lectureId: AUDIO,
      lecturer,
      memberId: memberIdFor(h.runtime, `r${i}`),
      stars,
      comment: null,
      commentStatus: 'none',
      at: '2026-11-20T08:00:00.000Z',
    })
    await h.store.insertMany(C.lectureRating, [1, 2, 3, 4, 5].map((s) => rating(s, s, '规模讲师')))
    counting.reset()
    const small = dataOf(await h.call<L.LecturerRatingsOutput>('lecture', DEMO.secretaryOpenid, { action: 'lecturerRatings' }))
    const smallStatements = counting.statements()
    expect(small.lecturers.find((l) => l.lecturer === '规模讲师')).toEqual({ lecturer: '规模讲师', lectures: 0, ratings: 5, average: 3 })
    expect(counting.docs(C.lectureRating)).toBe(0)

    const more = Array.from({ length: 2995 }, (_, i) => rating(100 + i, (i % 5) + 1, i % 2 ? '规模讲师' : '另一位讲师'))
    for (let i = 0; i < more.length; i += 1000) await h.store.insertMany(C.lectureRating, more.slice(i, i + 1000))
    counting.reset()
    const big = dataOf(await h.call<L.LecturerRatingsOutput>('lecture', DEMO.secretaryOpenid, { action: 'lecturerRatings' }))
    expect(counting.statements()).toBe(smallStatements)
    expect(counting.docs(C.lectureRating)).toBe(0)
    const mine = [...[1, 2, 3, 4, 5], ...more.filter((r) => r.lecturer === '规模讲师').map((r) => r.stars)]
    expect(big.lecturers.find((l) => l.lecturer === '规模讲师')).toEqual({
      lecturer: '规模讲师',
      lectures: 0,
      ratings: mine.length,
      average: Math.round((mine.reduce((a, b) => a + b, 0) / mine.length) * 100) / 100,
    })
  })

  test("a study report reads its lecture's records in its branch only, however many other lectures were studied", async () => {
    const counting = readingStore(await freshStore())
    const h = await makeHarness({ store: counting.store })
    const people = await bigBranch(h.store, h.runtime.ids, 300)
    const other = (lectureId: string, branchId: string): ProgressDoc[] =>
      people.map((m) => ({
        _id: `study_${lectureId}_${branchId}_${m._id}`,
        orgId: DEMO.orgId,
        branchId,
        lectureId,
        memberId: m._id,
        effectiveSec: 1,
        lastBeatAt: '2026-11-20T08:00:00.000Z',
        lastPlaying: false,
        maxPositionSec: 1,
        atEnd: false,
        quizPassed: null,
        viaPushId: null,
        startedAt: '2026-11-20T08:00:00.000Z',
        completedAt: null,
        pointsAwarded: 0,
      }))
    const report = async () => dataOf(await h.call<L.GetStudyReportOutput>('lecture', DEMO.secretaryOpenid, { action: 'getStudyReport', lectureId: AUDIO }))
    await h.store.insertMany(C.lectureProgress, other(AUDIO, DEMO.branchId).slice(0, 10))
    counting.reset()
    const before = await report()
    const readBefore = counting.docs(C.lectureProgress)
    expect(readBefore).toBe(10)
    for (const lectureId of ['lec_demo_wiki', 'lec_demo_safety', 'lec_demo_service']) await h.store.insertMany(C.lectureProgress, other(lectureId, DEMO.branchId))
    await h.store.insertMany(C.lectureProgress, other(AUDIO, DEMO.otherBranchId))
    counting.reset()
    expect(await report()).toEqual(before)
    expect(counting.docs(C.lectureProgress)).toBe(readBefore)
  })
})
