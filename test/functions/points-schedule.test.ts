/**
 * The scheduled absence sweep (server/domain/points/schedule.ts) against the embedded store with the
 * harness's fixed clock: every branch of every organisation, once; a repeat run deducts nothing; a
 * budget of changes or branches stops a run and the next resumes; entries recorded by the system.
 * Then the CloudBase timer path of the points function (a timer event without identity runs it; the
 * same event from a caller with an identity, another trigger name, or through the gateway's mount
 * does not) and the gateway's interval.
 */
import { jest } from '@jest/globals'
import type { points as P } from '../../contracts'
import { ABSENCE_SWEEP_TRIGGER, pointsCloudFunction } from '../../cloudfunctions/points/handler'
import type { PointsEntryDoc } from '../../server/domain/points/ledger'
import { branchSweepId, runAbsenceSweep, SYSTEM_RECORDER, type BranchSweepDoc, type SweepStateDoc } from '../../server/domain/points/schedule'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { absenceSweepMinutes } from '../../server/config'
import { every, scheduleAbsenceSweep } from '../../server/gateway/schedule'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { queryAll, upsert, type DocumentStore, type QueryOptions } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { overrideStore } from '../support/override-store'
import { freshStore } from '../support/store'
import { ORG_B, seedOrgB } from '../support/orgs'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const M = [1, 2, 3, 4, 5].map((n) => DEMO.memberOpenid(n)) as [string, string, string, string, string]
const MIN = 60_000
const idOf = (h: Harness, openid: string) => memberIdFor(h.runtime, openid)
const act = <D>(h: Harness, openid: string, action: string, input: Record<string, unknown> = {}) => h.call<D>('activity', openid, { action, ...input })

/** Every absence deduction in the store (reversals excluded). */
const deductions = (h: Harness) => queryAll<PointsEntryDoc>(h.store, C.pointsEntry, { where: { 'source.type': 'absence' } })
const deductionsOf = async (h: Harness, activityId: string) => (await deductions(h)).filter((e) => e.source.ref === activityId)

/** An activity of 第四党支部 for five members, ending 100 minutes from now: M1 signs in, M2's leave is approved; M3–M5 are unexcused. */
async function heldActivity(h: Harness, title: string) {
  const at = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
  const a = dataOf(
    await act<{ activity: { id: string } }>(h, SECRETARY, 'createActivity', { kind: 'theme_day', title, startAt: at(-10 * MIN), endAt: at(100 * MIN), expectedMemberIds: M.map((o) => idOf(h, o)) }),
  ).activity
  const code = dataOf(await act<{ token: string }>(h, SECRETARY, 'getSignInCode', { activityId: a.id }))
  dataOf(await act(h, M[0], 'signIn', { token: code.token }))
  dataOf(await act(h, M[1], 'requestLeave', { activityId: a.id, reason: '外出培训' }))
  dataOf(await act(h, SECRETARY, 'decideLeave', { activityId: a.id, memberId: idOf(h, M[1]), approve: true }))
  return a
}

/** Both organisations with an activity each that has ended (org B's: three members, none there). */
async function twoOrganisations() {
  const h = await makeHarness()
  const b = await seedOrgB(h)
  const a = await heldActivity(h, '十一月主题党日')
  h.clock.advance(101 * MIN)
  return { h, a, b }
}

