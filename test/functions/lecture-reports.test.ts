/**
 * The study report's pushes (this branch's and this lecture's only, in order; completions through
 * each, by its deadline inclusive) and a member's own study list (newest started first, each with
 * its state and column); the pending list's columns and covers.
 */
import type { lecture as L } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { addOtherBranchStaff, OTHER_BRANCH } from '../support/orgs'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const AUDIO = 'lec_demo_audio' // 20 s → complete at 18 s

/** A member opens the lecture (through a push, if given) and plays it through. */
async function studyThrough(h: Harness, openid: string, pushId?: string, lectureId = AUDIO, seconds = 20) {
  dataOf(await h.call('lecture', openid, { action: 'getLecture', lectureId, ...(pushId ? { pushId } : {}) }))
  dataOf(await h.call('lecture', openid, { action: 'reportProgress', lectureId, positionSec: 0, playing: true }))
  h.clock.advance(seconds * 1000)
  dataOf(await h.call('lecture', openid, { action: 'reportProgress', lectureId, positionSec: seconds, playing: true }))
}

test("pushes: this branch's and lecture's only, oldest first; completions through each, the deadline inclusive; a push nobody completed through shows none", async () => {
  const h = await makeHarness()
  await addOtherBranchStaff(h)
  const push = async (label: string, extra: Record<string, unknown> = {}, who: string = SEC, lectureId = AUDIO) =>
    dataOf(await h.call<L.CreatePushOutput>('lecture', who, { action: 'createPush', lectureId, label, ...extra })).pushId
  const start = h.clock.now().getTime()
  // the deadline falls exactly when M2 completes (open, then 20 s of play from 1 min after the start)
  const a = await push('全体群', { deadline: new Date(start + 60_000 + 20_000).toISOString() })
  h.clock.advance(1000)
  const b = await push('党小组群')
  h.clock.advance(1000)
  const empty = await push('没人点开的群')
  await push('第三支部群', {}, OTHER_BRANCH.secretaryOpenid)
  await push('另一门课', {}, SEC, 'lec_demo_service')
  h.clock.set(new Date(start + 60_000))
  await studyThrough(h, M(2), a) // at the deadline
  await studyThrough(h, M(1), a) // 20 s after it
  await studyThrough(h, M(3), b)
  dataOf(await h.call('lecture', M(4), { action: 'getLecture', lectureId: AUDIO, pushId: b })) // opened, never played
  await studyThrough(h, M(6), b, AUDIO, 5) // through it too, but 5 s of 20: in progress, no completion
  await studyThrough(h, M(5)) // not through a push
  const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SEC, { action: 'getStudyReport', lectureId: AUDIO }))
  expect(report.pushes.map((p) => [p.label, p.opens, p.completions, p.completedByDeadline])).toEqual([
    ['全体群', 2, 2, 1],
    ['党小组群', 3, 1, 1],
    ['没人点开的群', 0, 0, 0],
  ])
  expect(report.pushes.map((p) => p.id)).toEqual([a, b, empty])
  expect(report.pushes[0]?.rate).toBe(Math.round((1 / 21) * 1000) / 1000)
  expect(report.counts).toEqual({ members: 21, completed: 4, inProgress: 1, notStarted: 16 })
  expect(report.rows.find((r) => r.name === '杨秀英')).toMatchObject({ state: 'completed', viaPush: null })
  expect(report.lecture.columnName).toBe('党课随身听')
  await h.store.remove('lecture_column', 'col_demo_1')
  expect(dataOf(await h.call<L.GetStudyReportOutput>('lecture', SEC, { action: 'getStudyReport', lectureId: AUDIO })).lecture.columnName).toBe('')
})

test("a member's own study: newest started first, each with its state, percent and column", async () => {
  const h = await makeHarness()
  await studyThrough(h, M(1))
  h.clock.advance(60_000)
  dataOf(await h.call('lecture', M(1), { action: 'reportProgress', lectureId: 'lec_demo_wiki', positionSec: 0, playing: true }))
  h.clock.advance(10_000)
  dataOf(await h.call('lecture', M(1), { action: 'reportProgress', lectureId: 'lec_demo_wiki', positionSec: 10, playing: true }))
  const mine = dataOf(await h.call<{ items: Array<{ lectureId: string; state: string; percent: number; columnName: string }> }>('lecture', M(1), { action: 'getMemberStudy' }))
  expect(mine.items.map((i) => [i.lectureId, i.state, i.columnName])).toEqual([
    ['lec_demo_wiki', 'in_progress', '百科随意聊'],
    [AUDIO, 'completed', '党课随身听'],
  ])
  expect(mine.items[0]?.percent).toBeGreaterThan(0)
  expect(mine.items[0]?.percent).toBeLessThan(100)
})

test("a member's own study leaves out a lecture since removed, and names a removed column as none", async () => {
  const h = await makeHarness()
  await studyThrough(h, M(1))
  h.clock.advance(60_000)
  await studyThrough(h, M(1), undefined, 'lec_demo_wiki', 10)
  await h.store.remove('lecture', AUDIO)
  await h.store.remove('lecture_column', 'col_demo_5')
  const mine = dataOf(await h.call<{ items: Array<{ lectureId: string; columnName: string }> }>('lecture', M(1), { action: 'getMemberStudy' }))
  expect(mine.items.map((i) => [i.lectureId, i.columnName])).toEqual([['lec_demo_wiki', '']])
})

test("a member's own study lists lectures newest started first, whatever their ids (two members, opposite orders)", async () => {
  const h = await makeHarness()
  const order = ['lec_demo_service', AUDIO, 'lec_demo_wiki']
  for (const [n, lectures] of [[2, order], [3, [...order].reverse()]] as const) {
    for (const id of lectures) {
      await studyThrough(h, M(n), undefined, id, 5)
      h.clock.advance(60_000)
    }
    const mine = dataOf(await h.call<{ items: Array<{ lectureId: string }> }>('lecture', M(n), { action: 'getMemberStudy' }))
    expect(mine.items.map((i) => i.lectureId)).toEqual([...lectures].reverse())
  }
})

test("the study report's rows come in the order members joined the branch, not by id", async () => {
  const h = await makeHarness()
  const members = (await h.store.query<{ _id: string; name: string }>('member', { where: { branchId: DEMO.branchId }, orderBy: [['_id', 'asc']], limit: 100 })).docs
  // the last by id joined first
  const day = 24 * 3600_000
  for (const [i, m] of members.entries()) await h.store.update('member', m._id, { set: { joinedAt: new Date(Date.UTC(2020, 0, 1) - i * day).toISOString() } })
  const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SEC, { action: 'getStudyReport', lectureId: AUDIO }))
  expect(report.rows.map((r) => r.memberId)).toEqual(members.map((m) => m._id).reverse())
})
