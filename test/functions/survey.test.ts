import type { survey as S } from '../../contracts'
import { miniCodeRequest } from '../../server/domain/survey/survey.usecases'
import { statId, type StatDoc } from '../../server/domain/survey/survey.docs'
import { wilson } from '../../server/domain/survey/survey-stats'
import { mountFunctions } from '../../server/functions'
import { secretKeys } from '../../server/platform/ids'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { countingStore } from '../support/counting-store'
import type { DocumentStore } from '../../server/store/document-store'
import { freshStore } from '../support/store'
import { dataOf, makeHarness, T0, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const DAY = 24 * 3600 * 1000

async function codes(h: Harness, stationId: string = DEMO.stationChunjiang) {
  return dataOf(await h.call<S.ListCodesOutput>('survey', SECRETARY, { action: 'listCodes', stationId })).codes
}

/** Opens the form like the page does, waits like a person, then answers. */
async function answer(h: Harness, openid: string | null, code: string, fields: Record<string, unknown> = {}, waitMs = 5000) {
  const form = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code }))
  h.clock.advance(waitMs)
  return h.call<S.SubmitResponseOutput>('survey', openid, { action: 'submitResponse', code, overall: 5, ticket: form.ticket, ...fields })
}

const stats = async (h: Harness, extra: Record<string, unknown> = {}) =>
  dataOf(await h.call<S.GetStatsOutput>('survey', SECRETARY, { action: 'getStats', stationId: DEMO.stationChunjiang, ...extra }))