describe('the scheduled absence sweep', () => {
  test('one run deducts every branch of every organisation once, recorded by the system; a second run deducts nothing', async () => {
    const { h, a, b } = await twoOrganisations()
    const branchCount = await h.store.count(C.branch)
    const first = await runAbsenceSweep(h.runtime)
    expect(first).toMatchObject({ branches: branchCount, done: true, cleared: 0 })

    const ours = await deductionsOf(h, a.id)
    expect(ours.map((e) => e.memberId).sort()).toEqual([M[2], M[3], M[4]].map((o) => idOf(h, o)).sort())
    const theirs = await deductionsOf(h, b.activityId)
    expect(theirs.map((e) => e.memberId).sort()).toEqual([ORG_B.secretaryOpenid, ORG_B.memberOpenid(1), ORG_B.memberOpenid(2)].map((o) => idOf(h, o)).sort())
    expect(theirs.every((e) => e.orgId === ORG_B.orgId && e.branchId === ORG_B.branchId)).toBe(true)
    const all = await deductions(h)
    // the run counts what it wrote (the demo's own ended activities included), all by the system
    expect(first.deducted).toBe(all.length)
    expect(all.every((e) => e.recordedBy === SYSTEM_RECORDER && e.amount === -2)).toBe(true)

    const second = await runAbsenceSweep(h.runtime)
    expect(second).toMatchObject({ branches: branchCount, activities: 0, deducted: 0, cleared: 0, done: true })
    expect(await deductions(h)).toHaveLength(all.length)
    // the secretary's own sweep agrees: nothing left to deduct
    expect(dataOf(await h.call<P.SettleAbsencesOutput>('points', SECRETARY, { action: 'settleAbsences' }))).toMatchObject({ deducted: 0, cleared: 0 })
    expect(dataOf(await h.call<P.SettleAbsencesOutput>('points', ORG_B.secretaryOpenid, { action: 'settleAbsences' }))).toMatchObject({ deducted: 0, standing: 3 })
  })

  test('only activities ended since the last run are read again; one ending later is deducted on the run after its end', async () => {
    const { h } = await twoOrganisations()
    await runAbsenceSweep(h.runtime)
    const before = (await deductions(h)).length
    const later = await heldActivity(h, '十二月主题党日')
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ activities: 0, deducted: 0 })
    h.clock.advance(101 * MIN)
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ activities: 1, deducted: 3 })
    expect(await deductionsOf(h, later.id)).toHaveLength(3)
    expect(await deductions(h)).toHaveLength(before + 3)
  })

  test('a budget of two changes stops each run after two and the next resumes where it stopped, to the same result', async () => {
    const { h: whole } = await twoOrganisations()
    const expected = (await runAbsenceSweep(whole.runtime)).deducted

    const { h } = await twoOrganisations()
    const runs = []
    for (let i = 0; i < 50; i++) {
      const run = await runAbsenceSweep(h.runtime, { changes: 2 })
      runs.push(run)
      if (run.done && run.deducted === 0) break
    }
    expect(runs[0]).toMatchObject({ deducted: 2, done: false })
    expect(runs.every((r) => r.deducted + r.cleared <= 2)).toBe(true)
    expect(runs.reduce((n, r) => n + r.deducted, 0)).toBe(expected)
    expect(runs.length).toBeGreaterThanOrEqual(Math.ceil(expected / 2))
    const all = await deductions(h)
    expect(all).toHaveLength(expected)
    // once per activity and member
    expect(new Set(all.map((e) => `${e.source.ref}/${e.memberId}`)).size).toBe(expected)
    expect(await runAbsenceSweep(h.runtime, { changes: 2 })).toMatchObject({ deducted: 0, done: true })
  })

  test('a budget of one branch visits one branch a run, in turn, and comes round again', async () => {
    const { h, b } = await twoOrganisations()
    const branchIds = (await queryAll<{ _id: string }>(h.store, C.branch)).map((x) => x._id).sort()
    expect(branchIds).toContain(ORG_B.branchId)
    const visited: string[] = []
    let runs = 0
    for (const _ of branchIds) {
      const before = new Set((await deductions(h)).map((e) => e.branchId))
      const run = await runAbsenceSweep(h.runtime, { branches: 1 })
      expect(run.branches).toBe(1)
      // one branch of several: the round is done only by the run that visits the last one
      expect(run.done).toBe(++runs === branchIds.length)
      const touched = [...new Set((await deductions(h)).map((e) => e.branchId))].filter((x): x is string => x !== null && !before.has(x))
      visited.push(...touched)
    }
    // the branches with absentees were each reached by their own run; 第三党支部 has no members
    expect(visited.sort()).toEqual([DEMO.branchId, ORG_B.branchId].sort())
    expect(await deductionsOf(h, b.activityId)).toHaveLength(3)
    const round = await runAbsenceSweep(h.runtime, { branches: branchIds.length })
    expect(round).toMatchObject({ deducted: 0, done: true })
  })
})

