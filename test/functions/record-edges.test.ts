/**
 * 全程纪实 at its edges (record.usecases.ts), each case one a mutation run left untested: a save at
 * the activity's end exactly, the audit of one activity only, a photo the record already holds, a
 * photo of another organisation, a photo the store cannot address, one request id for two
 * activities, the creation time kept, a decision the record does not have, the version a follow-up
 * bumps, and the order and titles of the open-decision list.
 */
import type { z } from '../../contracts'
import type { activityActions } from '../../contracts/activity.contract'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Out<K extends keyof typeof activityActions> = z.infer<(typeof activityActions)[K]['output']>

const S = DEMO.secretaryOpenid
const MIN = 60_000
const DAY = 24 * 60 * MIN
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

async function setup() {
  const h = await makeHarness()
  const m1 = memberIdFor(h.runtime, DEMO.memberOpenid(1))
  const create = async (title: string, startMs: number) =>
    dataOf(await h.call<Out<'createActivity'>>('activity', S, { action: 'createActivity', kind: 'committee', title, startAt: iso(startMs), endAt: iso(startMs + 60 * MIN), place: '会议室' })).activity
  const save = (activityId: string, extra: Record<string, unknown> = {}) =>
    h.call<Out<'saveRecord'>>('activity', S, {
      action: 'saveRecord', activityId, topic: '研究年度工作', host: '王建国', recorderId: null, blocks: [{ type: 'p', text: '讨论。' }], decisions: [], photoIds: [], baseVersion: 0, ...extra,
    })
  const get = async (activityId: string) => dataOf(await h.call<Out<'getRecord'>>('activity', S, { action: 'getRecord', activityId }))
  return { h, m1, create, save, get }
}

const upload = async (h: Harness) => dataOf(await h.call<{ fileId: string; url: string }>('lecture', S, { action: 'uploadMedia', fileName: 'x', mimeType: 'image/png', base64: PNG }))

test('a save at the activity’s end exactly is audited as after the end; a minute before is not', async () => {
  const { h, create, save, get } = await setup()
  const a = await create('支委会', 10 * MIN)
  h.clock.set(new Date(new Date(a.endAt).getTime() - MIN))
  dataOf(await save(a.id))
  h.clock.set(a.endAt)
  dataOf(await save(a.id, { topic: '研究年度工作计划', baseVersion: 1 }))
  expect((await get(a.id)).audit.map((x) => x.afterEnd)).toEqual([true, false])
})

test('an activity’s page shows its own audit lines, not another activity’s', async () => {
  const { create, save, get } = await setup()
  const a = await create('支委会', 10 * MIN)
  const b = await create('党小组会', 2 * DAY)
  dataOf(await save(a.id))
  dataOf(await save(b.id))
  dataOf(await save(b.id, { topic: '另一主题', baseVersion: 1 }))
  expect((await get(a.id)).audit).toHaveLength(1)
  expect((await get(b.id)).audit).toHaveLength(2)
})

test('a photo the record already holds stays when saved again, even if its upload record is gone; a new one must be an image of this organisation', async () => {
  const { h, create, save, get } = await setup()
  const a = await create('支委会', 10 * MIN)
  const photo = await upload(h)
  dataOf(await save(a.id, { photoIds: [photo.fileId] }))
  expect(await h.store.remove(C.lectureFile, photo.fileId)).toBe(true)
  dataOf(await save(a.id, { photoIds: [photo.fileId], topic: '改了主题', baseVersion: 1 }))
  expect((await get(a.id)).record?.photos).toEqual([{ fileId: photo.fileId, url: photo.url }])
  // another organisation's image is not this record's to show
  const theirs = await upload(h)
  expect(await h.store.update(C.lectureFile, theirs.fileId, { set: { orgId: 'org_elsewhere' } })).toBe(true)
  expect(await save(a.id, { photoIds: [photo.fileId, theirs.fileId], baseVersion: 2 })).toMatchObject({ ok: false, error: { code: 'LECTURE.FILE_NOT_FOUND' } })
  expect((await get(a.id)).record?.version).toBe(2)
})

