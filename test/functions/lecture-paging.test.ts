/**
 * listLectures is a keyset-paged list (issue 9): each lecture once, in order (newest published
 * first, ties by creation time then id), `next` null on the last page; a member's pages hold only
 * visible columns and stay full; the first page counts the lectures and the caller's completed ones;
 * a cursor the store never handed out is a VALIDATION of `cursor`.
 */
import type { lecture as L } from '../../contracts'
import type { LectureDoc, ProgressDoc } from '../../server/domain/lecture/lecture.docs'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { queryAll } from '../../server/store/document-store'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const M1 = DEMO.memberOpenid(1)
const COLUMNS = ['col_demo_1', 'col_demo_2', 'col_demo_3']

function lecture(i: number, over: Partial<LectureDoc> = {}): LectureDoc {
  // Three lectures share each publishing time (and creation time): their order is the id's.
  const day = String(1 + Math.floor(i / 3)).padStart(2, '0')
  const at = `2026-10-${day}T08:00:00.000Z`
  return {
    _id: `lec_page_${String(i).padStart(2, '0')}`,
    orgId: DEMO.orgId,
    columnId: COLUMNS[i % 3] ?? 'col_demo_1',
    title: `第${i}课`,
    issueNo: i + 1,
    lecturer: '王建国',
    summary: '',
    coverFileId: null,
    kind: 'article',
    blocks: [{ type: 'p', text: '正文' }],
    mediaFileId: null,
    durationSec: 60,
    quiz: null,
    status: 'published',
    ownerBranchId: null,
    createdBy: 'seed',
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    ...over,
  }
}

/** The demo organisation with its own lectures replaced by `docs`. */
async function withLectures(docs: LectureDoc[]): Promise<Harness> {
  const h = await makeHarness()
  for (const l of await queryAll<LectureDoc>(h.store, C.lecture)) await h.store.remove(C.lecture, l._id)
  await h.store.insertMany(C.lecture, docs)
  return h
}

/** Newest first; equal times by id ascending (the store's tie-break). */
const expected = (docs: LectureDoc[]) =>
  [...docs].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.createdAt.localeCompare(a.createdAt) || a._id.localeCompare(b._id)).map((l) => l._id)

async function pages(h: Harness, openid: string, event: Record<string, unknown>) {
  const out: L.ListLecturesOutput[] = []
  let cursor: string | null = null
  do {
    const page: L.ListLecturesOutput = dataOf(await h.call<L.ListLecturesOutput>('lecture', openid, { action: 'listLectures', ...event, ...(cursor ? { cursor } : {}) }))
    out.push(page)
    cursor = page.next
  } while (cursor && out.length < 10)
  return out
}

