/** 待学习: each pending lecture with its column's name and its cover's address; a removed column reads as no name. */
import type { lecture as L } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'
import { lectureBody } from '../support/orgs'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)

test('two pending lectures of two columns, one with a cover; then one column removed', async () => {
  const h = await makeHarness()
  await h.store.insert('lecture_file', { _id: 'img_cover', orgId: DEMO.orgId, ref: '/files/img_cover.png', mimeType: 'image/png', family: 'image', bytes: 10, uploadedBy: 'x', createdAt: '2026-11-20T08:00:00.000Z' })
  const id = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SEC, { action: 'createLecture', ...lectureBody('有封面的一课', 'col_demo_3'), coverFileId: 'img_cover' })).lecture.id
  dataOf(await h.call('lecture', SEC, { action: 'setLectureStatus', lectureId: id, status: 'published' }))
  for (const lectureId of ['lec_demo_audio', id]) {
    dataOf(await h.call('lecture', SEC, { action: 'createPush', lectureId, label: '全体群' }))
    h.clock.advance(1000)
  }
  const items = async () => dataOf(await h.call<L.MyPendingLecturesOutput>('lecture', M1, { action: 'myPendingLectures' })).items.map((i) => [i.lecture.id, i.lecture.columnName, i.lecture.coverUrl])
  expect(await items()).toEqual([
    [id, '读书共分享', '/files/img_cover.png'],
    ['lec_demo_audio', '党课随身听', null],
  ])
  await h.store.remove('lecture_column', 'col_demo_3')
  expect(await items()).toEqual([
    [id, '', '/files/img_cover.png'],
    ['lec_demo_audio', '党课随身听', null],
  ])
})

test('a pushed lecture since removed, or no longer of the member’s organisation, is not pending', async () => {
  const h = await makeHarness()
  for (const lectureId of ['lec_demo_audio', 'lec_demo_wiki', 'lec_demo_service']) {
    dataOf(await h.call('lecture', SEC, { action: 'createPush', lectureId, label: '全体群' }))
    h.clock.advance(1000)
  }
  const ids = async () => dataOf(await h.call<L.MyPendingLecturesOutput>('lecture', M1, { action: 'myPendingLectures' })).items.map((i) => i.lecture.id)
  expect(await ids()).toEqual(['lec_demo_service', 'lec_demo_wiki', 'lec_demo_audio'])
  expect(await h.store.remove('lecture', 'lec_demo_wiki')).toBe(true)
  expect(await h.store.update('lecture', 'lec_demo_service', { set: { orgId: 'org_elsewhere' } })).toBe(true)
  expect(await ids()).toEqual(['lec_demo_audio'])
})
