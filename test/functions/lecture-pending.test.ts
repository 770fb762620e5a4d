/**
 * 待学习 (lecture.myPendingLectures): the lectures pushed to the caller's branch in the last 30 days
 * that the caller has not completed, newest push first, each once, at most 20; nothing of another
 * branch; archived lectures drop out; an admin in no branch gets none.
 */
import type { lecture as L } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { addOtherBranchStaff, lectureBody, OTHER_BRANCH } from '../support/orgs'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const AUDIO = 'lec_demo_audio' // 20 s → complete at 18 s
const ARTICLE = 'lec_demo_wiki'
const QUIZ = 'lec_demo_safety'
const DAY = 86_400_000

const pending = async (h: Harness, openid: string) => dataOf(await h.call<L.MyPendingLecturesOutput>('lecture', openid, { action: 'myPendingLectures' })).items
const push = async (h: Harness, lectureId: string, label: string, extra: Record<string, unknown> = {}, by: string = SECRETARY) =>
  dataOf(await h.call<L.CreatePushOutput>('lecture', by, { action: 'createPush', lectureId, label, ...extra })).pushId
const beat = (h: Harness, openid: string, lectureId: string, positionSec: number) => h.call<L.ReportProgressOutput>('lecture', openid, { action: 'reportProgress', lectureId, positionSec, playing: true })

test('the last 30 days of pushes to my branch, each lecture once with its newest push, minus what I completed', async () => {
  const h = await makeHarness()
  await addOtherBranchStaff(h)
  await push(h, ARTICLE, '上月的推送')
  h.clock.advance(31 * DAY)
  expect(await pending(h, M1)).toEqual([])

  const audioPush = await push(h, AUDIO, '第四党支部全体群', { deadline: new Date(h.clock.now().getTime() + 3 * DAY).toISOString() })
  h.clock.advance(60_000)
  await push(h, QUIZ, '第一党小组群')
  h.clock.advance(60_000)
  const quizAgain = await push(h, QUIZ, '第二党小组群')
  // the admin pushes to 第三党支部: not ours
  await push(h, ARTICLE, '第三支部群', { branchId: OTHER_BRANCH.branchId }, DEMO.adminOpenid)

  const mine = await pending(h, M1)
  expect(mine.map((i) => [i.lecture.id, i.push.id])).toEqual([
    [QUIZ, quizAgain],
    [AUDIO, audioPush],
  ])
  expect(mine[1]).toMatchObject({ push: { label: '第四党支部全体群', deadline: expect.any(String) }, lecture: { title: expect.any(String), columnName: expect.any(String), progress: { state: 'none' } } })
  expect((await pending(h, OTHER_BRANCH.memberOpenid)).map((i) => i.lecture.id)).toEqual([ARTICLE])
  expect(await pending(h, DEMO.adminOpenid)).toEqual([])

  // M1 studies the audio lecture to the end: it leaves M1's list, not M2's; started is still pending
  dataOf(await beat(h, M1, AUDIO, 0))
  h.clock.advance(20_000)
  expect(dataOf(await beat(h, M1, AUDIO, 20)).completed).toBe(true)
  dataOf(await beat(h, M1, QUIZ, 0))
  const after = await pending(h, M1)
  expect(after.map((i) => i.lecture.id)).toEqual([QUIZ])
  expect(after[0]?.lecture.progress?.state).toBe('in_progress')
  expect((await pending(h, M2)).map((i) => i.lecture.id)).toEqual([QUIZ, AUDIO])

  // an archived lecture is no longer due
  dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'setLectureStatus', lectureId: QUIZ, status: 'archived' }))
  expect((await pending(h, M2)).map((i) => i.lecture.id)).toEqual([AUDIO])
  // and 30 days after its push, nothing is
  h.clock.advance(30 * DAY)
  expect(await pending(h, M2)).toEqual([])
})

test('at most 20, the newest first', async () => {
  const h = await makeHarness()
  const ids: string[] = []
  for (let i = 1; i <= 24; i++) {
    const lecture = dataOf(await h.call<{ lecture: { id: string } }>('lecture', SECRETARY, { action: 'createLecture', ...lectureBody(`第${i}课`) })).lecture
    dataOf(await h.call('lecture', SECRETARY, { action: 'setLectureStatus', lectureId: lecture.id, status: 'published' }))
    await push(h, lecture.id, '第四党支部全体群')
    ids.push(lecture.id)
    h.clock.advance(60_000)
  }
  const items = await pending(h, M1)
  expect(items).toHaveLength(20)
  expect(items.map((i) => i.lecture.id)).toEqual(ids.slice(-20).reverse())
})
