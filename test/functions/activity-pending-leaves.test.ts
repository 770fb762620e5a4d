/**
 * 待审批请假 on the secretary's home and activity list: listActivities counts the pending leaves of
 * the branch's scheduled activities only; a cancelled activity's pending leaves wait for nobody,
 * whether the activity is on the page asked for or not.
 */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>
const SECRETARY = DEMO.secretaryOpenid
const HOUR = 3_600_000
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const list = async (h: Harness, limit = 30) => dataOf(await h.call<Out<'listActivities'>>('activity', SECRETARY, { action: 'listActivities', limit }))

async function withLeave(h: Harness, title: string, startInHours: number, member: number) {
  const a = dataOf(
    await h.call<Out<'createActivity'>>('activity', SECRETARY, { action: 'createActivity', kind: 'group_meeting', title, startAt: at(startInHours * HOUR), endAt: at((startInHours + 2) * HOUR) }),
  ).activity
  dataOf(await h.call('activity', DEMO.memberOpenid(member), { action: 'requestLeave', activityId: a.id, reason: '外出学习，无法参加' }))
  return a
}

test('pending leaves of a cancelled activity are not counted, on the page or off it', async () => {
  const h = await makeHarness()
  const soon = await withLeave(h, '党小组会（一）', 24, 1)
  const later = await withLeave(h, '党小组会（二）', 48, 2)
  const latest = await withLeave(h, '党小组会（三）', 72, 3)
  expect((await list(h)).pendingLeaveTotal).toBe(3)

  dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId: later.id, reason: '与上级会议冲突' }))
  const all = await list(h)
  expect(all.pendingLeaveTotal).toBe(2)
  expect(all.activities.find((a) => a.id === later.id)?.pendingLeaves).toBe(0)
  expect(all.activities.find((a) => a.id === soon.id)?.pendingLeaves).toBe(1)

  // a page of one (the soonest): the others' statuses are read by id
  const first = await list(h, 1)
  expect(first.activities.map((a) => a.id)).toEqual([soon.id])
  expect(first.pendingLeaveTotal).toBe(2)
  dataOf(await h.call('activity', SECRETARY, { action: 'cancelActivity', activityId: latest.id, reason: '天气原因取消' }))
  expect((await list(h, 1)).pendingLeaveTotal).toBe(1)
})
