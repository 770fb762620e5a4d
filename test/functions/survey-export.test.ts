/**
 * The station's satisfaction workbook, cell by cell: 汇总 (period, counted, satisfied, rate and its
 * interval, what was not counted, each aspect's average, each window) and 答卷明细 (time, window or
 * the whole-station code, the overall label, the aspects, the comment only when it is public,
 * counted or not, and the flags in Chinese). No identity of any kind is in it.
 */
import type { survey as S } from '../../contracts'
import { cnDay, cnTime, pct } from '../../server/domain/shared/china-time'
import { C } from '../../server/domain/shared/collections'
import type { ResponseDoc } from '../../server/domain/survey/survey.docs'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { readWorkbook } from '../support/xlsx'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid

async function submit(h: Harness, openid: string, code: string, fields: Record<string, unknown>, waitMs: number | null) {
  let ticket: string | undefined
  if (waitMs !== null) {
    ticket = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code })).ticket
    h.clock.advance(waitMs)
  }
  const out = dataOf(await h.call<S.SubmitResponseOutput>('survey', openid, { action: 'submitResponse', code, overall: 5, ...(ticket ? { ticket } : {}), ...fields }))
  const at = h.clock.now().toISOString()
  h.clock.advance(60_000)
  return { out, at }
}

test('汇总 and 答卷明细 hold the station’s figures and each response as the secretary may see it', async () => {
  const h = await makeHarness()
  const codes = dataOf(await h.call<S.ListCodesOutput>('survey', SECRETARY, { action: 'listCodes', stationId: DEMO.stationChunjiang })).codes
  const whole = codes.find((c) => c.window === null)?.code ?? ''
  const window1 = codes.find((c) => c.window === '1号窗口')?.code ?? ''
  expect(whole && window1).toBeTruthy()

  const praised = await submit(h, 'wx-1', window1, { comment: '收费员很耐心', aspects: { courtesy: 5 } }, 5000)
  const untimed = await submit(h, 'wx-2', window1, { overall: 4 }, null)
  const held = await submit(h, 'wx-3', whole, { overall: 2, comment: '加微信领红包' }, 5000)
  const quick = await submit(h, 'wx-4', window1, { overall: 3 }, 1000)
  expect([praised, untimed, held, quick].map((r) => r.out.outcome)).toEqual(['counted', 'too_fast', 'counted', 'counted'])

  const stats = dataOf(await h.call<S.GetStatsOutput>('survey', SECRETARY, { action: 'getStats', stationId: DEMO.stationChunjiang }))
  expect(stats).toMatchObject({ total: 3, satisfied: 1, uncounted: 1 })
  const out = dataOf(await h.call<S.ExportOutputShape>('survey', SECRETARY, { action: 'exportResponses', stationId: DEMO.stationChunjiang }))
  expect(out.fileName).toBe(`满意度调查_${stats.from}_${stats.to}.xlsx`)
  expect(out.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const book = await readWorkbook(out.base64)
  expect(book.names).toEqual(['汇总', '答卷明细'])

  const summary = book.rows('汇总')
  expect(summary[0]).toEqual([stats.headline, stats.headline])
  expect(summary[1]).toEqual(['项目', '数值'])
  expect(stats.interval).not.toBeNull()
  expect(summary.slice(2)).toEqual([
    ['统计期间', `${stats.from} 至 ${stats.to}`],
    ['计入答卷', '3'],
    ['好评（满意及以上）', '1'],
    ['满意度', '33.3%'],
    ['95% 区间', `${pct(stats.interval?.low ?? null)}–${pct(stats.interval?.high ?? null)}`],
    ['未计入（答题凭证无效）', '1'],
    ...stats.aspects.map((a) => [`${a.label}平均分`, a.key === 'courtesy' ? '5' : '—']),
    ...stats.byWindow.map((w) => [w.name, `${w.total} 份，满意度 ${pct(w.rate)}`]),
  ])
  expect(stats.byWindow.map((w) => [w.name, w.total])).toEqual(expect.arrayContaining([['春江站 1号窗口', 2]]))

  const rows = book.rows('答卷明细')
  const aspects = stats.aspects.map((a) => a.label)
  expect(aspects).toEqual(['文明用语', '收费效率', '仪容仪表', '问题处理'])
  expect(rows[0]).toEqual(['时间', '窗口', '总体评价', ...aspects, '意见建议', '是否计入', '标记'])
  expect(rows.slice(1)).toEqual([
    [cnTime(praised.at), '春江站 1号窗口', '非常满意', '5', '', '', '', '收费员很耐心', '是'],
    [cnTime(untimed.at), '春江站 1号窗口', '满意', '', '', '', '', '', '否', '无答题凭证、服务器未计时'],
    [cnTime(held.at), '全站码', '不满意', '', '', '', '', '（待审核/未公开）', '是', '意见待审核'],
    [cnTime(quick.at), '春江站 1号窗口', '一般', '', '', '', '', '', '是', '作答较快'],
  ])
  for (const who of ['wx-1', 'wx-2', 'wx-3', 'wx-4']) expect(JSON.stringify([summary, rows])).not.toContain(who)
})

test('the export holds this station’s responses of the period only; a period with none has no interval', async () => {
  const h = await makeHarness()
  const codesOf = async (stationId: string) => dataOf(await h.call<S.ListCodesOutput>('survey', SECRETARY, { action: 'listCodes', stationId })).codes
  const ours = (await codesOf(DEMO.stationChunjiang))[0]?.code ?? ''
  const theirs = (await codesOf(DEMO.stationMenghe))[0]?.code ?? ''
  const early = await submit(h, 'wx-1', ours, {}, 5000)
  h.clock.advance(3 * 24 * 3600_000)
  const late = await submit(h, 'wx-2', ours, { overall: 4 }, 5000)
  await submit(h, 'wx-3', theirs, { overall: 1 }, 5000)
  const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const exported = async (from: string, to: string) =>
    readWorkbook(dataOf(await h.call<S.ExportOutputShape>('survey', SECRETARY, { action: 'exportResponses', stationId: DEMO.stationChunjiang, from, to })).base64)
  const both = await exported(day(early.at), day(late.at))
  expect(both.rows('答卷明细').slice(1).map((r) => [r[0], r[2]])).toEqual([[cnTime(early.at), '非常满意'], [cnTime(late.at), '满意']])
  const lateOnly = await exported(day(late.at), day(late.at))
  expect(lateOnly.rows('答卷明细').slice(1).map((r) => r[0])).toEqual([cnTime(late.at)])
  const none = await exported('2026-01-01', '2026-01-31')
  expect(none.rows('答卷明细')).toHaveLength(1)
  expect(none.rows('汇总').find((r) => r[0] === '95% 区间')).toEqual(['95% 区间', '—'])
  expect(none.rows('汇总').find((r) => r[0] === '满意度')).toEqual(['满意度', '—'])
})

test('every flag a response can carry is named in Chinese in 标记; a window code no longer listed shows as its code', async () => {
  const h = await makeHarness()
  const station = DEMO.stationChunjiang
  const now = h.clock.now()
  // written as submitResponse writes them (the flags themselves are tested in survey.test.ts); the
  // export only reads, so each flag is stored directly rather than staged by a burst of real submissions
  const stored = (id: string, window: string | null, flags: string[], atMs: number): ResponseDoc => ({
    _id: id, orgId: DEMO.orgId, branchId: DEMO.branchId, stationId: station, window, day: cnDay(now), at: new Date(atMs).toISOString(), version: 1,
    overall: 4, aspects: {}, comment: null, commentStatus: 'none', hasComment: false, counted: false, flags, elapsedMs: null,
  })
  await h.store.insert(C.surveyResponse, stored('u_flags_1', null, ['busy_respondent', 'busy_address', 'bad_ticket', 'too_fast'], now.getTime() - 2000))
  await h.store.insert(C.surveyResponse, stored('u_flags_2', 'retired-window-code', ['comment_unchecked', 'comment_held', 'fast', 'no_ticket', 'some_future_flag'], now.getTime() - 1000))
  const out = dataOf(await h.call<S.ExportOutputShape>('survey', SECRETARY, { action: 'exportResponses', stationId: station }))
  const rows = (await readWorkbook(out.base64)).rows('答卷明细').slice(1)
  expect(rows.map((r) => [r[1], r[r.length - 1]])).toEqual([
    ['全站码', '同一设备短时多次提交、同一网络短时多次提交、答题凭证无效、服务器未计时'],
    ['retired-window-code', '意见未经平台审核、意见待审核、作答较快、无答题凭证、some_future_flag'],
  ])
})