describe('the sweep\'s marks and pages', () => {
  /** An activity of 第四党支部 for the five members, none of whom comes, from `startAt` to `endAt`. */
  async function missedActivity(h: Harness, title: string, startAt: string, endAt: string) {
    return dataOf(await act<{ activity: { id: string } }>(h, SECRETARY, 'createActivity', { kind: 'theme_day', title, startAt, endAt, expectedMemberIds: M.map((o) => idOf(h, o)) })).activity
  }
  const at = (h: Harness, ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()

  test('pages of two activities, in end order: each swept once, the branch mark on the last, the state under its id; a branch with nothing ended gets no mark', async () => {
    const h = await makeHarness()
    await runAbsenceSweep(h.runtime)
    const before = (await deductions(h)).length
    // five activities ending 10, 20, … 50 minutes from now, created in another order, the later ending the earlier started
    const ends = [30, 10, 50, 20, 40]
    const made: Array<{ end: number; id: string }> = []
    for (const e of ends) made.push({ end: e, ...(await missedActivity(h, `第${e}分钟结束的会`, at(h, (-60 - e) * MIN), at(h, e * MIN))) })
    h.clock.advance(60 * MIN)
    const run = await runAbsenceSweep(h.runtime, { perBranch: 2 })
    expect(run).toMatchObject({ activities: 5, deducted: 25, cleared: 0, done: true })
    expect(await deductions(h)).toHaveLength(before + 25)
    expect((await deductions(h)).filter((e) => made.some((m) => m.id === e.source.ref)).every((e) => e.recordedBy === 'system')).toBe(true)
    const last = made.find((m) => m.end === 50)
    expect(await h.store.get<BranchSweepDoc>(C.pointsSweep, branchSweepId(DEMO.branchId))).toMatchObject({ activityId: last?.id, branchId: DEMO.branchId, orgId: DEMO.orgId })
    expect(await h.store.get<SweepStateDoc>(C.pointsSweep, 'absence')).toMatchObject({ branchCursor: null })
    // 第三党支部 has no activity: no mark written for it
    expect(await h.store.get(C.pointsSweep, branchSweepId(DEMO.otherBranchId))).toBeNull()
    // a later activity moves the mark; the run after reads nothing again
    const later = await missedActivity(h, '再晚一点的会', at(h, -10 * MIN), at(h, 10 * MIN))
    h.clock.advance(20 * MIN)
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2 })).toMatchObject({ activities: 1, deducted: 5 })
    expect(await h.store.get<BranchSweepDoc>(C.pointsSweep, branchSweepId(DEMO.branchId))).toMatchObject({ activityId: later.id })
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2 })).toMatchObject({ activities: 0, deducted: 0 })
  })

  test('two activities ending at the same instant: a run stopped between them resumes with the second, and a full page of them ends the page', async () => {
    const h = await makeHarness()
    await runAbsenceSweep(h.runtime)
    const first = await missedActivity(h, '同时结束的会一', at(h, -60 * MIN), at(h, 10 * MIN))
    const second = await missedActivity(h, '同时结束的会二', at(h, -50 * MIN), at(h, 10 * MIN))
    h.clock.advance(20 * MIN)
    expect(await runAbsenceSweep(h.runtime, { changes: 5, perBranch: 2 })).toMatchObject({ activities: 1, deducted: 5, done: false })
    expect(await deductionsOf(h, first.id)).toHaveLength(5)
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2 })).toMatchObject({ activities: 1, deducted: 5, done: true })
    expect(await deductionsOf(h, second.id)).toHaveLength(5)
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2 })).toMatchObject({ activities: 0, deducted: 0 })
  })

  test('more activities ending at one instant than a page holds: every one is swept, in one run and across runs', async () => {
    const h = await makeHarness()
    await runAbsenceSweep(h.runtime)
    // five meetings ending together (the page holds two): the index order is start, then id
    const made = []
    for (const n of [1, 2, 3, 4, 5]) made.push(await missedActivity(h, `同时结束的第${n}个会`, at(h, (-70 + n) * MIN), at(h, 10 * MIN)))
    h.clock.advance(20 * MIN)
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2, changes: 15 })).toMatchObject({ activities: 3, deducted: 15, done: false })
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2 })).toMatchObject({ activities: 2, deducted: 10, done: true })
    for (const a of made) expect(await deductionsOf(h, a.id)).toHaveLength(5)
    expect(await h.store.get<BranchSweepDoc>(C.pointsSweep, branchSweepId(DEMO.branchId))).toMatchObject({ activityId: made[4]?.id })
    expect(await runAbsenceSweep(h.runtime, { perBranch: 2 })).toMatchObject({ activities: 0, deducted: 0 })
    // three more ending together, read a page of one at a time: all three in one run
    const more = []
    for (const n of [1, 2, 3]) more.push(await missedActivity(h, `又一批同时结束的第${n}个会`, at(h, (-30 + n) * MIN), at(h, 5 * MIN)))
    h.clock.advance(10 * MIN)
    expect(await runAbsenceSweep(h.runtime, { perBranch: 1 })).toMatchObject({ activities: 3, deducted: 15, done: true })
  })

  test('activities with the same start and end are told apart by id: a run stopped between them resumes with the next, each swept once', async () => {
    const h = await makeHarness()
    await runAbsenceSweep(h.runtime)
    const made = []
    for (const n of [1, 2, 3]) made.push(await missedActivity(h, `同一时段的第${n}个会`, at(h, -60 * MIN), at(h, 10 * MIN)))
    h.clock.advance(20 * MIN)
    // one activity's five deductions a run
    for (let i = 0; i < 3; i++) expect(await runAbsenceSweep(h.runtime, { changes: 5 })).toMatchObject({ activities: 1, deducted: 5 })
    expect(await runAbsenceSweep(h.runtime, { changes: 5 })).toMatchObject({ activities: 0, deducted: 0, done: true })
    for (const a of made) expect(await deductionsOf(h, a.id)).toHaveLength(5)
    const last = [...made].sort((x, y) => (x.id < y.id ? -1 : 1)).at(-1)
    expect(await h.store.get<BranchSweepDoc>(C.pointsSweep, branchSweepId(DEMO.branchId))).toMatchObject({ activityId: last?.id })
  })

  test('a branch visited for the first time starts at the year\'s first instant: an activity ending exactly then is swept', async () => {
    const h = await makeHarness()
    // 2027-01-01 00:00 China time is 2026-12-31T16:00Z; nothing has been swept yet
    h.clock.set('2026-12-31T15:00:00.000Z')
    const a = await missedActivity(h, '跨年守岁', '2026-12-31T15:10:00.000Z', '2026-12-31T16:00:00.000Z')
    h.clock.set('2026-12-31T16:30:00.000Z')
    await runAbsenceSweep(h.runtime)
    expect(await deductionsOf(h, a.id)).toHaveLength(5)
  })

  test('a branch budget larger than a page of branches visits exactly the budget', async () => {
    const h = await makeHarness()
    const at0 = h.clock.now().toISOString()
    await h.store.insertMany(C.branch, Array.from({ length: 60 }, (_, i) => ({ _id: `branch_zz_${String(i).padStart(2, '0')}`, orgId: DEMO.orgId, name: `第${i + 10}党支部`, createdAt: at0 })))
    const total = await h.store.count(C.branch)
    expect(total).toBeGreaterThan(55)
    expect(await runAbsenceSweep(h.runtime, { branches: 55 })).toMatchObject({ branches: 55, done: false })
    expect(await runAbsenceSweep(h.runtime, { branches: 55 })).toMatchObject({ branches: total - 55, done: true })
  })

  /** The embedded store whose branch queries fail while `fails(options)` says so. */
  async function failingBranchReads(fails: (options?: QueryOptions) => boolean): Promise<DocumentStore> {
    const inner = await freshStore()
    return new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown
        if (prop === 'query' && typeof v === 'function') {
          return (collection: string, options?: QueryOptions) => {
            if (collection === C.branch && fails(options)) throw new Error('store unavailable')
            return (v as (...a: unknown[]) => unknown).call(target, collection, options)
          }
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    }) as DocumentStore
  }

  test('a store that fails once while reading the branches from a saved cursor fails the run; the cursor stays', async () => {
    let failures = 0
    const store = await failingBranchReads((options) => failures > 0 && Boolean(options?.cursor) && failures-- > 0)
    const h = await makeHarness({ store })
    // a round stopped after one branch leaves a cursor
    expect(await runAbsenceSweep(h.runtime, { branches: 1 })).toMatchObject({ done: false })
    const saved = (await h.store.get<SweepStateDoc>(C.pointsSweep, 'absence'))?.branchCursor
    expect(saved).toEqual(expect.any(String))
    failures = 1
    await expect(runAbsenceSweep(h.runtime)).rejects.toThrow('store unavailable')
    expect((await h.store.get<SweepStateDoc>(C.pointsSweep, 'absence'))?.branchCursor).toBe(saved)
  })

  test('a store that fails while reading the branches fails the run', async () => {
    let failing = false
    const h = await makeHarness({ store: await failingBranchReads(() => failing) })
    failing = true
    await expect(runAbsenceSweep(h.runtime)).rejects.toThrow('store unavailable')
  })

  test('activities across the new year are swept under the year each started in', async () => {
    const h = await makeHarness()
    // 2026-12-31 22:50 China time
    h.clock.set('2026-12-31T14:50:00.000Z')
    await runAbsenceSweep(h.runtime)
    const old = await missedActivity(h, '跨年夜值守', '2026-12-31T15:00:00.000Z', '2026-12-31T17:00:00.000Z')
    const fresh = await missedActivity(h, '新年第一会', '2026-12-31T17:10:00.000Z', '2026-12-31T18:00:00.000Z')
    h.clock.set('2026-12-31T19:00:00.000Z')
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ deducted: 10 })
    const years = (await deductions(h)).filter((e) => e.source.ref === old.id || e.source.ref === fresh.id).map((e) => `${e.source.ref === old.id ? 'old' : 'new'} ${e.year}`)
    expect([...new Set(years)].sort()).toEqual(['new 2027', 'old 2026'])
  })

  test('a run clears what the activity no longer owes: the count says so', async () => {
    const h = await makeHarness()
    await runAbsenceSweep(h.runtime)
    const a = await missedActivity(h, '后来取消的会', at(h, -60 * MIN), at(h, 10 * MIN))
    h.clock.advance(20 * MIN)
    // the secretary's sweep deducts before the schedule comes; the activity is then cancelled
    expect(dataOf(await h.call<P.SettleAbsencesOutput>('points', SECRETARY, { action: 'settleAbsences', activityId: a.id }))).toMatchObject({ deducted: 5 })
    dataOf(await act(h, SECRETARY, 'cancelActivity', { activityId: a.id, reason: '记录有误' }))
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ deducted: 0, cleared: 5 })
  })

  test('a branch cursor the store no longer reads starts the round again', async () => {
    const { h } = await twoOrganisations()
    await h.store.insert(C.pointsSweep, { _id: 'absence', branchCursor: 'not-a-cursor', at: h.clock.now().toISOString() })
    const branchCount = await h.store.count(C.branch)
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ branches: branchCount, done: true })
    expect(await h.store.get<SweepStateDoc>(C.pointsSweep, 'absence')).toMatchObject({ branchCursor: null })
  })
})

