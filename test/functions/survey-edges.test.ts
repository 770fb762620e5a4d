/**
 * The survey at its edges (survey.usecases.ts), each case one a mutation run left untested: which
 * codes may become a mini-program scene, a definition edited twice, a code whose station is gone,
 * a form ticket exactly a day old, and what an unknown aspect's error says.
 */
import type { survey as S } from '../../contracts'
import { miniCodeRequest } from '../../server/domain/survey/survey.usecases'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const DAY = 24 * 3600 * 1000

async function windowCode(h: Harness): Promise<string> {
  const { codes } = dataOf(await h.call<S.ListCodesOutput>('survey', SECRETARY, { action: 'listCodes', stationId: DEMO.stationChunjiang }))
  return codes[1]?.code ?? ''
}

test('a mini-program scene is 1 to 32 of a–z and 2–9, the whole code', () => {
  expect(miniCodeRequest('a'.repeat(32)).requestData.scene).toBe('a'.repeat(32))
  for (const bad of ['a'.repeat(33), '-abc2', 'abc2-', 'ab-c2', 'abc1', 'ABC2']) {
    expect(() => miniCodeRequest(bad)).toThrow(`not a scene-safe code: ${bad}`)
  }
})

test('a definition edited twice is at version 3, with the second edit’s words', async () => {
  const h = await makeHarness()
  const edit = (title: string) =>
    h.call('survey', SECRETARY, { action: 'updateDefinition', title, invitation: '扫码评价', aspects: [{ key: 'courtesy', label: '文明用语' }] })
  dataOf(await edit('第一次修改'))
  dataOf(await edit('第二次修改'))
  const { definition } = dataOf(await h.call<{ definition: S.SurveyDefinition }>('survey', SECRETARY, { action: 'getDefinition' }))
  expect(definition).toMatchObject({ version: 3, title: '第二次修改' })
  expect(dataOf(await h.call<S.GetFormOutput>('survey', 'wx-1', { action: 'getForm', code: await windowCode(h) })).definition.version).toBe(3)
})

test('a branch whose current version has no definition document answers with the default survey', async () => {
  const h = await makeHarness()
  await h.store.insert(C.surveyConfig, { _id: DEMO.branchId, branchId: DEMO.branchId, version: 7 })
  const { definition } = dataOf(await h.call<{ definition: S.SurveyDefinition }>('survey', SECRETARY, { action: 'getDefinition' }))
  expect(definition).toMatchObject({ version: 1, title: '收费站服务满意度调查' })
})

test('a code whose station is gone is an unknown code, for the form and for an answer', async () => {
  const h = await makeHarness()
  await h.store.insert(C.surveyCode, { _id: 'gnstatn2', orgId: DEMO.orgId, branchId: DEMO.branchId, stationId: 'st_gone', window: null })
  expect(await h.call('survey', 'wx-1', { action: 'getForm', code: 'gnstatn2' })).toMatchObject({ status: 400, error: { code: 'SURVEY.UNKNOWN_CODE' } })
  expect(await h.call('survey', 'wx-1', { action: 'submitResponse', code: 'gnstatn2', overall: 5 })).toMatchObject({ status: 400, error: { code: 'SURVEY.UNKNOWN_CODE' } })
})

test('a form ticket is good for less than a day: a millisecond before, the answer counts; at the day, not', async () => {
  const h = await makeHarness()
  const code = await windowCode(h)
  const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-1', { action: 'getForm', code }))
  const submit = (openid: string) => h.call<S.SubmitResponseOutput>('survey', openid, { action: 'submitResponse', code, overall: 5, ticket: form.ticket })
  h.clock.advance(DAY - 1)
  expect(dataOf(await submit('wx-early'))).toMatchObject({ counted: true })
  h.clock.advance(1)
  expect(dataOf(await submit('wx-late'))).toMatchObject({ counted: false, outcome: 'too_fast' })
})

test('an unknown aspect names itself in the error', async () => {
  const h = await makeHarness()
  const code = await windowCode(h)
  const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-1', { action: 'getForm', code }))
  h.clock.advance(5000)
  const out = await h.call('survey', 'wx-1', { action: 'submitResponse', code, overall: 5, ticket: form.ticket, aspects: { smile: 5, courtesy: 4 } })
  expect(out).toMatchObject({ status: 400, error: { code: 'SURVEY.UNKNOWN_ASPECT', issues: [{ path: 'aspects.smile', message: '问卷中没有这个评价项目' }] } })
})

