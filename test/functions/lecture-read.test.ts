/**
 * Reading a lecture: its files' addresses (cover, media, each image block with its caption), the
 * column's name, the reader's own rating; opens through a push counted once per person; who may
 * read without being a member; republishing keeps the first publishing time.
 */
import type { lecture as L } from '../../contracts'
import type { Result } from '../../contracts'
import { mountFunctions } from '../../server/functions'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'
import { failingInserts } from '../support/override-store'
import { lectureBody } from '../support/orgs'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)

async function withLecture() {
  const h = await makeHarness()
  for (const [id, family] of [['img_cover', 'image'], ['img_body', 'image'], ['aud_1', 'audio']] as const)
    await h.store.insert('lecture_file', { _id: id, orgId: DEMO.orgId, ref: `/files/${id}.bin`, mimeType: 'x/x', family, bytes: 10, uploadedBy: 'x', createdAt: '2026-11-20T08:00:00.000Z' })
  const blocks = [
    { type: 'h', text: '一、为什么' },
    { type: 'img', fileId: 'img_body', caption: '收费广场' },
    { type: 'p', text: '正文一段。' },
  ]
  const id = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('图文一课'), coverFileId: 'img_cover', blocks })).lecture.id
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))
  return { h, id }
}

test("an article: the cover's and each image block's address, captions as text, other blocks without one; the column's name; my rating", async () => {
  const { h, id } = await withLecture()
  const read = async () => dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: id })).lecture
  const l = await read()
  expect(l).toMatchObject({ coverUrl: '/files/img_cover.bin', columnName: '党课随身听', mediaUrl: null, myRating: null, progress: { state: 'none' } })
  expect(l.blocks).toEqual([
    { type: 'h', text: '一、为什么', url: null },
    { type: 'img', text: '收费广场', url: '/files/img_body.bin' },
    { type: 'p', text: '正文一段。', url: null },
  ])
  dataOf(await h.call('lecture', M1, { action: 'rateLecture', lectureId: id, stars: 4 }))
  expect((await read()).myRating).toBe(4)
  // the secretary reads it too, with no rating of theirs
  expect(dataOf(await h.call<L.GetLectureOutput>('lecture', SEC, { action: 'getLecture', lectureId: id })).lecture.myRating).toBeNull()
})

test("audio: the media's address; a column since removed reads as no name", async () => {
  const h = await makeHarness()
  await h.store.insert('lecture_file', { _id: 'aud_1', orgId: DEMO.orgId, ref: '/files/aud_1.mp3', mimeType: 'audio/mpeg', family: 'audio', bytes: 10, uploadedBy: 'x', createdAt: '2026-11-20T08:00:00.000Z' })
  const id = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('音频一课', 'col_demo_2'), kind: 'audio', mediaFileId: 'aud_1', durationSec: 30, blocks: [] })).lecture.id
  const status = dataOf(await h.call<{ lecture: { columnName: string; status: string } }>('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' })).lecture
  expect(status).toMatchObject({ columnName: '业务大家学', status: 'published' })
  expect(dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: id })).lecture).toMatchObject({ mediaUrl: '/files/aud_1.mp3', coverUrl: null, blocks: [] })
  await h.store.remove('lecture_column', 'col_demo_2')
  expect(dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: id })).lecture.columnName).toBe('')
  expect(dataOf(await h.call<L.ListLecturesOutput>('lecture', SEC, { action: 'listLectures', includeUnpublished: true })).lectures.find((l) => l.id === id)?.columnName).toBe('')
  expect(dataOf(await h.call<{ lecture: { columnName: string } }>('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'archived' })).lecture.columnName).toBe('')
})

test('opens through a push: once per member and once per visitor, however often; without a push a visitor is not a member, and nobody is unauthenticated', async () => {
  const { h, id } = await withLecture()
  const pushId = dataOf(await h.call<{ pushId: string }>('lecture', SEC, { action: 'createPush', lectureId: id, label: '全体群' })).pushId
  const open = (who: string | null) => h.call<L.GetLectureOutput>('lecture', who, { action: 'getLecture', lectureId: id, pushId })
  for (let i = 0; i < 2; i++) {
    dataOf(await open(M1))
    dataOf(await open('wx-visitor-1'))
  }
  const visitor = dataOf(await open('wx-visitor-2'))
  expect(visitor.push).toMatchObject({ id: pushId, label: '全体群' })
  expect(visitor.lecture.progress).toBeNull()
  expect((await h.store.get<{ _id: string; opens: number }>('lecture_push', pushId))?.opens).toBe(3)
  expect(await h.store.count('lecture_open', { pushId })).toBe(3)
  expect(await h.call('lecture', 'wx-visitor-1', { action: 'getLecture', lectureId: id })).toMatchObject({ ok: false, error: { code: 'MEMBER.NOT_MEMBER' } })
  expect(await h.call('lecture', null, { action: 'getLecture', lectureId: id })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
})

test('archived and published again, a lecture keeps its first publishing time', async () => {
  const { h, id } = await withLecture()
  const first = dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: id })).lecture.publishedAt
  expect(first).toBe(h.clock.now().toISOString())
  h.clock.advance(24 * 3600_000)
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'archived' }))
  h.clock.advance(24 * 3600_000)
  const again = dataOf(await h.call<{ lecture: { publishedAt: string | null } }>('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' })).lecture
  expect(again.publishedAt).toBe(first)
  const lines = (await h.store.query<{ _id: string; action: string; note: string | null; at: string }>('lecture_audit', { where: { subjectId: id }, orderBy: [['at', 'asc']] })).docs
  expect(lines.filter((l) => l.action === 'status').map((l) => l.note)).toEqual(['draft→published', 'published→archived', 'archived→published'])
})

