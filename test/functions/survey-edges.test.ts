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
