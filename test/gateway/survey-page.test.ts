import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync } from 'node:zlib'
import { messageOf } from '../../contracts/errors'
import { mountFunctions } from '../../server/functions'
import { createGateway } from '../../server/gateway/gateway'
import { codeFromQuery } from '../../server/gateway/survey-page'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
let base: string
let server: http.Server
let code: string
let stationCode: string

beforeAll(async () => {
  h = await makeHarness()
  const codes = dataOf(await h.call<{ codes: Array<{ code: string; window: string | null }> }>('survey', 'demo-secretary', { action: 'listCodes', stationId: 'station_chunjiang' }))
  code = codes.codes.find((c) => c.window === '1号窗口')?.code ?? ''
  stationCode = codes.codes.find((c) => c.window === null)?.code ?? ''
  // staticDir null: the page must not need the H5 build at all.
  server = createGateway({ functions: mountFunctions(h.runtime), mode: 'dev', staticDir: null, maxBodyBytes: 4096, rateLimitPerMinute: 1000, logError: () => {} })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((r) => server.close(r)))

function raw(target: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer }>((resolve, reject) => {
    const req = http.request(`${base}${target}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes })
      })
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const cookieOf = (headers: http.IncomingHttpHeaders) => (headers['set-cookie']?.[0] ?? '').split(';')[0] ?? ''
const ticketOf = (html: string) => /name="ticket" value="([^"]+)"/.exec(html)?.[1] ?? ''
const responses = async () => h.store.count('survey_response')

describe('the lean survey page (server-rendered at /pages/survey/index)', () => {
  test('answers the card’s link with the form: station, window, faces, aspects, a ticket, the device cookie', async () => {
    const r = await raw(`/pages/survey/index?c=${code}`)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.headers['cache-control']).toBe('no-store')
    expect(r.body).toContain('春江站 · 1号窗口')
    for (const s of [5, 4, 3, 2, 1]) expect(r.body).toContain(`id="survey-overall-${s}"`)
    expect(r.body).toContain('id="survey-aspect-courtesy-5"')
    expect(r.body).toContain('<form id="survey-form" method="post"')
    expect(ticketOf(r.body)).toMatch(/^\d{10,15}\.[A-Za-z0-9_-]{22}$/)
    expect(cookieOf(r.headers)).toMatch(/^dj_did=[A-Za-z0-9_-]{32,64}$/)
    // One inline script, allowed by its nonce alone; nothing else may load.
    const nonce = /script-src 'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))?.[1]
    expect(nonce).toBeTruthy()
    expect(r.body).toContain(`<script nonce="${nonce}">`)
    expect(r.body).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/)
    expect(Buffer.byteLength(r.body)).toBeLessThan(20 * 1024)
  })

  test('compressed like any page; HEAD gives the same headers without a body', async () => {
    const r = await raw(`/pages/survey/index?c=${code}`, { headers: { 'accept-encoding': 'gzip, br' } })
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers.vary).toBe('Accept-Encoding')
    expect(Number(r.headers['content-length'])).toBe(r.bytes.length)
    expect(brotliDecompressSync(r.bytes).toString()).toContain('春江站')
    const head = await raw(`/pages/survey/index?c=${code}`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } })
    expect(head.status).toBe(200)
    expect(head.bytes.length).toBe(0)
    expect(head.headers['content-encoding']).toBe('br')
  })

  test('an unknown or malformed code gets the contract’s own status and message', async () => {
    const unknown = await raw('/pages/survey/index?c=zzzzzzzz')
    const api = await h.call('survey', null, { action: 'getForm', code: 'zzzzzzzz' })
    expect(unknown.status).toBe(api.status)
    expect(unknown.body).toContain(`id="survey-error">${messageOf('SURVEY.UNKNOWN_CODE')}<`)
    expect(unknown.body).not.toContain('<form')
    const malformed = await raw('/pages/survey/index?c=%E0%A4%A')
    expect(malformed.status).toBe(400)
    expect(malformed.body).toContain('二维码编号无效，请重新扫码')
    const none = await raw('/pages/survey/index')
    expect(none.status).toBe(400)
    expect(none.body).toContain('二维码编号无效')
  })

  test('reads the code from c, scene or q (the whole card URL) like the app page', () => {
    expect(codeFromQuery(new URLSearchParams('c=AB3DK9MZ'))).toBe('ab3dk9mz')
    expect(codeFromQuery(new URLSearchParams('scene=ab3dk9mz'))).toBe('ab3dk9mz')
    expect(codeFromQuery(new URLSearchParams('scene=c%253Dab3dk9mz'))).toBe('ab3dk9mz')
    expect(codeFromQuery(new URLSearchParams(`q=${encodeURIComponent('https://dj.example.cn/pages/survey/index?c=ab3dk9mz')}&scancode_time=1`))).toBe('ab3dk9mz')
  })

  test('a plain form posted without a face is shown again with the contract’s message, answers kept', async () => {
    const page = await raw(`/pages/survey/index?c=${code}`)
    const before = await responses()
    const r = await raw(`/pages/survey/index?c=${code}`, {
      method: 'POST',
      headers: { ...FORM, cookie: cookieOf(page.headers) },
      body: new URLSearchParams({ c: code, ticket: ticketOf(page.body), a_speed: '4', comment: '窗口<很快>' }).toString(),
    })
    expect(r.status).toBe(400)
    expect(r.body).toContain('请选择满意度')
    expect(r.body).toContain('窗口&lt;很快&gt;</textarea>')
    expect(r.body).toContain('id="sv-speed-4" checked')
    expect(ticketOf(r.body)).toBe(ticketOf(page.body))
    expect(await responses()).toBe(before)
  })

  test('a refused answer keeps the chosen face and the script; a malformed ticket gives way to a fresh one; the form’s code may come in capitals', async () => {
    const before = await responses()
    // posted to the bare address: the form's own c names the code
    const r = await raw('/pages/survey/index', {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ c: ` ${code.toUpperCase()} `, ticket: 'not a ticket', overall: '3', comment: '慢'.repeat(201) }).toString(),
    })
    expect(r.status).toBe(400)
    expect(r.body).toContain('春江站 · 1号窗口')
    expect(r.body).toContain('role="alert">意见建议最多 200 字</p>')
    expect([...r.body.matchAll(/id="sv-o(\d)" checked/g)].map((m) => m[1])).toEqual(['3'])
    expect(r.body).toContain(`<input type="hidden" name="c" value="${code}">`)
    expect(ticketOf(r.body)).toMatch(/^\d{10,15}\.[A-Za-z0-9_-]{22}$/)
    const nonce = /script-src 'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))?.[1]
    expect(r.body).toContain(`<script nonce="${nonce}">`)
    expect(await responses()).toBe(before)
  })

  test('plain form answers follow the server’s rules: a quick answer counts, then once a day', async () => {
    const page = await raw(`/pages/survey/index?c=${stationCode}`)
    const cookie = cookieOf(page.headers)
    const ticket = ticketOf(page.body)
    const post = (overall: string, t = ticket) =>
      raw(`/pages/survey/index?c=${stationCode}`, {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: new URLSearchParams({ c: stationCode, ticket: t, overall, a_courtesy: '5', comment: '很好' }).toString(),
      })
    const before = await responses()
    // The test clock has not moved since the ticket: a quick answer, counted all the same.
    const counted = await post('5')
    expect(counted.status).toBe(200)
    expect(counted.body).toContain('id="survey-thanks"')
    expect(counted.body).toContain('您的意见已计入统计')
    expect(counted.body).toContain('春江站')
    expect(counted.headers['set-cookie']).toBeUndefined()
    h.clock.advance(4000)
    const again = await post('4')
    expect(again.body).toContain('您今天已经评价过这个收费站了')
    expect(await responses()).toBe(before + 1)
    // A forged ticket is no better than none: kept, not counted.
    const forged = await raw(`/pages/survey/index?c=${stationCode}`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ c: stationCode, ticket: '1700000000000.AAAAAAAAAAAAAAAAAAAAAA', overall: '1' }).toString(),
    })
    expect(forged.body).toContain('未计入统计')
  })

  test('other methods are refused; a body over the limit is refused', async () => {
    expect((await raw(`/pages/survey/index?c=${code}`, { method: 'PUT' })).status).toBe(405)
    const big = await raw(`/pages/survey/index?c=${code}`, { method: 'POST', headers: FORM, body: `comment=${'x'.repeat(5000)}` })
    expect(big.status).toBe(413)
  })

  test('names from the store are escaped', async () => {
    // Written straight to the store: the page must escape whatever a name holds.
    const at = new Date().toISOString()
    await h.store.insert('station', {
      _id: 'st_escape', orgId: 'org_demo', branchId: 'branch_4', name: '新站<b>&"', code: 'esc22222',
      windows: [{ code: 'esc33333', name: '"窗口\'1' }], createdAt: at, updatedAt: at,
    })
    await h.store.insert('survey_code', { _id: 'esc33333', orgId: 'org_demo', branchId: 'branch_4', stationId: 'st_escape', window: '"窗口\'1' })
    const r = await raw('/pages/survey/index?c=esc33333')
    expect(r.status).toBe(200)
    expect(r.body).toContain('新站&lt;b&gt;&amp;&quot;')
    expect(r.body).toContain('&quot;窗口&#39;1')
    expect(r.body).not.toContain('<b>&')
  })
})

describe('what the page is made of (the browser journeys see it drawn; here, what it carries)', () => {
  test('five faces from 非常满意 to 非常不满意, each its own drawing and warmth; stars 5 to 1 per aspect; the counter at 0/200', async () => {
    const r = await raw(`/pages/survey/index?c=${code}`)
    const faces = [...r.body.matchAll(/<label class="fa" for="sv-o(\d)" id="survey-overall-\d" style="--w:(#[0-9A-F]{6})">(<svg[^]*?<\/svg>)<b>([^<]+)<\/b><\/label>/g)].map((m) => ({ score: Number(m[1]), warm: m[2], svg: m[3] ?? '', label: m[4] }))
    expect(faces.map((f) => [f.score, f.label, f.warm])).toEqual([
      [5, '非常满意', '#FFB300'],
      [4, '满意', '#FFB300'],
      [3, '一般', '#FFC94D'],
      [2, '不满意', '#FF8A4C'],
      [1, '非常不满意', '#FF8A4C'],
    ])
    // 5 laughs (a filled mouth), 4–2 a curve from up to down, 1 frowns with brows
    const [five, four, three, two, one] = faces.map((f) => f.svg)
    expect(five).toContain('<path class="k" d="M14 28 Q24 42 34 28 Z"/>')
    expect(four).toContain('<path class="m" d="M15 29 Q24 35 33 29"/>')
    expect(three).toContain('<path class="m" d="M15 29 Q24 29 33 29"/>')
    expect(two).toContain('<path class="m" d="M15 34 Q24 28 33 34"/>')
    expect(one).toContain('<path class="m" d="M12 14 L20 17 M36 14 L28 17"/><path class="m" d="M15 34 Q24 22 33 34"/>')
    for (const svg of [five, four, three, two]) expect(svg).not.toContain('M12 14')
    for (const svg of faces.map((f) => f.svg)) expect(svg).toMatch(/^<svg viewBox="0 0 48 48" aria-hidden="true"><circle class="f" cx="24" cy="24" r="22"\/><circle class="k" cx="17" cy="20" r="2.8"\/><circle class="k" cx="31" cy="20" r="2.8"\/>/)
    expect([...r.body.matchAll(/id="survey-aspect-courtesy-(\d)"/g)].map((m) => m[1])).toEqual(['5', '4', '3', '2', '1'])
    expect(r.body).toContain('<span class="cc" id="survey-comment-count">0/200</span></div><textarea id="survey-comment" name="comment" maxlength="200" placeholder="您的意见和建议，帮助我们改进服务"></textarea>')
    expect(r.body).toContain('<legend>分项评价<span>（选填）</span></legend>')
    expect(r.body).toContain('<p class="er" id="survey-submit-error" role="alert"></p>')
    expect(r.body).toContain('<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">')
    // the style sheet and the script are inline, and whole
    const style = /<style>([^]*?)<\/style>/.exec(r.body)?.[1] ?? ''
    expect(style).toContain('.r:checked+.fa{border-color:#c8161d')
    expect(style).toContain('main{max-width:480px')
    const script = /<script nonce="[^"]+">([^]*?)<\/script>/.exec(r.body)?.[1] ?? ''
    expect(script).toContain("fetch('/api/survey'")
    expect(script).toContain('评价已完成，您可以关闭本页面了')
  })

  test('the thank-you page has no script, the place and the 完成 link; an error page offers a reload only when trying again can help', async () => {
    const page = await raw(`/pages/survey/index?c=${stationCode}`)
    const thanks = await raw(`/pages/survey/index?c=${stationCode}`, {
      method: 'POST',
      headers: { ...FORM, cookie: 'dj_did=' + 't'.repeat(40) },
      body: new URLSearchParams({ c: stationCode, ticket: ticketOf(page.body), overall: '5' }).toString(),
    })
    expect(thanks.body).not.toContain('<script')
    expect(thanks.body).toContain('<p class="wish">祝您一路平安！</p><a class="done" id="survey-done" href="#survey-bye">完成</a><p class="bye" id="survey-bye">评价已完成，您可以关闭本页面了</p>')
    expect(thanks.body).toMatch(/<div class="ic"><\/div><h1 id="survey-thanks-message">[^<]+<\/h1><p>春江站<\/p>/)
    const unknown = await raw('/pages/survey/index?c=zzzzzzzz')
    expect(unknown.body).toContain('<div class="sx err"><div class="ic soft">!</div><h1 id="survey-error">')
    expect(unknown.body).toContain('<p>如有疑问，可向收费窗口工作人员反映</p></div>')
    expect(unknown.body).not.toContain('重新加载')
    expect(unknown.body).not.toContain('<script')
  })
})