describe('stations and codes', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('a secretary creates a station with windows; every code is short, scene-safe and unique', async () => {
    const out = dataOf(await h.call<{ station: S.StationView }>('survey', SECRETARY, { action: 'createStation', name: '横林站', windows: ['1号窗口', '2号窗口', '2号窗口', '3号窗口'] }))
    expect(out.station.windows.map((w) => w.name)).toEqual(['1号窗口', '2号窗口', '3号窗口'])
    const list = dataOf(await h.call<S.ListCodesOutput>('survey', SECRETARY, { action: 'listCodes', stationId: out.station.id }))
    expect(list.codes).toHaveLength(4)
    for (const c of list.codes) {
      expect(c.code).toMatch(/^[a-z2-9]{8}$/)
      expect(c.url).toBe(`https://dj.example.cn/pages/survey/index?c=${c.code}`)
    }
    expect(new Set(list.codes.map((c) => c.code)).size).toBe(4)
  })

  test('a new code that is taken is drawn again, ten times at most, then the station is not created', async () => {
    const taken = (await codes(h))[0]?.code ?? ''
    const real = h.runtime.ids.randomCode.bind(h.runtime.ids)
    let draws = 0
    // the first two draws hit a code in use: the third is used
    h.runtime.ids.randomCode = (length, alphabet) => (++draws <= 2 ? taken : real(length, alphabet))
    const made = dataOf(await h.call<{ station: S.StationView }>('survey', SECRETARY, { action: 'createStation', name: '横林站', windows: ['1号窗口'] }))
    expect(made.station.code).not.toBe(taken)
    expect(draws).toBe(4)
    // every draw taken: ten tries, then an internal error and no station
    draws = 0
    h.runtime.ids.randomCode = () => (++draws, taken)
    const before = await h.store.count('station')
    expect(await h.call('survey', SECRETARY, { action: 'createStation', name: '奔牛站', windows: ['1号窗口'] })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(draws).toBe(10)
    expect(await h.store.count('station')).toBe(before)
    // the operator's log says why
    expect(h.errors.map((e) => (e as Error).message)).toContain('could not find a free survey code')
  })

  test('a code another station takes between the draw and the write: the station is written again with new codes, three times at most', async () => {
    const inner = await freshStore()
    let blind = false
    // the code looks free when drawn (another station is about to take it)
    const store: DocumentStore = { ...inner, get: (collection, id) => (blind && collection === 'survey_code' ? Promise.resolve(null) : inner.get(collection, id)) } as DocumentStore
    const g = await makeHarness({ store })
    const taken = (await codes(g))[0]?.code ?? ''
    let draws = 0
    blind = true
    // the first draw is the code in use; then codes nobody has
    g.runtime.ids.randomCode = () => (++draws <= 1 ? taken : `zzzzzz${'abcdefghjk'[Math.floor(draws / 10)] ?? 'm'}${'abcdefghjk'[draws % 10] ?? 'm'}`)
    const made = dataOf(await g.call<{ station: S.StationView }>('survey', SECRETARY, { action: 'createStation', name: '横林站', windows: ['1号窗口'] }))
    expect(made.station.code).not.toBe(taken)
    // every attempt collides: the third failure is the answer, and nothing is left behind
    g.runtime.ids.randomCode = () => (++draws, taken)
    const before = await g.store.count('station')
    draws = 0
    expect(await g.call('survey', SECRETARY, { action: 'createStation', name: '奔牛站', windows: ['1号窗口'] })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    // three attempts of two codes each (the window's and the station's)
    expect(draws).toBe(6)
    expect(await g.store.count('station')).toBe(before)
  })

  test('the seeded 春江站 has 8 windows and a station-wide code; members and the public cannot list codes', async () => {
    expect(await codes(h)).toHaveLength(9)
    expect(await h.call('survey', DEMO.memberOpenid(1), { action: 'listCodes', stationId: DEMO.stationChunjiang })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
    expect(await h.call('survey', null, { action: 'listCodes', stationId: DEMO.stationChunjiang })).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } })
  })

  test('the mini-program code request puts the code in the scene and the survey page as target', () => {
    expect(miniCodeRequest('ab3dk9mz')).toEqual({
      apiName: '/wxa/getwxacodeunlimit',
      requestData: { scene: 'ab3dk9mz', page: 'survey/index', check_path: false, env_version: 'release', width: 430 },
    })
    expect(() => miniCodeRequest('x'.repeat(33))).toThrow()
  })

  test('the print sheet has one card per code with station, window, QR and invitation', async () => {
    const out = dataOf(await h.call<{ fileName: string; html: string }>('survey', SECRETARY, { action: 'printCards', stationId: DEMO.stationChunjiang }))
    const cards = out.html.split('<section class="card">').slice(1)
    expect(cards).toHaveLength(9)
    for (const card of cards) {
      expect(card).toContain('春江站')
      expect(card.match(/<svg/g)).toHaveLength(1)
      expect(card).toContain('扫码评价窗口服务，只需几秒，匿名填写')
    }
    expect(cards.filter((c) => c.includes('8号窗口'))).toHaveLength(1)
    expect(out.html).toContain('@page { size: A4')
    // the invitation is the branch's own, as edited
    dataOf(await h.call('survey', SECRETARY, { action: 'updateDefinition', title: '春节保畅满意度调查', invitation: '扫码评价，祝您一路平安', aspects: [{ key: 'courtesy', label: '文明用语' }] }))
    const edited = dataOf(await h.call<{ fileName: string; html: string }>('survey', SECRETARY, { action: 'printCards', stationId: DEMO.stationChunjiang }))
    expect(edited.html.split('扫码评价，祝您一路平安')).toHaveLength(10)
    expect(edited.fileName).toBe('春江站_满意度二维码卡片.html')
    // the whole-station code's card says so
    expect(cards.filter((c) => c.includes('<p class="window">全站通用</p>'))).toHaveLength(1)
    // what a secretary typed is text on the sheet, never markup
    dataOf(await h.call('survey', SECRETARY, { action: 'updateDefinition', title: '春节保畅满意度调查', invitation: '扫码评价 <b>& "快"</b>', aspects: [{ key: 'courtesy', label: '文明用语' }] }))
    const escaped = dataOf(await h.call<{ fileName: string; html: string }>('survey', SECRETARY, { action: 'printCards', stationId: DEMO.stationChunjiang })).html
    expect(escaped).toContain('<p class="invite">扫码评价 &#60;b&#62;&#38; &#34;快&#34;&#60;/b&#62;</p>')
    expect(escaped).not.toContain('<b>')
  })
})

