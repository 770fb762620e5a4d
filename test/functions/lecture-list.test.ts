/**
 * The lecture list: each member sees their own progress only, covers by address, published
 * lectures only; the counts on the first page are the organisation's (an admin's total leaves
 * other organisations out).
 */
import type { lecture as L } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { recordingStore } from '../support/override-store'
import { lectureBody, seedOrgB } from '../support/orgs'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const AUDIO = 'lec_demo_audio'
const list = async (h: Harness, who: string, input: Record<string, unknown> = {}) => dataOf(await h.call<L.ListLecturesOutput>('lecture', who, { action: 'listLectures', ...input }))

test("a member's list shows their own progress, not another member's; the first page counts their completed ones", async () => {
  const h = await makeHarness()
  dataOf(await h.call('lecture', M2, { action: 'reportProgress', lectureId: AUDIO, positionSec: 0, playing: true }))
  h.clock.advance(20_000)
  dataOf(await h.call('lecture', M2, { action: 'reportProgress', lectureId: AUDIO, positionSec: 20, playing: true }))
  const mine = await list(h, M1)
  expect(mine.lectures.find((l) => l.id === AUDIO)?.progress).toMatchObject({ state: 'none', percent: 0 })
  expect(mine.completed).toBe(0)
  const theirs = await list(h, M2)
  expect(theirs.lectures.find((l) => l.id === AUDIO)?.progress).toMatchObject({ state: 'completed', percent: 100 })
  expect(theirs.completed).toBe(1)
  expect(theirs.total).toBe(6)
})

test('covers by their address; drafts and archived lectures only in a manager\'s unpublished list', async () => {
  const h = await makeHarness()
  await h.store.insert('lecture_file', { _id: 'img_cover', orgId: DEMO.orgId, ref: '/files/img_cover.png', mimeType: 'image/png', family: 'image', bytes: 10, uploadedBy: 'x', createdAt: '2026-11-20T08:00:00.000Z' })
  const withCover = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('有封面的一课'), coverFileId: 'img_cover' })).lecture.id
  const draft = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('草稿') })).lecture.id
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: withCover, status: 'published' }))
  dataOf(await h.call('lecture', ADMIN, { action: 'setLectureStatus', lectureId: 'lec_demo_wiki', status: 'archived' }))
  const member = await list(h, M1)
  expect(member.lectures.find((l) => l.id === withCover)?.coverUrl).toBe('/files/img_cover.png')
  expect(member.lectures.map((l) => l.id)).not.toContain(draft)
  expect(member.lectures.map((l) => l.id)).not.toContain('lec_demo_wiki')
  expect(member.total).toBe(6)
  const manager = await list(h, SEC, { includeUnpublished: true })
  expect(manager.lectures.map((l) => l.id)).toEqual(expect.arrayContaining([draft, withCover, 'lec_demo_wiki']))
  // a member asking for the unpublished list gets the published one
  expect((await list(h, M1, { includeUnpublished: true })).lectures.map((l) => l.id).sort()).toEqual(member.lectures.map((l) => l.id).sort())
})

test("an admin's total is their organisation's lectures of every state, not another organisation's", async () => {
  const h = await makeHarness()
  await seedOrgB(h)
  dataOf(await h.call('lecture', SEC, { action: 'createLecture', ...lectureBody('草稿') }))
  const all = await list(h, ADMIN, { includeUnpublished: true })
  expect(all.total).toBe(7)
  expect(all.lectures).toHaveLength(7)
})

test('lectures published at the same instant come newest-made first', async () => {
  const h = await makeHarness()
  const make = async (title: string) => dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody(title) })).lecture.id
  const older = await make('先写的一课')
  h.clock.advance(60_000)
  const newer = await make('后写的一课')
  h.clock.advance(60_000)
  for (const id of [older, newer]) dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))
  const ids = (await list(h, M1)).lectures.map((l) => l.id)
  expect(ids.filter((id) => id === older || id === newer)).toEqual([newer, older])
  expect(ids.indexOf(newer)).toBe(0)
})

test("a page's progress is read for the member and that page's lectures only, not their whole history", async () => {
  const { store, reads } = recordingStore(await freshStore())
  const h = await makeHarness({ store })
  reads.length = 0
  const page = await list(h, M1, { limit: 2 })
  expect(page.lectures).toHaveLength(2)
  const progress = reads.filter((r) => r.collection === 'lecture_progress' && !('completedAt' in (r.where as object)))
  expect(progress).toEqual([{ collection: 'lecture_progress', where: { memberId: expect.any(String), lectureId: { $in: page.lectures.map((l) => l.id) } } }])
})