test('an open through a push by a caller with no identity at all is not counted', async () => {
  const { h, id } = await withLecture()
  const pushId = dataOf(await h.call<{ pushId: string }>('lecture', SEC, { action: 'createPush', lectureId: id, label: '全体群' })).pushId
  dataOf(await h.call<L.GetLectureOutput>('lecture', null, { action: 'getLecture', lectureId: id, pushId }))
  expect((await h.store.get<{ _id: string; opens: number }>('lecture_push', pushId))?.opens).toBe(0)
  expect(await h.store.count('lecture_open', { pushId })).toBe(0)
})

test('opens through a push by a visitor known only by a device: once per device, however often', async () => {
  const { h, id } = await withLecture()
  const pushId = dataOf(await h.call<{ pushId: string }>('lecture', SEC, { action: 'createPush', lectureId: id, label: '全体群' })).pushId
  const main = mountFunctions(h.runtime).lecture
  if (!main) throw new Error('no lecture function')
  const openOn = async (device: string) => dataOf((await main({ action: 'getLecture', lectureId: id, pushId }, contextFor(null, { DEVICE_ID: device }))) as Result<L.GetLectureOutput>)
  for (let i = 0; i < 2; i++) expect((await openOn('device-aaaa0000aaaa0000')).lecture.progress).toBeNull()
  await openOn('device-bbbb1111bbbb1111')
  expect((await h.store.get<{ _id: string; opens: number }>('lecture_push', pushId))?.opens).toBe(2)
  expect(await h.store.count('lecture_open', { pushId, memberId: null })).toBe(2)
})

test('an open that cannot be recorded for another reason than a repeat fails the call, and counts nothing', async () => {
  const { store, fail } = failingInserts(await freshStore(), 'lecture_open')
  const h = await makeHarness({ store })
  const id = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('一课') })).lecture.id
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))
  const pushId = dataOf(await h.call<{ pushId: string }>('lecture', SEC, { action: 'createPush', lectureId: id, label: '全体群' })).pushId
  fail(true)
  expect(await h.call('lecture', M1, { action: 'getLecture', lectureId: id, pushId })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  expect((await h.store.get<{ _id: string; opens: number }>('lecture_push', pushId))?.opens).toBe(0)
})

test('addresses come from the file store in one call for the files there (signed, as CloudBase gives them); none is asked for a lecture without files', async () => {
  const { h, id } = await withLecture()
  const calls: string[][] = []
  const files = h.runtime.files
  h.runtime.files = { ...files, urls: async (refs) => (calls.push([...refs]), new Map(refs.map((r) => [r, `https://signed.example${r}?sign=1`]))) }
  const l = dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: id })).lecture
  expect(l.coverUrl).toBe('https://signed.example/files/img_cover.bin?sign=1')
  expect(l.blocks.find((b) => b.type === 'img')?.url).toBe('https://signed.example/files/img_body.bin?sign=1')
  expect(calls).toEqual([['/files/img_cover.bin', '/files/img_body.bin']])
  // a file the store cannot sign keeps its reference; a file record since removed gives no address
  h.runtime.files = { ...files, urls: async (refs) => (calls.push([...refs]), new Map()) }
  await h.store.remove('lecture_file', 'img_body')
  calls.length = 0
  const unsigned = dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: id })).lecture
  expect(unsigned.coverUrl).toBe('/files/img_cover.bin')
  expect(unsigned.blocks.find((b) => b.type === 'img')?.url).toBeNull()
  expect(calls).toEqual([['/files/img_cover.bin']])
  // no files at all: the store is not asked
  const plain = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('纯文字一课') })).lecture.id
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: plain, status: 'published' }))
  calls.length = 0
  expect(dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: plain })).lecture.coverUrl).toBeNull()
  expect(calls).toEqual([])
})