describe('survey.submitResponse: one counted response per person, station and day', () => {
  let h: Harness
  let window1: string
  let window2: string
  beforeEach(async () => {
    h = await makeHarness()
    const c = await codes(h)
    window1 = c[1]?.code ?? ''
    window2 = c[2]?.code ?? ''
  })

  test('the public form names the station and window and carries the default questions', async () => {
    const form = dataOf(await h.call<S.GetFormOutput>('survey', null, { action: 'getForm', code: window1 }))
    expect(form).toMatchObject({ station: '春江站', window: '1号窗口', definition: { version: 1 } })
    expect(form.definition.aspects.map((a) => a.label)).toEqual(['文明用语', '收费效率', '仪容仪表', '问题处理'])
  })

  test('the same person twice in a day counts once and is told kindly; the next day counts again', async () => {
    expect(dataOf(await answer(h, 'wx-driver', window1))).toMatchObject({ counted: true, outcome: 'counted' })
    const again = dataOf(await answer(h, 'wx-driver', window2, { overall: 1 }))
    expect(again).toMatchObject({ counted: false, outcome: 'already_counted' })
    expect(again.message).toContain('今天已经评价过')
    expect(await stats(h)).toMatchObject({ total: 1, satisfied: 1 })
    h.clock.advance(DAY)
    expect(dataOf(await answer(h, 'wx-driver', window1, { overall: 3 }))).toMatchObject({ counted: true })
    expect(await stats(h)).toMatchObject({ total: 2, satisfied: 1, distribution: [0, 0, 1, 0, 1] })
  })

  test('different people are each counted; a browser is one person by its device id', async () => {
    for (const who of ['wx-a', 'wx-b', 'wx-c']) dataOf(await answer(h, who, window1))
    const main = mountFunctions(h.runtime).survey
    const form = dataOf((await main?.({ action: 'getForm', code: window1 }, contextFor(null, { DEVICE_ID: 'd'.repeat(32) }))) as never) as S.GetFormOutput
    h.clock.advance(5000)
    const submit = () => main?.({ action: 'submitResponse', code: window1, overall: 4, ticket: form.ticket }, contextFor(null, { DEVICE_ID: 'd'.repeat(32) }))
    expect(await submit()).toMatchObject({ ok: true, data: { counted: true } })
    expect(await submit()).toMatchObject({ ok: true, data: { counted: false, outcome: 'already_counted' } })
    expect(await stats(h)).toMatchObject({ total: 4, satisfied: 4 })
  })

  test('many answers from one network address are flagged, never blocked, and the address is not stored', async () => {
    const main = mountFunctions(h.runtime).survey
    const ip = '203.0.113.77'
    const results = []
    for (let i = 0; i < 32; i++) {
      const ctx = contextFor(`wx-carrier-${i}`, { WX_CLIENTIP: ip })
      const form = dataOf((await main?.({ action: 'getForm', code: window1 }, ctx)) as never) as S.GetFormOutput
      h.clock.advance(4000)
      results.push(await main?.({ action: 'submitResponse', code: window1, overall: 5, ticket: form.ticket }, ctx))
    }
    // Another address in the same minutes is not flagged: the count is per address.
    const elsewhere = contextFor('wx-carrier-elsewhere', { WX_CLIENTIP: '198.51.100.9' })
    const form = dataOf((await main?.({ action: 'getForm', code: window1 }, elsewhere)) as never) as S.GetFormOutput
    h.clock.advance(4000)
    results.push(await main?.({ action: 'submitResponse', code: window1, overall: 5, ticket: form.ticket }, elsewhere))
    expect(results.every((r) => r?.ok && (r.data as S.SubmitResponseOutput).counted)).toBe(true)
    const docs = (await h.store.query<{ _id: string; flags: string[] }>('survey_response', { limit: 100 })).docs
    expect(docs.filter((d) => d.flags.includes('busy_address'))).toHaveLength(2)
    for (const c of await h.store.listCollections()) expect(JSON.stringify((await h.store.query(c, { limit: 1000 })).docs)).not.toContain(ip)
  })

  test('a caller with neither OPENID nor device id cannot answer', async () => {
    expect(await answer(h, null, window1)).toMatchObject({ ok: false, status: 401, error: { code: 'SURVEY.NO_RESPONDENT' } })
  })

  test('an answer without a valid ticket (missing or forged) is kept and flagged but not counted; a quick genuine one counts', async () => {
    expect(dataOf(await answer(h, 'wx-quick', window1, {}, 800))).toMatchObject({ counted: true, outcome: 'counted' })
    expect(dataOf(await h.call<S.SubmitResponseOutput>('survey', 'wx-bot2', { action: 'submitResponse', code: window1, overall: 5 }))).toMatchObject({ counted: false, outcome: 'too_fast' })
    expect(dataOf(await h.call<S.SubmitResponseOutput>('survey', 'wx-bot3', { action: 'submitResponse', code: window1, overall: 5, ticket: '1763629200000.AAAAAAAAAAAAAAAAAAAAAA' }))).toMatchObject({ counted: false, outcome: 'too_fast' })
    expect(await stats(h)).toMatchObject({ total: 1, uncounted: 2 })
    const kept = await h.store.query<{ _id: string; flags: string[]; counted: boolean }>('survey_response')
    expect(kept.docs.map((d) => d.flags.sort())).toEqual(expect.arrayContaining([['fast'], ['no_ticket', 'too_fast'], ['bad_ticket', 'too_fast']]))
    // the same person answering again the same day, however slowly, is not counted twice
    expect(dataOf(await answer(h, 'wx-quick', window1))).toMatchObject({ counted: false, outcome: 'already_counted' })
  })

  test('the respondent key depends on the server secret: another secret makes another response id for the same OPENID and day', async () => {
    /** The survey function of this harness's store and clock, under a server secret of its own. */
    const underSecret = (secret: string) => {
      const main = mountFunctions({ ...h.runtime, keys: secretKeys(secret) }).survey
      return async (openid: string) => {
        const form = dataOf((await main?.({ action: 'getForm', code: window1 }, contextFor(openid))) as never) as S.GetFormOutput
        h.clock.advance(5000)
        return dataOf((await main?.({ action: 'submitResponse', code: window1, overall: 5, ticket: form.ticket }, contextFor(openid))) as never) as S.SubmitResponseOutput
      }
    }
    const countedIds = async () => (await h.store.query<{ _id: string; counted: boolean }>('survey_response', { limit: 100 })).docs.filter((d) => d.counted).map((d) => d._id)

    expect(dataOf(await answer(h, 'wx-driver', window1))).toMatchObject({ counted: true })
    const [first] = await countedIds()
    // the harness's own secret, in a runtime built afresh: the same key, so the same id
    expect(await underSecret('test-secret-0123456789')('wx-driver')).toMatchObject({ counted: false, outcome: 'already_counted' })
    // another secret: the same person, station and day is a different respondent
    expect(await underSecret('another-secret-9876543210')('wx-driver')).toMatchObject({ counted: true, outcome: 'counted' })
    const ids = await countedIds()
    expect(ids).toHaveLength(2)
    expect(ids.filter((id) => id !== first)).toHaveLength(1)
  })

  test('a fresh forged ticket (right shape, a plausible start, wrong signature) is flagged bad_ticket and not counted', async () => {
    const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-honest', { action: 'getForm', code: window1 }))
    const otherForm = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-honest', { action: 'getForm', code: window2 }))
    h.clock.advance(10_000)
    const now = h.clock.now().getTime()
    const [issued, mac] = form.ticket.split('.')
    const forged = {
      // signed with nothing: started 10 s ago, by its own account
      'wx-forge-1': `${now - 10_000}.${'A'.repeat(22)}`,
      // a genuine signature moved to an earlier start
      'wx-forge-2': `${Number(issued) - 60_000}.${mac ?? ''}`,
      // a genuine ticket of another window's code
      'wx-forge-3': otherForm.ticket,
    }
    for (const [who, ticket] of Object.entries(forged)) {
      expect(ticket).toMatch(/^\d{13}\.[A-Za-z0-9_-]{22}$/)
      const r = dataOf(await h.call<S.SubmitResponseOutput>('survey', who, { action: 'submitResponse', code: window1, overall: 5, ticket }))
      expect({ who, r }).toMatchObject({ who, r: { counted: false, outcome: 'too_fast' } })
    }
    expect(await stats(h)).toMatchObject({ total: 0, uncounted: 3 })
    const kept = (await h.store.query<{ _id: string; flags: string[]; counted: boolean }>('survey_response', { limit: 100 })).docs
    expect(kept.map((d) => [d.counted, d.flags.sort()])).toEqual([0, 1, 2].map(() => [false, ['bad_ticket', 'too_fast']]))
    // the genuine ticket, just as old, counts and carries no flag
    expect(dataOf(await h.call<S.SubmitResponseOutput>('survey', 'wx-honest', { action: 'submitResponse', code: window1, overall: 5, ticket: form.ticket }))).toMatchObject({ counted: true })
    expect(await stats(h)).toMatchObject({ total: 1, uncounted: 3 })
    const honest = (await h.store.query<{ _id: string; flags: string[]; counted: boolean }>('survey_response', { where: { counted: true } })).docs
    expect(honest.map((d) => d.flags)).toEqual([[]])
  })

  test('a genuine ticket counts only within a day of its issue, never from the future, and only as the whole ticket', async () => {
    const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-late', { action: 'getForm', code: window1 }))
    const send = (who: string, ticket: string) => h.call<S.SubmitResponseOutput>('survey', who, { action: 'submitResponse', code: window1, overall: 5, ticket })
    // the same genuine ticket with something before or after it
    for (const [who, ticket] of [['wx-pre', `a.${form.ticket}`], ['wx-post', `${form.ticket}.a`]] as const) {
      expect(dataOf(await send(who, ticket))).toMatchObject({ counted: false, outcome: 'too_fast' })
    }
    // signed by the server, issued a minute ahead of its clock
    const ahead = h.clock.now().getTime() + 60_000
    const future = `${ahead}.${h.runtime.keys.hmac('form-ticket', `${window1}.${ahead}`).slice(0, 22)}`
    expect(dataOf(await send('wx-future', future))).toMatchObject({ counted: false, outcome: 'too_fast' })
    // a day and a second after it was issued
    h.clock.advance(DAY + 1000)
    expect(dataOf(await send('wx-late', form.ticket))).toMatchObject({ counted: false, outcome: 'too_fast' })
    // just inside the day, another genuine ticket counts
    const fresh = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-intime', { action: 'getForm', code: window1 }))
    h.clock.advance(DAY - 1000)
    expect(dataOf(await send('wx-intime', fresh.ticket))).toMatchObject({ counted: true })
    const kept = (await h.store.query<{ _id: string; flags: string[]; counted: boolean }>('survey_response', { where: { counted: false } })).docs
    expect(kept.map((d) => d.flags.sort())).toEqual([0, 1, 2, 3].map(() => ['bad_ticket', 'too_fast']))
  })

  test('a respondent sending more than three answers in ten minutes is flagged busy from the fourth on; another respondent is not', async () => {
    // answers without a ticket are each kept (uncounted), so every one shows its flags
    const send = (who: string) => h.call<S.SubmitResponseOutput>('survey', who, { action: 'submitResponse', code: window1, overall: 1 })
    for (let i = 0; i < 5; i++) {
      dataOf(await send('wx-busy'))
      h.clock.advance(60_000)
    }
    dataOf(await send('wx-calm'))
    const docs = (await h.store.query<{ _id: string; flags: string[]; at: string }>('survey_response', { orderBy: [['at', 'asc']], limit: 100 })).docs
    expect(docs.map((d) => d.flags.includes('busy_respondent'))).toEqual([false, false, false, true, true, false])
  })

  // A forged ticket is proof of tampering; the client's own elapsedMs (仅作参考, the contract says)
  // was once believed in its place. Only the server's timing decides now.
  test('a forged ticket is not rescued by a client-claimed elapsedMs', async () => {
    h.clock.advance(10_000)
    const ticket = `${h.clock.now().getTime() - 10_000}.${'A'.repeat(22)}`
    const r = dataOf(await h.call<S.SubmitResponseOutput>('survey', 'wx-forge', { action: 'submitResponse', code: window1, overall: 5, ticket, elapsedMs: 9000 }))
    expect(r).toMatchObject({ counted: false })
    expect(await stats(h)).toMatchObject({ total: 0 })
  })

  // 只需几秒: a commuter taps a face and 提交评价 in ~1.5 s. Anti-stuffing rests on one answer per
  // person, station and day, so a quick answer with a genuine ticket counts; it is flagged, never dropped.
  test('a genuine ticket answered within 3 s counts and is flagged fast; from 3 s on it carries no flag', async () => {
    expect(dataOf(await answer(h, 'wx-commuter', window1, { overall: 1 }, 1_500))).toMatchObject({ counted: true, outcome: 'counted' })
    expect(dataOf(await answer(h, 'wx-quick', window1, {}, 2_999))).toMatchObject({ counted: true, outcome: 'counted' })
    expect(dataOf(await answer(h, 'wx-steady', window1, {}, 3_000))).toMatchObject({ counted: true, outcome: 'counted' })
    expect(await stats(h)).toMatchObject({ total: 3, uncounted: 0 })
    const docs = (await h.store.query<{ _id: string; flags: string[]; counted: boolean; elapsedMs: number; overall: number }>('survey_response', { limit: 10 })).docs
    expect(docs.map((d) => [d.counted, d.elapsedMs, d.overall, d.flags]).sort()).toEqual([
      [true, 1500, 1, ['fast']],
      [true, 2999, 5, ['fast']],
      [true, 3000, 5, []],
    ])
  })

  test('a burst of ten identical submissions from one person counts once', async () => {
    const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-burst', { action: 'getForm', code: window1 }))
    h.clock.advance(4000)
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.call<S.SubmitResponseOutput>('survey', 'wx-burst', { action: 'submitResponse', code: window1, overall: 5, ticket: form.ticket })),
    )
    expect(results.filter((r) => r.ok && r.data.counted)).toHaveLength(1)
    expect((await stats(h)).total).toBe(1)
  })

  test.each([
    ['an unknown code', { code: 'zzzzzzzz' }, 400, 'SURVEY.UNKNOWN_CODE'],
    ['a malformed code', { code: 'ABC' }, 400, 'VALIDATION'],
    ['overall 0', { overall: 0 }, 400, 'VALIDATION'],
    ['overall 6', { overall: 6 }, 400, 'VALIDATION'],
    ['overall 4.5', { overall: 4.5 }, 400, 'VALIDATION'],
    ['an aspect rated 9', { aspects: { courtesy: 9 } }, 400, 'VALIDATION'],
    ['an aspect the survey does not have', { aspects: { smile: 5 } }, 400, 'SURVEY.UNKNOWN_ASPECT'],
    ['a 201-character comment', { comment: '好'.repeat(201) }, 400, 'VALIDATION'],
  ])('rejects %s with a coded 400 and writes nothing', async (_n, fields, status, code) => {
    const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-x', { action: 'getForm', code: window1 }))
    h.clock.advance(5000)
    const before = await h.counts()
    const r = await h.call('survey', 'wx-x', { action: 'submitResponse', code: window1, overall: 5, ticket: form.ticket, ...fields })
    expect(r).toMatchObject({ ok: false, status, error: { code } })
    expect(await h.counts()).toEqual(before)
  })

  test('a counted submission costs two store writes, the first of the day included', async () => {
    const counting = countingStore(h.store)
    const runtime = { ...h.runtime, store: counting.store }
    const main = mountFunctions(runtime).survey
    const submit = async (who: string) => {
      const form = dataOf((await main?.({ action: 'getForm', code: window1 }, contextFor(who))) as never) as S.GetFormOutput
      h.clock.advance(5000)
      counting.reset()
      const r = await main?.({ action: 'submitResponse', code: window1, overall: 4, aspects: { courtesy: 5, speed: 4 }, ticket: form.ticket }, contextFor(who))
      expect(r).toMatchObject({ ok: true, data: { counted: true } })
      return counting.writes()
    }
    expect(await submit('wx-w1')).toBe(2)
    expect(await submit('wx-w2')).toBe(2)
    counting.reset()
    await main?.({ action: 'submitResponse', code: window1, overall: 4, ticket: 'x' }, contextFor('wx-w1'))
    expect(counting.writes()).toBe(2)
  })

  test('the raw OPENID and device id appear nowhere in the store', async () => {
    const openid = 'oXyZ-secret-openid-1234567890'
    const device = 'device-secret-abcdefghijklmnopqrstuvwxyz'
    dataOf(await answer(h, openid, window1, { comment: '收费员很热情', aspects: { courtesy: 5 } }))
    const main = mountFunctions(h.runtime).survey
    const form = dataOf((await main?.({ action: 'getForm', code: window2 }, contextFor(null, { DEVICE_ID: device }))) as never) as S.GetFormOutput
    h.clock.advance(5000)
    await main?.({ action: 'submitResponse', code: window2, overall: 2, ticket: form.ticket }, contextFor(null, { DEVICE_ID: device }))
    for (const collection of await h.store.listCollections()) {
      const page = await h.store.query(collection, { limit: 1000 })
      const text = JSON.stringify(page.docs)
      expect(text).not.toContain(openid)
      expect(text).not.toContain(device)
    }
  })
})

