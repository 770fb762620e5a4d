/**
 * Organisation scale, survey dashboard: the counters of a scope and a period are streamed page by
 * page (no read cap however many stations and days), and nothing outside the period is read.
 */
import type { survey as S } from '../../contracts'
import { C } from '../../server/domain/shared/collections'
import type { StatDoc } from '../../server/domain/survey/survey.docs'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'

afterAll(closeAllPglite)

const start = Date.UTC(2025, 9, 17)
const day = (d: number) => new Date(start + d * 86_400_000).toISOString().slice(0, 10)
const stat = (s: number, d: number): StatDoc => ({ _id: `stat_scale_${s}_${d}`, orgId: DEMO.orgId, branchId: DEMO.branchId, stationId: `st_scale_${s}`, window: null, day: day(d), n: 2, sat: 1, o1: 0, o2: 0, o3: 1, o4: 1, o5: 0, u: 0 })

describe('survey dashboard at organisation scale', () => {
  test("a branch's 400 days of counters over 30 stations (12,000 documents, past any single read) are all summed", async () => {
    const h = await makeHarness()
    const docs: StatDoc[] = []
    for (let s = 0; s < 30; s++) for (let d = 0; d < 400; d++) docs.push(stat(s, d))
    for (let i = 0; i < docs.length; i += 1000) await h.store.insertMany(C.surveyStat, docs.slice(i, i + 1000))
    const out = dataOf(await h.call<S.GetStatsOutput>('survey', DEMO.secretaryOpenid, { action: 'getStats', from: day(0), to: day(399) }))
    expect(out.docsRead).toBe(12_000)
    expect(out).toMatchObject({ total: 24_000, satisfied: 12_000, distribution: [0, 0, 12_000, 12_000, 0] })
    expect(out.byDay).toHaveLength(400)
    expect(h.errors).toEqual([])
  })

  test('counters before the period are not read: the same documents with one year of history or none', async () => {
    const h = await makeHarness()
    const period = { from: day(400), to: day(429) }
    await h.store.insertMany(C.surveyStat, Array.from({ length: 30 }, (_, d) => stat(0, 400 + d)))
    const bare = dataOf(await h.call<S.GetStatsOutput>('survey', DEMO.secretaryOpenid, { action: 'getStats', ...period }))
    for (let s = 0; s < 3; s++) await h.store.insertMany(C.surveyStat, Array.from({ length: 400 }, (_, d) => stat(s, d)))
    const withHistory = dataOf(await h.call<S.GetStatsOutput>('survey', DEMO.secretaryOpenid, { action: 'getStats', ...period }))
    expect(withHistory).toEqual(bare)
    expect(withHistory.docsRead).toBe(30)
  })
})