describe('listLectures pages', () => {
  const docs = Array.from({ length: 45 }, (_, i) => lecture(i))

  test('45 published lectures: pages of 20, 20 and 5, each lecture once and in order, next null at the end', async () => {
    const h = await withLectures(docs)
    const got = await pages(h, M1, {})
    expect(got.map((p) => p.lectures.length)).toEqual([20, 20, 5])
    expect(got.map((p) => p.next === null)).toEqual([false, false, true])
    expect(got.flatMap((p) => p.lectures.map((l) => l.id))).toEqual(expected(docs))
    // Counted on the first page only.
    expect(got.map((p) => p.total)).toEqual([45, null, null])
    expect(got.map((p) => p.completed)).toEqual([0, null, null])
    // Another page size reads the same sequence.
    const small = await pages(h, M1, { limit: 7 })
    expect(small.map((p) => p.lectures.length)).toEqual([7, 7, 7, 7, 7, 7, 3])
    expect(small.flatMap((p) => p.lectures.map((l) => l.id))).toEqual(expected(docs))
  })

  test('a column filter pages through that column only; total stays the organisation’s', async () => {
    const h = await withLectures(docs)
    const got = await pages(h, M1, { columnId: 'col_demo_2', limit: 10 })
    expect(got.map((p) => p.lectures.length)).toEqual([10, 5])
    expect(got.flatMap((p) => p.lectures.map((l) => l.id))).toEqual(expected(docs.filter((l) => l.columnId === 'col_demo_2')))
    expect(got[0]?.total).toBe(45)
  })

  test('a hidden column never appears to members and their pages stay full; managers still see it', async () => {
    const h = await withLectures(docs)
    dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'saveColumn', columnId: 'col_demo_3', name: '读书共分享', hidden: true }))
    const got = await pages(h, M1, {})
    expect(got.map((p) => p.lectures.length)).toEqual([20, 10])
    expect(got.flatMap((p) => p.lectures.map((l) => l.id))).toEqual(expected(docs.filter((l) => l.columnId !== 'col_demo_3')))
    expect(got[0]?.total).toBe(30)
    const hidden = dataOf(await h.call<L.ListLecturesOutput>('lecture', M1, { action: 'listLectures', columnId: 'col_demo_3' }))
    expect(hidden).toEqual({ lectures: [], next: null, total: 30, completed: 0 })
    const admin = await pages(h, DEMO.adminOpenid, { includeUnpublished: true })
    expect(admin.flatMap((p) => p.lectures.map((l) => l.id)).sort()).toEqual(docs.map((l) => l._id).sort())
  })

  test('total and completed on the first page: the caller’s completed lectures, not someone else’s, not one in progress', async () => {
    const h = await withLectures(docs)
    const me = memberIdFor(h.runtime, M1)
    const other = memberIdFor(h.runtime, DEMO.memberOpenid(2))
    const at = '2026-11-01T08:00:00.000Z'
    const progress = (lectureId: string, memberId: string, completedAt: string | null): ProgressDoc => ({
      _id: h.runtime.ids.derive('study', lectureId, memberId),
      orgId: DEMO.orgId,
      branchId: DEMO.branchId,
      lectureId,
      memberId,
      effectiveSec: 60,
      lastBeatAt: at,
      lastPlaying: false,
      maxPositionSec: 60,
      atEnd: true,
      quizPassed: null,
      viaPushId: null,
      startedAt: at,
      completedAt,
      pointsAwarded: 0,
    })
    await h.store.insertMany(C.lectureProgress, [
      progress('lec_page_44', me, at),
      progress('lec_page_10', me, at),
      progress('lec_page_00', me, at),
      progress('lec_page_43', me, null),
      progress('lec_page_42', other, at),
    ])
    const [first, second] = await pages(h, M1, {})
    expect(first).toMatchObject({ total: 45, completed: 3 })
    expect(second).toMatchObject({ total: null, completed: null })
    const states = new Map([...(first?.lectures ?? []), ...(second?.lectures ?? [])].map((l) => [l.id, l.progress?.state]))
    expect([states.get('lec_page_44'), states.get('lec_page_43'), states.get('lec_page_42'), states.get('lec_page_10')]).toEqual(['completed', 'in_progress', 'none', 'completed'])
  })

  test('a manager’s unpublished list: the newest made first (new drafts lead), another branch’s drafts left out and not counted', async () => {
    const mine = lecture(90, { status: 'draft', publishedAt: null, ownerBranchId: DEMO.branchId, createdAt: '2026-11-02T08:00:00.000Z' })
    const theirs = lecture(91, { status: 'draft', publishedAt: null, ownerBranchId: DEMO.otherBranchId, createdAt: '2026-11-03T08:00:00.000Z' })
    const archived = lecture(92, { status: 'archived' })
    const h = await withLectures([...docs, mine, theirs, archived])
    const secretary = await pages(h, DEMO.secretaryOpenid, { includeUnpublished: true })
    const ids = secretary.flatMap((p) => p.lectures.map((l) => l.id))
    expect(ids[0]).toBe(mine._id)
    expect(ids).not.toContain(theirs._id)
    expect(ids).toContain(archived._id)
    expect(ids).toHaveLength(47)
    expect(secretary[0]?.total).toBe(47)
    const byCreation = (list: LectureDoc[]) => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a._id.localeCompare(b._id)).map((l) => l._id)
    expect(ids).toEqual(byCreation([...docs, mine, archived]))
    const admin = await pages(h, DEMO.adminOpenid, { includeUnpublished: true })
    expect(admin.flatMap((p) => p.lectures.map((l) => l.id))).toEqual(byCreation([...docs, mine, theirs, archived]))
    expect(admin[0]?.total).toBe(48)
    // Without includeUnpublished a manager sees what members see.
    expect((await pages(h, DEMO.secretaryOpenid, {}))[0]?.total).toBe(45)
  })

  test('a cursor the store never handed out is refused as VALIDATION of `cursor`; the limit is bounded', async () => {
    const h = await withLectures(docs)
    for (const cursor of ['bm90LWEtY3Vyc29y', Buffer.from(JSON.stringify({ k: ['"x"'], id: 'lec' })).toString('base64url')]) {
      expect(await h.call('lecture', M1, { action: 'listLectures', cursor })).toMatchObject({
        status: 400,
        error: { code: 'VALIDATION', issues: [{ path: 'cursor', message: '分页参数无效，请从第一页重新加载' }] },
      })
    }
    expect(await h.call('lecture', M1, { action: 'listLectures', cursor: 'a/b' })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
    expect(await h.call('lecture', M1, { action: 'listLectures', limit: 51 })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
    expect(await h.call('lecture', M1, { action: 'listLectures', limit: 0 })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
  })
})
