/**
 * The gateway's edges (server/gateway/gateway.ts), each answer checked whole: error and health
 * answers as uncached JSON; bodies at and over the limit, a declared length over it refused before
 * any body arrives, an empty body; the rate limit's minute; a function that throws (500, logged
 * under its request) and a client that hangs up (nothing logged); the anonymous respondent's device
 * and address passed to the survey function; the dev clock's messages, limits and rate limit; the
 * survey page's own rate limit and form reading; static files' method, path, fallback and
 * compression rules; request targets that are not paths.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { survey as S } from '../../contracts'
import { mountFunctions } from '../../server/functions'
import { MAX_ON_THE_FLY_BYTES, MIN_COMPRESS_BYTES } from '../../server/gateway/compression'
import { createGateway, sendNegotiated, type GatewayOptions } from '../../server/gateway/gateway'
import type { CloudFunctionMain } from '../../server/platform/define-function'
import { devClock } from '../../server/platform/ids'
import { C } from '../../server/domain/shared/collections'
import { memberIdFor } from '../../server/domain/shared/actor'
import { DEMO } from '../../server/seed/demo'
import { DEV_CLOCK_MAX_SHIFT_MS } from '../../contracts/dev-clock'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
let staticDir: string
let filesDir: string
const servers: http.Server[] = []

beforeAll(async () => {
  h = await makeHarness()
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'h5-edges-'))
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'files-edges-'))
  await mkdir(path.join(staticDir, 'assets'))
  await writeFile(path.join(staticDir, 'index.html'), '<div id="app"></div>')
  await writeFile(path.join(staticDir, 'assets', 'small.css'), 'a{color:red}'.repeat(10))
  await writeFile(path.join(staticDir, 'assets', 'exact.css'), 'a'.repeat(MIN_COMPRESS_BYTES))
  await writeFile(path.join(staticDir, 'assets', 'noise.txt'), randomBytes(4096))
  await writeFile(path.join(staticDir, 'assets', 'app.0123abcd.js.txt'), 'x')
  await writeFile(path.join(filesDir, 'f_abc.png'), 'png')
})
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))

async function serve(overrides: Partial<GatewayOptions> = {}): Promise<{ base: string; port: number; logged: Array<{ where: string; message: string }> }> {
  const logged: Array<{ where: string; message: string }> = []
  const server = createGateway({
    functions: mountFunctions(h.runtime),
    mode: 'dev',
    staticDir,
    filesDir,
    maxBodyBytes: 1024,
    rateLimitPerMinute: 1000,
    logError: (e, where) => void logged.push({ where, message: e instanceof Error ? e.message : String(e) }),
    ...overrides,
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return { base: `http://127.0.0.1:${port}`, port, logged }
}

/** Sends raw bytes, then either waits for the server to close or hangs up itself after `hangUpMs`. */
function raw(port: number, text: string, opts: { waitMs?: number; hangUpMs?: number; latin1?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    const got: Buffer[] = []
    const finish = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(Buffer.concat(got).toString('utf8'))
    }
    const timer = setTimeout(finish, opts.hangUpMs ?? opts.waitMs ?? 3000)
    socket.on('data', (d: Buffer) => void got.push(d))
    socket.on('close', finish)
    socket.on('error', () => {})
    socket.on('connect', () => socket.write(text, opts.latin1 ? 'latin1' : 'utf8'))
  })
}
const statusLine = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)

type Answer = { ok: boolean; data?: unknown; error?: { code: string; message: string } }
async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Answer }
}

describe('error and health answers', () => {
  test('an error answer is uncached JSON of its exact length; so is /healthz', async () => {
    const { base } = await serve()
    for (const res of [await fetch(`${base}/api/member`), await fetch(`${base}/healthz`)]) {
      const text = await res.text()
      expect([res.headers.get('content-type'), res.headers.get('cache-control'), Number(res.headers.get('content-length'))]).toEqual([
        'application/json; charset=utf-8',
        'no-store',
        Buffer.byteLength(text),
      ])
      expect(() => JSON.parse(text) as unknown).not.toThrow()
    }
  })

  test('/healthz asks the store: a store that does not answer is a 500, logged', async () => {
    const { base, logged } = await serve({ ping: () => Promise.reject(new Error('store down')) })
    expect(await answer(await fetch(`${base}/healthz`))).toEqual({ status: 500, body: { ok: false, error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } })
    expect(logged).toEqual([{ where: 'GET /healthz', message: 'store down' }])
  })

  test('a request target that is not a path is a 400 with its own message; /x/api/... is not the API', async () => {
    const { port, base } = await serve()
    for (const target of ['//x', '//', '*', 'http://x/api/member']) {
      const text = await raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      expect({ target, status: statusLine(text) }).toEqual({ target, status: 400 })
      expect(text).toContain('"message":"请求地址不正确"')
    }
    // an app route, not a function: the app shell
    const res = await fetch(`${base}/x/api/member`, { method: 'GET' })
    expect([res.status, await res.text()]).toEqual([200, '<div id="app"></div>'])
  })
})