describe('comments', () => {
  test('a comment that fails the content check is held for review and never listed as visible', async () => {
    const h = await makeHarness()
    const window1 = (await codes(h))[1]?.code ?? ''
    dataOf(await answer(h, 'wx-1', window1, { comment: '收费员态度很好，速度快' }))
    dataOf(await answer(h, 'wx-2', window1, { comment: '加微信领红包 赌博' }))
    const window2 = (await codes(h))[2]?.code ?? ''
    dataOf(await answer(h, 'wx-3', window2, { comment: '二号窗口也很快', overall: 4 }))
    const visible = dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang }))
    // the newest first, each with its station, window and status
    expect(visible.comments.map((c) => c.comment)).toEqual(['二号窗口也很快', '收费员态度很好，速度快'])
    expect(visible.comments[0]).toMatchObject({ station: '春江站', window: '2号窗口', overall: 4, status: 'visible' })
    expect(visible.comments[1]).toMatchObject({ station: '春江站', window: '1号窗口', overall: 5, status: 'visible' })
    const held = dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang, status: 'held' }))
    expect(held.comments).toHaveLength(1)
    expect(held.comments[0]).toMatchObject({ comment: '加微信领红包 赌博', status: 'held' })
    const id = held.comments[0]?.id
    expect(dataOf(await h.call<{ changed: boolean }>('survey', SECRETARY, { action: 'reviewComment', responseId: id, approve: false })).changed).toBe(true)
    expect(await h.store.get('survey_response', id ?? '')).toMatchObject({ commentStatus: 'rejected', flags: expect.arrayContaining(['comment_held']) })
    expect(dataOf(await h.call<{ changed: boolean }>('survey', SECRETARY, { action: 'reviewComment', responseId: id, approve: false })).changed).toBe(false)
    const after = dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang }))
    expect(after.comments).toHaveLength(2)
    // the held comment's rating still counts: only the text is held back
    expect((await stats(h)).total).toBe(3)
  })
})