describe('stations and their windows', () => {
  const stationOf = async (h: Harness, id: string) =>
    dataOf(await h.call<{ stations: S.StationView[] }>('survey', SECRETARY, { action: 'listStations' })).stations.find((s) => s.id === id)
  const add = (h: Harness, windows: string[]) => h.call<{ station: S.StationView }>('survey', SECRETARY, { action: 'addWindows', stationId: DEMO.stationMenghe, windows })

  test('windows added are kept; names it already has change nothing, and the answer is still the station', async () => {
    const h = await makeHarness()
    const before = await stationOf(h, DEMO.stationMenghe)
    dataOf(await add(h, ['7号窗口']))
    expect((await stationOf(h, DEMO.stationMenghe))?.windows.map((w) => w.name)).toEqual([...(before?.windows.map((w) => w.name) ?? []), '7号窗口'])
    const codes = await h.store.count(C.surveyCode)
    const again = dataOf(await add(h, ['1号窗口', '7号窗口']))
    expect(again.station).toEqual(await stationOf(h, DEMO.stationMenghe))
    expect(await h.store.count(C.surveyCode)).toBe(codes)
  })

  test('two additions at once keep each other’s windows; one new name added twice at once is there once', async () => {
    const h = await makeHarness()
    await Promise.all([add(h, ['7号窗口']), add(h, ['8号窗口'])])
    await Promise.all([add(h, ['9号窗口']), add(h, ['9号窗口'])])
    const names = (await stationOf(h, DEMO.stationMenghe))?.windows.map((w) => w.name) ?? []
    expect(names.filter((n) => ['7号窗口', '8号窗口', '9号窗口'].includes(n)).sort()).toEqual(['7号窗口', '8号窗口', '9号窗口'])
    expect(names).toHaveLength(new Set(names).size)
    expect(await h.store.count(C.surveyCode, { stationId: DEMO.stationMenghe })).toBe(names.length + 1)
  })

  test('the list is in name order', async () => {
    const h = await makeHarness()
    for (const name of ['阿城站', '左岸站', '中桥站']) dataOf(await h.call('survey', SECRETARY, { action: 'createStation', name, windows: ['1号窗口'] }))
    const names = dataOf(await h.call<{ stations: S.StationView[] }>('survey', SECRETARY, { action: 'listStations' })).stations.map((s) => s.name)
    expect(names).toEqual([...names].sort())
    expect(names).toHaveLength(5)
  })
})

test('reviewing an answer that has no comment is COMMENT_NOT_FOUND, and changes nothing', async () => {
  const h = await makeHarness()
  const code = await windowCode(h)
  const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-1', { action: 'getForm', code }))
  h.clock.advance(5000)
  dataOf(await h.call('survey', 'wx-1', { action: 'submitResponse', code, overall: 5, ticket: form.ticket }))
  const [response] = (await h.store.query<{ _id: string; commentStatus: string; hasComment: boolean }>(C.surveyResponse, { where: { stationId: DEMO.stationChunjiang } })).docs
  expect(response).toMatchObject({ hasComment: false, commentStatus: 'none' })
  expect(await h.call('survey', SECRETARY, { action: 'reviewComment', responseId: response?._id, approve: false })).toMatchObject({ status: 404, error: { code: 'SURVEY.COMMENT_NOT_FOUND' } })
  expect(await h.store.get(C.surveyResponse, response?._id ?? '')).toMatchObject({ commentStatus: 'none' })
})

test('the dashboard: months as YYYY-MM, windows in the order of their keys, the branch’s own aspect labels with the defaults after', async () => {
  const h = await makeHarness()
  dataOf(await h.call('survey', SECRETARY, { action: 'updateDefinition', title: '满意度', invitation: '扫码评价', aspects: [{ key: 'courtesy', label: '礼貌待人' }, { key: 'guidance', label: '引导指挥' }] }))
  const { codes } = dataOf(await h.call<S.ListCodesOutput>('survey', SECRETARY, { action: 'listCodes', stationId: DEMO.stationChunjiang }))
  // answered in the reverse order of their keys, a day apart (the counters are read day by day, so
  // within one day they would come in key order anyway): the first-seen order is not the key order
  const reversed = [...codes].sort((a, b) => (a.code < b.code ? 1 : -1)).slice(0, 3)
  for (const [i, c] of reversed.entries()) {
    const openid = `wx-order-${i}`
    const form = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code: c?.code }))
    h.clock.advance(5000)
    dataOf(await h.call('survey', openid, { action: 'submitResponse', code: c?.code, overall: 5, ticket: form.ticket }))
    h.clock.advance(DAY)
  }
  const stats = dataOf(await h.call<S.GetStatsOutput>('survey', SECRETARY, { action: 'getStats', stationId: DEMO.stationChunjiang }))
  expect(stats.byMonth.map((m) => m.key).every((k) => /^\d{4}-\d{2}$/.test(k))).toBe(true)
  const keys = stats.byWindow.map((w) => w.key)
  expect(keys.length).toBeGreaterThanOrEqual(3)
  expect(keys).toEqual([...keys].sort())
  expect(stats.aspects.map((a) => [a.key, a.label])).toEqual([
    ['courtesy', '礼貌待人'],
    ['guidance', '引导指挥'],
    ['speed', '收费效率'],
    ['appearance', '仪容仪表'],
    ['handling', '问题处理'],
  ])
})

test('comments: the newest first, and an approved held comment is listed as visible', async () => {
  const h = await makeHarness()
  const code = await windowCode(h)
  const texts = ['一号窗口很快', '态度很好', '微笑服务', '引导清楚', '加微信领红包 赌博']
  for (const [i, comment] of texts.entries()) {
    const openid = `wx-comment-${i}`
    const form = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code }))
    h.clock.advance(5000)
    dataOf(await h.call('survey', openid, { action: 'submitResponse', code, overall: 5, ticket: form.ticket, comment }))
  }
  const visible = async () => dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang })).comments
  expect((await visible()).map((c) => c.comment)).toEqual(['引导清楚', '微笑服务', '态度很好', '一号窗口很快'])
  const held = dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang, status: 'held' })).comments
  expect(dataOf(await h.call<{ changed: boolean }>('survey', SECRETARY, { action: 'reviewComment', responseId: held[0]?.id, approve: true })).changed).toBe(true)
  expect((await visible()).map((c) => [c.comment, c.status])[0]).toEqual(['加微信领红包 赌博', 'visible'])
})
