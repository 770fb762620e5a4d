/**
 * Who may read, study and change a lecture in each state: a draft is its branch's managers' (to
 * anyone else it does not exist); an archived lecture may be read by its managers only and studied
 * by nobody; a published one of another branch may be pushed but not changed.
 */
import { DEMO } from '../../server/seed/demo'
import type { DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { overrideStore } from '../support/override-store'
import { freshStore } from '../support/store'
import { addOtherBranchStaff, lectureBody, OTHER_BRANCH } from '../support/orgs'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const SEC3 = OTHER_BRANCH.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M1 = DEMO.memberOpenid(1)
const FRIEND = 'wx-friend-not-a-member'

const code = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await p
  return r.ok ? 'ok' : (r.error?.code ?? '?')
}

async function setUp() {
  const h = await makeHarness()
  await addOtherBranchStaff(h)
  const id = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('支部自己的一课') })).lecture.id
  const push = async () => {
    dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))
    const p = dataOf(await h.call<{ pushId: string }>('lecture', SEC, { action: 'createPush', lectureId: id, label: '全体群' }))
    return p.pushId
  }
  return { h, id, push }
}
const read = (h: Harness, who: string, lectureId: string, pushId?: string) => code(h.call('lecture', who, { action: 'getLecture', lectureId, ...(pushId ? { pushId } : {}) }))
const study = (h: Harness, who: string, lectureId: string) => code(h.call('lecture', who, { action: 'reportProgress', lectureId, positionSec: 0, playing: true }))

test('a draft: read by its secretary and the admin, studied by nobody; to a member and another branch\'s secretary it does not exist', async () => {
  const { h, id } = await setUp()
  expect(await read(h, SEC, id)).toBe('ok')
  expect(await read(h, ADMIN, id)).toBe('ok')
  expect(await read(h, M1, id)).toBe('LECTURE.NOT_FOUND')
  expect(await read(h, SEC3, id)).toBe('LECTURE.NOT_FOUND')
  expect(await study(h, SEC, id)).toBe('LECTURE.NOT_PUBLISHED')
  expect(await study(h, M1, id)).toBe('LECTURE.NOT_FOUND')
  expect(await code(h.call('lecture', M1, { action: 'rateLecture', lectureId: id, stars: 5 }))).toBe('LECTURE.NOT_FOUND')
})

test('archived: its managers may still read it, nobody studies it; a member, another branch and a visitor through a push are told it is not published', async () => {
  const { h, id, push } = await setUp()
  const pushId = await push()
  expect(await read(h, FRIEND, id, pushId)).toBe('ok')
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'archived' }))
  expect(await read(h, SEC, id)).toBe('ok')
  expect(await read(h, ADMIN, id)).toBe('ok')
  expect(await read(h, M1, id)).toBe('LECTURE.NOT_PUBLISHED')
  expect(await read(h, SEC3, id)).toBe('LECTURE.NOT_PUBLISHED')
  expect(await read(h, FRIEND, id, pushId)).toBe('LECTURE.NOT_PUBLISHED')
  expect(await study(h, SEC, id)).toBe('LECTURE.NOT_PUBLISHED')
  expect(await study(h, M1, id)).toBe('LECTURE.NOT_PUBLISHED')
})

test("published: another branch's secretary may push it and read its report, not change it; the admin may change it", async () => {
  const { h, id, push } = await setUp()
  await push()
  expect(await read(h, M1, id)).toBe('ok')
  expect(await study(h, M1, id)).toBe('ok')
  expect(await code(h.call('lecture', SEC3, { action: 'createPush', lectureId: id, label: '第三支部群' }))).toBe('ok')
  expect(await code(h.call('lecture', SEC3, { action: 'getStudyReport', lectureId: id }))).toBe('ok')
  const before = await h.store.get('lecture', id)
  expect(await code(h.call('lecture', SEC3, { action: 'updateLecture', lectureId: id, ...lectureBody('改别人的课') }))).toBe('FORBIDDEN')
  expect(await code(h.call('lecture', SEC3, { action: 'setLectureStatus', lectureId: id, status: 'archived' }))).toBe('FORBIDDEN')
  expect(await h.store.get('lecture', id)).toEqual(before)
  expect(await code(h.call('lecture', ADMIN, { action: 'setLectureStatus', lectureId: id, status: 'archived' }))).toBe('ok')
})

test('a lecture gone between the check and the change (removed behind the API) answers LECTURE.NOT_FOUND and writes nothing', async () => {
  const base = await freshStore()
  let vanish = false
  const store = overrideStore(base, (s) => ({
    transaction: ((fn) =>
      s.transaction((tx) =>
        fn(
          new Proxy(tx, {
            get: (t, prop) => {
              if (prop === 'get' && vanish) return (collection: string, id: string) => (collection === 'lecture' ? Promise.resolve(null) : t.get(collection, id))
              const v = Reflect.get(t, prop) as unknown
              return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v
            },
          }),
        ),
      )) as DocumentStore['transaction'],
  }))
  const h = await makeHarness({ store })
  const id = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('支部自己的一课') })).lecture.id
  const audits = await h.store.count('lecture_audit', { subjectId: id })
  vanish = true
  expect(await code(h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))).toBe('LECTURE.NOT_FOUND')
  vanish = false
  expect((await h.store.get<{ _id: string; status: string }>('lecture', id))?.status).toBe('draft')
  expect(await h.store.count('lecture_audit', { subjectId: id })).toBe(audits)
})