describe('reviewing held comments is the secretary\'s', () => {
  test('a member approving a held comment is FORBIDDEN, and the comment stays held', async () => {
    const h = await makeHarness()
    const window1 = (await codes(h))[1]?.code ?? ''
    dataOf(await answer(h, 'wx-2', window1, { comment: '加微信领红包 赌博' }))
    const held = dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang, status: 'held' }))
    const id = held.comments[0]?.id
    expect(id).toBeDefined()
    const before = await h.store.query('survey_response', { limit: 100 })
    const counts = await h.counts()
    for (const approve of [true, false]) {
      expect(await h.call('survey', DEMO.memberOpenid(1), { action: 'reviewComment', responseId: id, approve })).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } })
    }
    expect(await h.call('survey', 'wx-2', { action: 'reviewComment', responseId: id, approve: true })).toMatchObject({ ok: false, status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
    expect(await h.store.query('survey_response', { limit: 100 })).toEqual(before)
    expect(await h.counts()).toEqual(counts)
    const visible = dataOf(await h.call<S.ListCommentsOutput>('survey', SECRETARY, { action: 'listComments', stationId: DEMO.stationChunjiang }))
    expect(visible.comments).toEqual([])
  })
})

describe('survey.getStats', () => {
  test('the headline reads like the seed, with the Wilson interval, from daily counters only', async () => {
    const h = await makeHarness()
    const c = await codes(h)
    let i = 0
    // 12 people over 3 days at 2 windows: 11 satisfied, 1 neutral
    for (let d = 0; d < 3; d++) {
      for (let k = 0; k < 4; k++) {
        const code = c[1 + (k % 2)]?.code ?? ''
        dataOf(await answer(h, `wx-p${i}`, code, { overall: i === 5 ? 3 : 5, aspects: { courtesy: 5, speed: i % 2 ? 4 : 5 } }))
        i++
      }
      h.clock.advance(DAY)
    }
    const s = await stats(h)
    expect(s).toMatchObject({ total: 12, satisfied: 11, rate: 0.9167 })
    // 95 % Wilson bounds of 11/12 computed by hand (z = 1.959964): 0.64612, 0.98513
    expect(s.interval?.low).toBeCloseTo(0.64612, 3)
    expect(s.interval?.high).toBeCloseTo(0.98513, 3)
    expect(s.headline).toBe('好评 11 次，满意度 91.7 %（95 % 区间 64.6 %–98.5 %，共 12 份）')
    expect(s.aspects.find((a) => a.key === 'courtesy')).toMatchObject({ average: 5, answers: 12 })
    expect(s.aspects.find((a) => a.key === 'speed')).toMatchObject({ average: 4.5 })
    expect(s.byDay.map((b) => b.total)).toEqual([4, 4, 4])
    expect(s.byWindow.map((w) => [w.name, w.total])).toEqual([
      ['春江站 1号窗口', 6],
      ['春江站 2号窗口', 6],
    ])
    // 3 days × 2 windows of counters, however many responses
    expect(s.docsRead).toBe(6)
    const one = await stats(h, { window: c[1]?.code })
    expect(one.total).toBe(6)
    const none = await stats(h, { from: '2025-01-01', to: '2025-01-31' })
    expect(none).toMatchObject({ total: 0, rate: null, interval: null, headline: '暂无评价' })
  })

  test('the 95 % Wilson interval matches values computed by hand, not those of another confidence level', () => {
    // p = s/n, centre = (p + z²/2n)/(1 + z²/n), half = z·√(p(1−p)/n + z²/4n²)/(1 + z²/n), z = 1.959964;
    // at 90 % (z = 1.645) 212/213 would give 0.97923–0.99895 and 11/12 0.69881–0.98119.
    const cases: Array<[number, number, number, number]> = [
      [212, 213, 0.97389, 0.99917],
      [213, 213, 0.98228, 1],
      [11, 12, 0.64612, 0.98513],
      [399, 400, 0.98598, 0.99956],
    ]
    for (const [sat, n, low, high] of cases) {
      const ci = wilson(sat, n)
      expect({ sat, n, low: ci?.low, high: ci?.high }).toEqual({ sat, n, low: expect.closeTo(low, 3), high: expect.closeTo(high, 3) })
    }
    expect(wilson(0, 0)).toBeNull()
  })

  test('213 answers with 212 satisfied read 99.5 % with the interval 97.4 %–99.9 %, from the day\'s counters', async () => {
    const h = await makeHarness()
    const day = '2026-11-20'
    const counters: StatDoc = {
      _id: statId(DEMO.stationChunjiang, null, day), orgId: DEMO.orgId, branchId: DEMO.branchId, stationId: DEMO.stationChunjiang, window: null, day,
      n: 213, sat: 212, o1: 0, o2: 0, o3: 1, o4: 12, o5: 200, u: 0,
    }
    await h.store.insert('survey_stat', counters)
    const s = await stats(h)
    expect(s).toMatchObject({ total: 213, satisfied: 212, rate: 0.9953, distribution: [0, 0, 1, 12, 200] })
    expect(s.interval?.low).toBeCloseTo(0.97389, 3)
    expect(s.interval?.high).toBeCloseTo(0.99917, 3)
    expect(s.headline).toBe('好评 212 次，满意度 99.5 %（95 % 区间 97.4 %–99.9 %，共 213 份）')
  })

  test('a member, the public and a secretary of another branch cannot read stats', async () => {
    const h = await makeHarness()
    expect(await h.call('survey', DEMO.memberOpenid(2), { action: 'getStats' })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
    expect(await h.call('survey', 'wx-driver', { action: 'getStats' })).toMatchObject({ status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
    expect(await h.call('survey', null, { action: 'getStats' })).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } })
    await h.store.insert('member', { _id: h.runtime.ids.derive('member', 'sec-3'), openid: 'sec-3', orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '周书记', role: 'secretary', joinedAt: T0.toISOString(), joinedVia: 'seed', updatedAt: T0.toISOString() })
    // another branch's station answers like an unknown one
    expect(await h.call('survey', 'sec-3', { action: 'getStats', stationId: DEMO.stationChunjiang })).toMatchObject({ status: 404, error: { code: 'SURVEY.STATION_NOT_FOUND' } })
    expect(await h.call('survey', SECRETARY, { action: 'getStats', from: '2026-12-01', to: '2026-11-01' })).toMatchObject({ status: 400, error: { code: 'SURVEY.BAD_PERIOD' } })
    // from a single day up to 400 days after the first (2025-11-01 … 2026-12-06); one more refused
    expect(await h.call('survey', SECRETARY, { action: 'getStats', from: '2026-11-01', to: '2026-11-01' })).toMatchObject({ ok: true })
    expect(await h.call('survey', SECRETARY, { action: 'getStats', from: '2025-11-01', to: '2026-12-06' })).toMatchObject({ ok: true })
    expect(await h.call('survey', SECRETARY, { action: 'getStats', from: '2025-11-01', to: '2026-12-07' })).toMatchObject({ status: 400, error: { code: 'SURVEY.BAD_PERIOD' } })
  })

  test('an admin sees the whole organisation', async () => {
    const h = await makeHarness()
    dataOf(await answer(h, 'wx-1', (await codes(h, DEMO.stationMenghe))[0]?.code ?? ''))
    const s = dataOf(await h.call<S.GetStatsOutput>('survey', DEMO.adminOpenid, { action: 'getStats' }))
    expect(s.total).toBe(1)
    expect(s.byWindow[0]?.name).toBe('孟河站（全站码）')
  })
})