test('a photo the file store cannot address right now is listed with an empty address', async () => {
  const { h, create, save, get } = await setup()
  const a = await create('支委会', 10 * MIN)
  const photo = await upload(h)
  dataOf(await save(a.id, { photoIds: [photo.fileId] }))
  h.runtime.files = { ...h.runtime.files, urls: async () => new Map() }
  expect((await get(a.id)).record?.photos).toEqual([{ fileId: photo.fileId, url: '' }])
})

test('one request id used for two activities saves each', async () => {
  const { create, save, get } = await setup()
  const a = await create('支委会', 10 * MIN)
  const b = await create('党小组会', 2 * DAY)
  for (const id of [a.id, b.id]) expect(dataOf(await save(id, { requestId: 'req-record-same-0001' })).changed).toBe(true)
  expect((await get(b.id)).record?.topic).toBe('研究年度工作')
})

test('a record keeps the time it was first written; its decisions’ follow-up bumps the version', async () => {
  const { h, m1, create, save, get } = await setup()
  const a = await create('支委会', 10 * MIN)
  const first = dataOf(await save(a.id, { decisions: [{ text: '整改消防设施', ownerId: m1, deadline: '2026-12-31' }] })).record
  const createdAt = h.clock.now().toISOString()
  h.clock.advance(MIN)
  dataOf(await save(a.id, { topic: '改了主题', decisions: [{ id: first.decisions[0]?.id, text: '整改消防设施', ownerId: m1, deadline: '2026-12-31' }], baseVersion: 1 }))
  expect((await h.store.get<{ _id: string; createdAt: string; updatedAt: string }>(C.activityRecord, a.id))).toMatchObject({ createdAt, updatedAt: h.clock.now().toISOString() })
  const decisionId = first.decisions[0]?.id ?? ''
  expect(await h.call('activity', S, { action: 'setDecisionState', activityId: a.id, decisionId: 'd_notthere', done: true })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.DECISION_NOT_FOUND' } })
  dataOf(await h.call('activity', S, { action: 'setDecisionState', activityId: a.id, decisionId, done: true }))
  expect((await get(a.id)).record?.version).toBe(3)
  expect(await save(a.id, { baseVersion: 2 })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.RECORD_STALE' } })
})

test('open decisions: overdue first, then by deadline, then by the activity’s start; an activity gone is listed without a title', async () => {
  const { h, m1, create, save } = await setup()
  const a = await create('支委会', 10 * MIN)
  const b = await create('党小组会', 2 * DAY)
  const decision = (text: string, deadline: string) => ({ text, ownerId: m1, deadline })
  // in a: a later deadline first in the record; in b: one overdue and one on a's earliest deadline
  dataOf(await save(a.id, { decisions: [decision('甲-晚', '2026-12-20'), decision('甲-早', '2026-12-10')] }))
  dataOf(await save(b.id, { decisions: [decision('乙-同日', '2026-12-10'), decision('乙-逾期', '2026-11-01')] }))
  // the record's copy of the start is what the list orders by: make the later id the earlier start
  const [first, second] = [a.id, b.id].sort()
  await h.store.update(C.activityRecord, second ?? '', { set: { startAt: iso(-DAY) } })
  const list = async () => dataOf(await h.call<Out<'listOpenDecisions'>>('activity', S, { action: 'listOpenDecisions', year: 2026 }))
  const items = (await list()).items
  expect(items.map((i) => i.decision.text)).toEqual(['乙-逾期', ...(second === b.id ? ['乙-同日', '甲-早'] : ['甲-早', '乙-同日']), '甲-晚'])
  expect((await list()).overdue).toBe(1)
  expect(first).toBeTruthy()
  expect(await h.store.remove(C.activity, a.id)).toBe(true)
  expect((await list()).items.filter((i) => i.activityId === a.id).map((i) => i.activityTitle)).toEqual(['', ''])
  expect((await list()).items.filter((i) => i.activityId === b.id).map((i) => i.activityTitle)).toEqual(['党小组会', '党小组会'])
})
