/**
 * Making and editing lectures: each file checked for its organisation and family (cover, media,
 * an image block, each named by its path), what each kind keeps, who owns it, and the audit line
 * of each change (none for an edit that changes nothing).
 */
import type { LectureDoc } from '../../server/domain/lecture/lecture.docs'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { lectureBody, ORG_B, seedOrgB } from '../support/orgs'
import { memberIdFor } from '../../server/domain/shared/actor'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
type AuditLine = { subject: string; action: string; fields: string[]; note: string | null; byName: string }

async function withFiles() {
  const h = await makeHarness()
  const file = (id: string, family: 'image' | 'audio' | 'video', orgId: string = DEMO.orgId) =>
    h.store.insert('lecture_file', { _id: id, orgId, ref: `/files/${id}`, mimeType: 'x/x', family, bytes: 10, uploadedBy: 'x', createdAt: '2026-11-20T08:00:00.000Z' })
  await file('img_1', 'image')
  await file('aud_1', 'audio')
  await file('vid_1', 'video')
  await file('img_b', 'image', 'org_b')
  return h
}
const create = (h: Harness, who: string, body: Record<string, unknown>) => h.call<{ lecture: { id: string } }>('lecture', who, { action: 'createLecture', ...lectureBody('新的一课'), ...body })
const stored = (h: Harness, id: string) => h.store.get<LectureDoc>('lecture', id)
const refusedAt = (path: string) => ({ ok: false, error: { code: 'LECTURE.FILE_NOT_FOUND', issues: [{ path, message: '找不到上传的文件或文件类型不符' }] } })

test('each file must be of the organisation and of its family; the refusal names the field', async () => {
  const h = await withFiles()
  const seeded = await h.store.count('lecture', {})
  const audio = { kind: 'audio', mediaFileId: 'aud_1', durationSec: 60, blocks: [] }
  expect(await create(h, SEC, { coverFileId: 'aud_1' })).toMatchObject(refusedAt('coverFileId'))
  expect(await create(h, SEC, { coverFileId: 'img_b' })).toMatchObject(refusedAt('coverFileId'))
  expect(await create(h, SEC, { coverFileId: 'img_none' })).toMatchObject(refusedAt('coverFileId'))
  expect(await create(h, SEC, { ...audio, mediaFileId: 'vid_1' })).toMatchObject(refusedAt('mediaFileId'))
  expect(await create(h, SEC, { ...audio, kind: 'video', mediaFileId: 'aud_1' })).toMatchObject(refusedAt('mediaFileId'))
  expect(await create(h, SEC, { mediaFileId: 'aud_1' })).toMatchObject(refusedAt('mediaFileId'))
  expect(await create(h, SEC, { blocks: [{ type: 'p', text: '正文' }, { type: 'img', fileId: 'aud_1', caption: '' }] })).toMatchObject(refusedAt('blocks.1.fileId'))
  expect(await h.store.count('lecture', {})).toBe(seeded)
  expect(dataOf(await create(h, SEC, { ...audio, kind: 'video', mediaFileId: 'vid_1' })).lecture.id).toBeTruthy()
  expect(dataOf(await create(h, SEC, { coverFileId: 'img_1', blocks: [{ type: 'p', text: '正文' }, { type: 'img', fileId: 'img_1', caption: '现场' }] })).lecture.id).toBeTruthy()
})

test('an article keeps its blocks and no media; audio keeps its media and no blocks; the secretary\'s is the branch\'s, the admin\'s the organisation\'s', async () => {
  const h = await withFiles()
  const blocks = [{ type: 'p', text: '正文' }]
  const article = dataOf(await create(h, SEC, { blocks })).lecture.id
  expect(await stored(h, article)).toMatchObject({ kind: 'article', blocks, mediaFileId: null, ownerBranchId: DEMO.branchId, status: 'draft' })
  const audio = dataOf(await create(h, ADMIN, { kind: 'audio', mediaFileId: 'aud_1', durationSec: 60, blocks })).lecture.id
  expect(await stored(h, audio)).toMatchObject({ kind: 'audio', blocks: [], mediaFileId: 'aud_1', durationSec: 60, ownerBranchId: null })
})

test('audit: every field on creation, the changed ones on an edit, none for an edit that changes nothing, the status change noted', async () => {
  const h = await withFiles()
  const id = dataOf(await create(h, SEC, {})).lecture.id
  const lines = async () => (await h.store.query<AuditLine & { _id: string; at: string }>('lecture_audit', { where: { subjectId: id }, orderBy: [['at', 'asc']] })).docs
  expect((await lines()).map((l) => [l.subject, l.action, l.fields])).toEqual([
    ['lecture', 'create', ['columnId', 'title', 'issueNo', 'lecturer', 'summary', 'coverFileId', 'kind', 'blocks', 'mediaFileId', 'durationSec', 'quiz']],
  ])
  h.clock.advance(1000)
  dataOf(await h.call('lecture', SEC, { action: 'updateLecture', lectureId: id, ...lectureBody('新的一课') }))
  expect(await lines()).toHaveLength(1)
  h.clock.advance(1000)
  dataOf(await h.call('lecture', SEC, { action: 'updateLecture', lectureId: id, ...lectureBody('改过的一课') }))
  h.clock.advance(1000)
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))
  expect((await lines()).slice(1).map((l) => [l.action, l.fields, l.note ?? null, l.byName])).toEqual([
    ['update', ['title'], null, '王建国'],
    ['status', ['status', 'publishedAt'], 'draft→published', '王建国'],
  ])
})

test('a secretary without a branch makes no lecture', async () => {
  const h = await withFiles()
  const seeded = await h.store.count('lecture', {})
  await h.store.update('member', memberIdFor(h.runtime, SEC), { set: { branchId: null } })
  expect(await create(h, SEC, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(await h.store.count('lecture', {})).toBe(seeded)
})

test("another organisation's column is not found; the same request id from two managers makes two lectures, from one manager one", async () => {
  const h = await withFiles()
  await seedOrgB(h)
  expect(await create(h, SEC, { columnId: ORG_B.columnId })).toMatchObject({ ok: false, error: { code: 'LECTURE.COLUMN_NOT_FOUND' } })
  const a = dataOf(await create(h, SEC, { requestId: 'req-same-1' })).lecture.id
  const again = dataOf(await create(h, SEC, { requestId: 'req-same-1' })).lecture.id
  const b = dataOf(await create(h, ADMIN, { requestId: 'req-same-1' })).lecture.id
  expect(again).toBe(a)
  expect(b).not.toBe(a)
})

test('a draft archived without ever being published keeps no publishing time', async () => {
  const h = await withFiles()
  const id = dataOf(await create(h, SEC, {})).lecture.id
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'archived' }))
  expect((await stored(h, id))?.publishedAt).toBeNull()
})