describe('function calls', () => {
  const boom: CloudFunctionMain = async () => {
    throw new Error('boom')
  }

  test('a function that throws answers 500 INTERNAL and is logged under its request', async () => {
    const { base, logged } = await serve({ functions: { boom } })
    expect(await answer(await fetch(`${base}/api/boom`, { method: 'POST', body: '{}' }))).toEqual({
      status: 500,
      body: { ok: false, error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } },
    })
    expect(logged).toEqual([{ where: 'POST /api/boom', message: 'boom' }])
  })

  test('a client that hangs up in the middle of its body is not a server fault: nothing logged, the gateway serves on', async () => {
    const { port, base, logged } = await serve()
    await raw(port, 'POST /api/member HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"action":', { hangUpMs: 300 })
    await new Promise((r) => setTimeout(r, 200))
    expect(logged).toEqual([])
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })

  test('an empty body is no object; bad JSON and a non-object each have their own message', async () => {
    const { base } = await serve()
    const post = async (body: string) => answer(await fetch(`${base}/api/member`, { method: 'POST', body }))
    expect(await post('')).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '请求体应为 JSON 对象' } } })
    expect(await post('{"action"')).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '请求体不是合法的 JSON' } } })
    expect(await post('[1]')).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '请求体应为 JSON 对象' } } })
  })

  test('a body of exactly the limit is read; one byte more is 413', async () => {
    const { base } = await serve()
    const json = '{"action":"getMe"}'
    const exact = json.padEnd(1024, ' ')
    expect((await fetch(`${base}/api/member`, { method: 'POST', body: exact })).status).toBe(200)
    expect((await answer(await fetch(`${base}/api/member`, { method: 'POST', body: `${exact} ` }))).body.error?.code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('a declared length over the limit is refused at once, before any body arrives', async () => {
    const { port } = await serve({ headersTimeoutMs: 1000, requestTimeoutMs: 1500, timeoutCheckMs: 100 })
    const text = await raw(port, 'POST /api/member HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n', { waitMs: 4000 })
    expect(statusLine(text)).toBe(413)
    expect(text).toContain('"code":"PAYLOAD_TOO_LARGE"')
  })

  test('the rate limit counts per clock minute: more calls in the same minute stay refused', async () => {
    let now = 60_000 * 100 + 1_000
    const { base } = await serve({ rateLimitPerMinute: 2, now: () => now })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}' })).status)
      now += 1_000
    }
    expect(statuses).toEqual([200, 200, 429, 429])
  })
})