describe('a sweep across the new year', () => {
  /** At 00:30 on 1 January (China time): one activity begun on New Year's Eve and one begun after midnight, both ended, M3 expected at each. */
  async function newYearActivities(h: Harness) {
    h.clock.set('2025-12-31T16:30:00.000Z')
    const create = async (title: string, startAt: string, endAt: string) =>
      dataOf(await act<{ activity: { id: string } }>(h, SECRETARY, 'createActivity', { kind: 'theme_day', title, startAt, endAt, expectedMemberIds: [idOf(h, M[2])] })).activity
    const eve = await create('跨年志愿服务', '2025-12-31T15:00:00.000Z', '2025-12-31T17:00:00.000Z')
    const dawn = await create('新年第一课', '2025-12-31T16:40:00.000Z', '2025-12-31T17:10:00.000Z')
    h.clock.set('2025-12-31T17:30:00.000Z')
    return { eve, dawn }
  }

  test('an activity begun on New Year’s Eve (China time) is deducted in the old year, the next one in the new year', async () => {
    const h = await makeHarness()
    const { eve, dawn } = await newYearActivities(h)
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ done: true })
    expect((await deductionsOf(h, eve.id)).map((e) => [e.memberId, e.year])).toEqual([[idOf(h, M[2]), 2025]])
    expect((await deductionsOf(h, dawn.id)).map((e) => [e.memberId, e.year])).toEqual([[idOf(h, M[2]), 2026]])
  })

  test('after the secretary has settled both years, the scheduled sweep reads each year’s balances and writes nothing', async () => {
    let transactions = 0
    const base = await freshStore()
    const store = overrideStore(base, (s) => ({ transaction: ((fn) => ((transactions += 1), s.transaction(fn))) as DocumentStore['transaction'] }))
    const h = await makeHarness({ store })
    const { eve, dawn } = await newYearActivities(h)
    for (const year of [2025, 2026]) dataOf(await h.call('points', SECRETARY, { action: 'settleAbsences', year }))
    expect((await deductionsOf(h, eve.id)).map((e) => e.year)).toEqual([2025])
    expect((await deductionsOf(h, dawn.id)).map((e) => e.year)).toEqual([2026])
    transactions = 0
    expect(await runAbsenceSweep(h.runtime)).toMatchObject({ done: true, deducted: 0 })
    expect(transactions).toBe(0)
  })
})