describe('survey definition versions and export', () => {
  test('editing makes a new version; each response keeps the version it answered', async () => {
    const h = await makeHarness()
    const code = (await codes(h))[1]?.code ?? ''
    dataOf(await answer(h, 'wx-1', code, { aspects: { courtesy: 5 } }))
    const def = dataOf(await h.call<{ definition: S.SurveyDefinition }>('survey', SECRETARY, {
      action: 'updateDefinition', title: '春节保畅满意度调查', invitation: '扫码评价，祝您一路平安', aspects: [{ key: 'courtesy', label: '文明用语' }, { key: 'guidance', label: '引导指挥' }],
    }))
    expect(def.definition.version).toBe(2)
    const form = dataOf(await h.call<S.GetFormOutput>('survey', 'wx-2', { action: 'getForm', code }))
    expect(form.definition.aspects.map((a) => a.label)).toEqual(['文明用语', '引导指挥'])
    dataOf(await answer(h, 'wx-2', code, { aspects: { guidance: 4 } }))
    expect(await answer(h, 'wx-3', code, { aspects: { speed: 4 } })).toMatchObject({ status: 400, error: { code: 'SURVEY.UNKNOWN_ASPECT' } })
    const versions = (await h.store.query<{ _id: string; version: number }>('survey_response')).docs.map((d) => d.version).sort()
    expect(versions).toEqual([1, 2])
    expect(await h.call('survey', DEMO.memberOpenid(1), { action: 'updateDefinition', title: '改问卷', invitation: '改邀请语', aspects: [] })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })

  test('the export has the summary and the responses, with no identity column', async () => {
    const h = await makeHarness()
    const code = (await codes(h))[1]?.code ?? ''
    dataOf(await answer(h, 'wx-1', code, { comment: '很好', aspects: { courtesy: 5 } }))
    // no ticket: kept, not counted
    dataOf(await h.call<S.SubmitResponseOutput>('survey', 'wx-2', { action: 'submitResponse', code, overall: 5 }))
    const out = dataOf(await h.call<{ fileName: string; base64: string }>('survey', SECRETARY, { action: 'exportResponses', stationId: DEMO.stationChunjiang }))
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '答卷明细'])
    const rows: string[][] = []
    wb.getWorksheet('答卷明细')?.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    expect(rows[0]).toEqual(['时间', '窗口', '总体评价', '文明用语', '收费效率', '仪容仪表', '问题处理', '意见建议', '是否计入', '标记'])
    expect(rows.slice(1).map((r) => [r[1], r[2], r[8]])).toEqual([['春江站 1号窗口', '非常满意', '是'], ['春江站 1号窗口', '非常满意', '否']])
    expect(JSON.stringify(rows)).not.toContain('wx-1')
  })
})