describe('the dev identity header', () => {
  test('is cut to 128 characters: a longer header is the member whose OPENID is its first 128', async () => {
    const own = await makeHarness()
    const openid = `o${'a'.repeat(127)}`
    const at = new Date().toISOString()
    await own.store.insert(C.member, { _id: memberIdFor(own.runtime, openid), openid, orgId: DEMO.orgId, branchId: DEMO.branchId, name: '长标识党员', role: 'member', joinedAt: at, joinedVia: 'seed', updatedAt: at })
    const { base } = await serve({ functions: mountFunctions(own.runtime) })
    const me = async (value: string) => ((await (await fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}', headers: { 'x-dev-openid': value } })).json()) as { data: { member: { name: string } | null } }).data.member
    expect((await me(openid))?.name).toBe('长标识党员')
    expect((await me(`${openid}${'z'.repeat(50)}`))?.name).toBe('长标识党员')
  })

  test('is trimmed of what Node leaves around it (a no-break space, byte 0xa0)', async () => {
    const { port } = await serve()
    const body = '{"action":"getMe"}'
    const text = await raw(port, `POST /api/member HTTP/1.1\r\nHost: x\r\nx-dev-openid: ${DEMO.secretaryOpenid}\u00a0\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`, { latin1: true })
    expect(text).toContain('"role":"secretary"')
  })
})

describe('the anonymous respondent through the API', () => {
  test('with no identity the browser’s device cookie is the respondent, and its address is passed on (a burst from one address is flagged)', async () => {
    const own = await makeHarness()
    const { base } = await serve({ functions: mountFunctions(own.runtime) })
    const codes = dataOf(await own.call<S.ListCodesOutput>('survey', DEMO.secretaryOpenid, { action: 'listCodes', stationId: DEMO.stationChunjiang })).codes
    const code = codes[0]?.code ?? ''
    // 31 phones behind one carrier address (each a fresh device cookie), no ticket: kept, not counted
    for (let i = 0; i < 31; i++) {
      const out = await answer(await fetch(`${base}/api/survey`, { method: 'POST', body: JSON.stringify({ action: 'submitResponse', code, overall: 5 }) }))
      expect(out).toMatchObject({ status: 200, body: { ok: true, data: { counted: false } } })
    }
    const kept = (await own.store.query<{ _id: string; flags: string[]; at: string }>(C.surveyResponse, { where: { stationId: DEMO.stationChunjiang }, orderBy: [['at', 'asc']], limit: 100 })).docs
    expect(kept).toHaveLength(31)
    expect(kept.filter((d) => d.flags.includes('busy_address'))).toHaveLength(1)
  })
})

describe('the anonymous respondent on the survey page', () => {
  test('the page passes the address on too: a burst of plain-form answers from one address is flagged', async () => {
    const own = await makeHarness()
    const { base } = await serve({ functions: mountFunctions(own.runtime) })
    const code = dataOf(await own.call<S.ListCodesOutput>('survey', DEMO.secretaryOpenid, { action: 'listCodes', stationId: DEMO.stationChunjiang })).codes[0]?.code ?? ''
    for (let i = 0; i < 31; i++) {
      const res = await fetch(`${base}/pages/survey/index?c=${code}`, { method: 'POST', body: `c=${code}&overall=5`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(res.status).toBe(200)
    }
    const kept = (await own.store.query<{ _id: string; flags: string[] }>(C.surveyResponse, { where: { stationId: DEMO.stationChunjiang }, limit: 100 })).docs
    expect(kept).toHaveLength(31)
    expect(kept.filter((d) => d.flags.includes('busy_address'))).toHaveLength(1)
  })
})

describe('slow clients with the default check interval', () => {
  test('request timeouts are checked every second unless told otherwise: headers dripped past the time are cut off', async () => {
    const { port } = await serve({ headersTimeoutMs: 800, requestTimeoutMs: 1200, idleTimeoutMs: 60_000 })
    const drip = (async () => {
      const socket = net.connect(port, '127.0.0.1')
      socket.on('error', () => {})
      let timer: NodeJS.Timeout | undefined
      const closed = new Promise<boolean>((r) => {
        socket.on('close', () => r(true))
        timer = setTimeout(() => r(false), 6000)
      })
      socket.write('POST /api/member HTTP/1.1\r\n')
      for (let i = 0; i < 30 && !socket.destroyed; i++) {
        socket.write('X')
        await new Promise((r) => setTimeout(r, 200))
      }
      const wasClosed = await closed
      clearTimeout(timer)
      socket.destroy()
      return wasClosed
    })()
    // with Node's own 30 s default check the drip would still be connected when it stops at 6 s
    expect(await drip).toBe(true)
  })
})

describe('keep-alive', () => {
  test('a kept-alive connection is closed five seconds after its last answer, however long the idle limit', async () => {
    const { port } = await serve({ idleTimeoutMs: 10_000 })
    const closedAfterMs = await new Promise<number | null>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      let answeredAt = 0
      const timer = setTimeout(() => (socket.destroy(), resolve(null)), 8000)
      socket.on('error', () => {})
      socket.on('data', () => void (answeredAt ||= Date.now()))
      socket.on('close', () => (clearTimeout(timer), resolve(Date.now() - answeredAt)))
      socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'))
    })
    // closed by the keep-alive timeout (5 s), not by the 10 s idle limit nor left open
    expect(closedAfterMs).not.toBeNull()
    expect(closedAfterMs as number).toBeGreaterThanOrEqual(4000)
  })
})

describe('the dev clock', () => {
  const clockCall = async (base: string, method: string, body?: string) => answer(await fetch(`${base}/dev/clock`, { method, body }))

  test('each refusal says what is wrong; a body over the limit is 413; the clock is left where it was', async () => {
    const system = Date.parse('2026-12-02T04:00:00.000Z')
    const clock = devClock(() => system)
    const { base } = await serve({ devClock: clock, now: () => system })
    expect(await clockCall(base, 'POST', '')).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '请求体应为 {"at": ISO 时间或 null}' } } })
    expect(await clockCall(base, 'POST', 'nope')).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '请求体不是合法的 JSON' } } })
    const far = new Date(system + DEV_CLOCK_MAX_SHIFT_MS + 1).toISOString()
    expect(await clockCall(base, 'POST', JSON.stringify({ at: far }))).toEqual({ status: 400, body: { ok: false, error: { code: 'VALIDATION', message: '调试时钟最多前后调整 5 年' } } })
    expect((await clockCall(base, 'POST', JSON.stringify({ at: null, pad: 'x'.repeat(2000) }))).body.error?.code).toBe('PAYLOAD_TOO_LARGE')
    expect(clock.offsetMs()).toBe(0)
  })

  test('exactly five years either way is allowed, measured from the gateway’s own clock', async () => {
    // the gateway's clock far from the machine's: the limit is measured from the gateway's
    const system = Date.parse('2040-01-01T00:00:00.000Z')
    const clock = devClock(() => system)
    const { base } = await serve({ devClock: clock, now: () => system })
    const at = new Date(system - DEV_CLOCK_MAX_SHIFT_MS).toISOString()
    expect(await clockCall(base, 'POST', JSON.stringify({ at }))).toEqual({ status: 200, body: { ok: true, data: { now: at, offsetMs: -DEV_CLOCK_MAX_SHIFT_MS } } })
  })

  test('is rate limited like the API', async () => {
    const { base } = await serve({ devClock: devClock(), rateLimitPerMinute: 2, now: () => 0 })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/dev/clock`)).status)
    expect(statuses).toEqual([200, 200, 429])
  })
})

describe('the survey page through the gateway', () => {
  test('past the address’s budget the page itself says so (429) instead of calling the survey function', async () => {
    const calls: unknown[] = []
    const survey: CloudFunctionMain = async (event) => (calls.push(event), { ok: false, error: { code: 'SURVEY.UNKNOWN_CODE', message: '二维码无效' } })
    const { base } = await serve({ functions: { survey }, rateLimitPerMinute: 1, now: () => 0 })
    expect((await fetch(`${base}/pages/survey/index?c=abc`)).status).toBe(400)
    const limited = await fetch(`${base}/pages/survey/index?c=abc`)
    expect(limited.status).toBe(429)
    expect(await limited.text()).toContain('操作过于频繁，请稍后再试')
    expect(calls).toHaveLength(1)
  })

  test('only a form body is read as a form; the query after ? is the code', async () => {
    const events: Array<Record<string, unknown>> = []
    const survey: CloudFunctionMain = async (event) => {
      events.push(event as Record<string, unknown>)
      return { ok: false, error: { code: 'SURVEY.UNKNOWN_CODE', message: '二维码无效' } }
    }
    const { base } = await serve({ functions: { survey } })
    const postForm = (type: string) => fetch(`${base}/pages/survey/index?c=querycode`, { method: 'POST', body: 'c=formcode&overall=5', headers: { 'content-type': type } })
    await postForm('multipart/form-data; x=application/x-www-form-urlencoded')
    await postForm('application/x-www-form-urlencoded; charset=utf-8')
    await fetch(`${base}/pages/survey/index?c=other`)
    expect(events.map((e) => e.code)).toEqual(['querycode', 'formcode', 'other'])
  })
})

describe('the rate limit is per client address on every route', () => {
  /** A GET from a given local address (the whole of 127.0.0.0/8 is loopback). */
  const getFrom = (port: number, localAddress: string, target: string) =>
    new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: target, localAddress }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      }).on('error', reject)
    })

  test('the dev clock and the survey page: a second address has a budget of its own', async () => {
    const survey: CloudFunctionMain = async () => ({ ok: false, error: { code: 'SURVEY.UNKNOWN_CODE', message: '二维码无效' } })
    const { port } = await serve({ functions: { survey }, devClock: devClock(), rateLimitPerMinute: 1, now: () => 0 })
    for (const target of ['/dev/clock', '/pages/survey/index?c=abc']) {
      const first = await getFrom(port, '127.0.0.1', target)
      expect([target, await getFrom(port, '127.0.0.1', target)]).toEqual([target, 429])
      expect([target, await getFrom(port, '127.0.0.2', target)]).toEqual([target, first])
    }
  })
})

describe('static files', () => {
  test('a POST to a file is 405; a path with a NUL or bad escape is 404', async () => {
    const { base, port } = await serve()
    expect(await answer(await fetch(`${base}/index.html`, { method: 'POST', body: 'x' }))).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } })
    for (const target of ['/a%00b', '/%E4%B8']) {
      const text = await raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
      expect({ target, status: statusLine(text) }).toEqual({ target, status: 404 })
    }
  })

  test('uploaded media never fall back to the app shell, even without an extension', async () => {
    const { base } = await serve()
    expect(await answer(await fetch(`${base}/files/nosuchname`))).toEqual({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND', message: expect.not.stringContaining('H5') as unknown as string } } })
    expect((await fetch(`${base}/files/f_abc.png`)).status).toBe(200)
  })

  test('an app route with no H5 build says how to build it', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'h5-empty-'))
    const { base } = await serve({ staticDir: empty })
    expect(await answer(await fetch(`${base}/pages/me/index`))).toEqual({ status: 404, body: { ok: false, error: { code: 'NOT_FOUND', message: 'H5 尚未构建：请先运行 npm run build:h5' } } })
  })

  test('only a hash right before .js or .css marks an asset kept for a year', async () => {
    const { base } = await serve()
    expect((await fetch(`${base}/assets/app.0123abcd.js.txt`)).headers.get('cache-control')).toBe('public, max-age=300')
  })

  test('compression: from MIN_COMPRESS_BYTES on, not below; never when it would not be smaller', async () => {
    const { base } = await serve()
    const get = (name: string) => fetch(`${base}/assets/${name}`, { headers: { 'accept-encoding': 'gzip' } })
    const small = await get('small.css')
    expect([small.headers.get('content-encoding'), await small.text()]).toEqual([null, 'a{color:red}'.repeat(10)])
    const exact = await get('exact.css')
    expect(exact.headers.get('content-encoding')).toBe('gzip')
    const noise = await get('noise.txt')
    expect([noise.headers.get('content-encoding'), Number(noise.headers.get('content-length'))]).toEqual([null, 4096])
  })

  test('a file over MAX_ON_THE_FLY_BYTES without a precompressed sibling is sent as it is', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'h5-big-'))
    await writeFile(path.join(dir, 'index.html'), 'x')
    await writeFile(path.join(dir, 'big.js'), Buffer.alloc(MAX_ON_THE_FLY_BYTES + 1, 0x61))
    await writeFile(path.join(dir, 'max.js'), Buffer.alloc(MAX_ON_THE_FLY_BYTES, 0x61))
    const { base } = await serve({ staticDir: dir })
    const big = await fetch(`${base}/big.js`, { headers: { 'accept-encoding': 'gzip' } })
    expect([big.headers.get('content-encoding'), Number(big.headers.get('content-length'))]).toEqual([null, MAX_ON_THE_FLY_BYTES + 1])
    const max = await fetch(`${base}/max.js`, { headers: { 'accept-encoding': 'gzip' } })
    expect(max.headers.get('content-encoding')).toBe('gzip')
  })
})

describe('sendNegotiated', () => {
  test('a body of exactly MIN_COMPRESS_BYTES is compressed', async () => {
    const body = Buffer.alloc(MIN_COMPRESS_BYTES, 0x62)
    const server = http.createServer((req, res) => void sendNegotiated(req, res, 200, body, { 'content-type': 'text/plain' }))
    servers.push(server)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const got = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      http.get({ port, host: '127.0.0.1', path: '/', headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }))
      }).on('error', reject)
    })
    expect(got.encoding).toBe('gzip')
    expect(gunzipSync(got.bytes)).toEqual(body)
  })
})