describe('the CloudBase timer trigger of the points function', () => {
  const timerEvent = { Type: 'Timer', TriggerName: ABSENCE_SWEEP_TRIGGER, Time: '2026-11-20T11:05:00Z', Message: '' }

  test('a timer event with no caller in the context runs the sweep once', async () => {
    const { h, a } = await twoOrganisations()
    const main = pointsCloudFunction(h.runtime)
    const result = await main(timerEvent, contextFor(null))
    expect(result).toMatchObject({ ok: true, data: { done: true } })
    expect(await deductionsOf(h, a.id)).toHaveLength(3)
    const again = await main(timerEvent, contextFor(null))
    expect(again).toMatchObject({ ok: true, data: { deducted: 0 } })
    expect(await deductionsOf(h, a.id)).toHaveLength(3)
  })

  test('the same event from a signed-in caller, a web device, under another trigger name, with an action, or through the gateway runs nothing', async () => {
    const { h, a } = await twoOrganisations()
    const main = pointsCloudFunction(h.runtime)
    const unknown = { ok: false, error: { code: 'UNKNOWN_ACTION' } }
    expect(await main(timerEvent, contextFor(M[3]))).toMatchObject(unknown)
    expect(await main(timerEvent, contextFor(SECRETARY))).toMatchObject(unknown)
    expect(await main(timerEvent, contextFor(null, { DEVICE_ID: 'web-device-0123456789' }))).toMatchObject(unknown)
    expect(await main({ ...timerEvent, TriggerName: 'everyMinute' }, contextFor(null))).toMatchObject(unknown)
    expect(await main({ ...timerEvent, Type: 'timer' }, contextFor(null))).toMatchObject(unknown)
    // an action in the event is the action router's: here a sweep that needs a secretary
    expect(await main({ ...timerEvent, action: 'settleAbsences' }, contextFor(null))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    // the gateway mounts the actions alone: its own interval runs the sweep
    expect(await h.call('points', null, timerEvent)).toMatchObject(unknown)
    expect(await deductions(h)).toHaveLength(0)
    expect(await deductionsOf(h, a.id)).toHaveLength(0)
  })

  test('a failing sweep answers INTERNAL and is logged', async () => {
    const { h } = await twoOrganisations()
    const broken = { ...h.runtime, store: { ...h.runtime.store, get: () => Promise.reject(new Error('store down')) } }
    const result = await pointsCloudFunction(broken)(timerEvent, contextFor(null))
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('store down')
    expect(h.errors).toEqual([expect.objectContaining({ message: 'store down' })])
  })
})

describe("the gateway's interval", () => {
  test('ABSENCE_SWEEP_MINUTES: hourly in prod, off in dev, as set otherwise; nonsense refused', () => {
    expect(absenceSweepMinutes({}, 'prod')).toBe(60)
    expect(absenceSweepMinutes({}, 'dev')).toBe(0)
    expect(absenceSweepMinutes({ ABSENCE_SWEEP_MINUTES: '15' }, 'dev')).toBe(15)
    expect(absenceSweepMinutes({ ABSENCE_SWEEP_MINUTES: '0' }, 'prod')).toBe(0)
    expect(() => absenceSweepMinutes({ ABSENCE_SWEEP_MINUTES: 'hourly' }, 'prod')).toThrow(/ABSENCE_SWEEP_MINUTES/)
    expect(() => absenceSweepMinutes({ ABSENCE_SWEEP_MINUTES: '-5' }, 'prod')).toThrow(/ABSENCE_SWEEP_MINUTES/)
  })

  test('every(): not at start, once per interval, never two at once, failures logged, stoppable', async () => {
    jest.useFakeTimers()
    try {
      let calls = 0
      let release: () => void = () => {}
      const errors: unknown[] = []
      const job = () => {
        calls += 1
        if (calls === 2) return Promise.reject(new Error('boom'))
        if (calls === 3) return new Promise<void>((r) => (release = r))
        return Promise.resolve()
      }
      const stop = every(10, job, (e) => errors.push(e), 'test')
      expect(calls).toBe(0)
      await jest.advanceTimersByTimeAsync(10 * MIN)
      expect(calls).toBe(1)
      await jest.advanceTimersByTimeAsync(10 * MIN)
      expect(calls).toBe(2)
      expect(errors).toEqual([expect.objectContaining({ message: 'boom' })])
      await jest.advanceTimersByTimeAsync(10 * MIN) // the third hangs
      await jest.advanceTimersByTimeAsync(20 * MIN) // two ticks skipped while it runs
      expect(calls).toBe(3)
      release()
      await jest.advanceTimersByTimeAsync(10 * MIN)
      expect(calls).toBe(4)
      stop()
      await jest.advanceTimersByTimeAsync(60 * MIN)
      expect(calls).toBe(4)
      expect(every(0, job, () => {}, 'off')).toEqual(expect.any(Function))
      await jest.advanceTimersByTimeAsync(60 * MIN)
      expect(calls).toBe(4)
    } finally {
      jest.useRealTimers()
    }
  })

  // Only the interval is faked: the embedded store keeps its own timers.
  const fakeInterval = () => jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] })

  test('scheduleAbsenceSweep(): the sweep runs on the interval, not at start, until stopped', async () => {
    const { h, a } = await twoOrganisations()
    // a sweep starts by reading its state and ends by saving its branch cursor
    let starts = 0
    let finished: () => void = () => {}
    const store = overrideStore(h.store, (s) => ({
      get: ((collection: string, id: string) => {
        if (collection === C.pointsSweep && id === 'absence') starts += 1
        return s.get(collection, id)
      }) as DocumentStore['get'],
      upsert: (async (collection, doc, patch) => {
        await upsert(s, collection, doc, patch)
        if (collection === C.pointsSweep && doc._id === 'absence') finished()
      }) as DocumentStore['upsert'],
    }))
    fakeInterval()
    try {
      // a failure is logged (and fails the test below) rather than leaving it waiting
      const logError = (err: unknown, where: string) => (h.runtime.logError(err, where), finished())
      const stop = scheduleAbsenceSweep({ ...h.runtime, store, logError }, 30)
      jest.advanceTimersByTime(30 * MIN - 1)
      expect(starts).toBe(0)
      const done = new Promise<void>((r) => (finished = r))
      jest.advanceTimersByTime(1)
      expect(starts).toBe(1)
      await done
      expect(await deductionsOf(h, a.id)).toHaveLength(3)
      expect(h.errors).toEqual([])
      stop()
      expect(jest.getTimerCount()).toBe(0)
      jest.advanceTimersByTime(120 * MIN)
      expect(starts).toBe(1)
    } finally {
      jest.useRealTimers()
    }
  })

  test('scheduleAbsenceSweep(): a failing sweep is logged under schedule.absenceSweep', async () => {
    const h = await makeHarness({ seed: false })
    const logged: Array<[unknown, string]> = []
    let onLog: () => void = () => {}
    const broken = {
      ...h.runtime,
      store: { ...h.runtime.store, get: () => Promise.reject(new Error('store down')) },
      logError: (err: unknown, where: string) => {
        logged.push([err, where])
        onLog()
      },
    }
    fakeInterval()
    try {
      const stop = scheduleAbsenceSweep(broken, 5)
      expect(jest.getTimerCount()).toBe(1)
      const log = new Promise<void>((r) => (onLog = r))
      jest.advanceTimersByTime(5 * MIN)
      await log
      stop()
      expect(logged).toEqual([[expect.objectContaining({ message: 'store down' }), 'schedule.absenceSweep']])
    } finally {
      jest.useRealTimers()
    }
  })
})
