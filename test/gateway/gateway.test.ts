import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type http from 'node:http'
import { mountFunctions } from '../../server/functions'
import { createGateway, type GatewayOptions } from '../../server/gateway/gateway'
import { devClock } from '../../server/platform/ids'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
let staticDir: string
const servers: http.Server[] = []

beforeAll(async () => {
  h = await makeHarness()
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'h5-'))
  await mkdir(path.join(staticDir, 'js'))
  await writeFile(path.join(staticDir, 'index.html'), '<div id="app"></div>')
  await writeFile(path.join(staticDir, 'js', 'app.1234abcd.js'), 'console.log(1)')
})
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))

async function serve(overrides: Partial<GatewayOptions> = {}): Promise<string> {
  const server = createGateway({
    functions: mountFunctions(h.runtime),
    mode: 'dev',
    staticDir,
    maxBodyBytes: 1024,
    rateLimitPerMinute: 1000,
    logError: () => {},
    ...overrides,
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function post(base: string, fn: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/${fn}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string } } }
}

describe('local gateway', () => {
  let base: string
  beforeAll(async () => {
    base = await serve()
  })

  test('getMe for an unknown WeChat user answers 200 with member null', async () => {
    const r = await post(base, 'member', '{"action":"getMe"}', { 'x-dev-openid': 'anyone' })
    expect(r).toEqual({
      status: 200,
      body: { ok: true, data: { identified: true, role: 'public', member: null, branch: null, org: null } },
    })
  })

  test('no header means a caller with no OPENID', async () => {
    const r = await post(base, 'member', '{"action":"joinBranch","code":"ABCDEFGH","name":"韩梅梅"}')
    expect(r).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
  })

  test('maps error kinds to HTTP statuses: 403, 400 VALIDATION, 404', async () => {
    expect(await post(base, 'member', '{"action":"createInvite"}', { 'x-dev-openid': 'demo-member-01' })).toMatchObject({
      status: 403,
      body: { ok: false, error: { code: 'FORBIDDEN' } },
    })
    expect(await post(base, 'member', '{"action":"createInvite","maxUses":-1}', { 'x-dev-openid': 'demo-secretary' })).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'VALIDATION' } },
    })
    expect(await post(base, 'nothing', '{"action":"getMe"}')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } })
    expect(await post(base, 'member', '{"action":"fly"}')).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_ACTION' } } })
  })

  test('malformed JSON and non-object bodies answer 400 VALIDATION and write nothing', async () => {
    const before = await h.counts()
    for (const body of ['{bad', '[1,2]', '"getMe"', '']) {
      expect(await post(base, 'member', body, { 'x-dev-openid': 'demo-secretary' })).toMatchObject({
        status: 400,
        body: { ok: false, error: { code: 'VALIDATION' } },
      })
    }
    expect(await h.counts()).toEqual(before)
  })

  test('a body over the size limit answers 413', async () => {
    const big = JSON.stringify({ action: 'getMe', pad: 'x'.repeat(5000) })
    expect(await post(base, 'member', big)).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } })
  })

  test('GET on an API path answers 405', async () => {
    const res = await fetch(`${base}/api/member`)
    expect(res.status).toBe(405)
  })

  test('healthz answers and says whether dev mode is on', async () => {
    const res = await fetch(`${base}/healthz`)
    expect(await res.json()).toEqual({ ok: true, devMode: true })
  })

  test('serves the H5 build, falls back to index.html for app routes, 404s missing assets and traversal', async () => {
    const asset = await fetch(`${base}/js/app.1234abcd.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    const route = await fetch(`${base}/pages/me/index`)
    expect(await route.text()).toBe('<div id="app"></div>')
    expect((await fetch(`${base}/js/missing.js`)).status).toBe(404)
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
  })
})

describe('device cookie', () => {
  test('the first API call sets a long random HttpOnly device cookie; a browser that sends it back keeps it', async () => {
    const base = await serve()
    const first = await fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}' })
    const cookie = first.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^dj_did=[A-Za-z0-9_-]{32}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/)
    const again = await fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}', headers: { cookie: cookie.split(';')[0] ?? '' } })
    expect(again.headers.get('set-cookie')).toBeNull()
  })
})

describe('local gateway outside dev mode', () => {
  test('refuses the dev identity header', async () => {
    const base = await serve({ mode: 'prod' })
    expect(await post(base, 'member', '{"action":"getMe"}', { 'x-dev-openid': 'demo-admin' })).toMatchObject({
      status: 400,
      body: { ok: false, error: { code: 'DEV_HEADER_REFUSED' } },
    })
    expect(await post(base, 'member', '{"action":"getMe"}')).toMatchObject({ status: 200, body: { data: { identified: false } } })
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, devMode: false })
  })
})

describe('dev clock (/dev/clock)', () => {
  const DAY = 86_400_000
  async function clockCall(base: string, method: string, body?: string) {
    const res = await fetch(`${base}/dev/clock`, { method, body, headers: { 'content-type': 'application/json' } })
    return { status: res.status, body: (await res.json()) as { ok: boolean; data?: { now: string; offsetMs: number }; error?: { code: string } } }
  }

  test('in dev mode it moves the functions\' clock to the given time, which runs on from there, and back with null', async () => {
    let system = Date.parse('2026-12-02T04:00:00.000Z')
    const clock = devClock(() => system)
    const base = await serve({ functions: mountFunctions({ ...h.runtime, clock }), devClock: clock, now: () => system })
    expect(await clockCall(base, 'GET')).toEqual({ status: 200, body: { ok: true, data: { now: '2026-12-02T04:00:00.000Z', offsetMs: 0 } } })
    const moved = await clockCall(base, 'POST', JSON.stringify({ at: '2026-12-10T04:01:00.000Z' }))
    expect(moved).toEqual({ status: 200, body: { ok: true, data: { now: '2026-12-10T04:01:00.000Z', offsetMs: 8 * DAY + 60_000 } } })
    system += 5_000
    expect(clock.now().toISOString()).toBe('2026-12-10T04:01:05.000Z')
    expect((await clockCall(base, 'POST', '{"at":null}')).body.data).toEqual({ now: '2026-12-02T04:00:05.000Z', offsetMs: 0 })
  })

  test('bad input is refused with VALIDATION and leaves the clock where it was', async () => {
    const system = Date.parse('2026-12-02T04:00:00.000Z')
    const clock = devClock(() => system)
    const base = await serve({ devClock: clock, now: () => system })
    clock.set(new Date(system + DAY))
    for (const body of ['{"at":"next week"}', '{}', '{"at":"2026-12-09T00:00:00Z","offsetMs":1}', '[1]', 'nope', JSON.stringify({ at: new Date(system + 6 * 366 * DAY).toISOString() })]) {
      expect(await clockCall(base, 'POST', body)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'VALIDATION' } } })
    }
    expect((await clockCall(base, 'PUT', '{"at":null}')).status).toBe(405)
    expect(clock.offsetMs()).toBe(DAY)
  })

  test('outside dev mode it is refused, read or write, and the clock does not move', async () => {
    const clock = devClock()
    const base = await serve({ mode: 'prod', devClock: clock })
    for (const method of ['GET', 'POST']) {
      expect(await clockCall(base, method, method === 'POST' ? JSON.stringify({ at: '2030-01-01T00:00:00Z' }) : undefined)).toMatchObject({
        status: 403,
        body: { ok: false, error: { code: 'DEV_CLOCK_REFUSED' } },
      })
    }
    expect(clock.offsetMs()).toBe(0)
    expect(await clockCall(await serve(), 'GET')).toMatchObject({ status: 403, body: { error: { code: 'DEV_CLOCK_REFUSED' } } })
  })
})

describe('rate limit', () => {
  test('answers 429 RATE_LIMITED past the per-minute budget of one client, and again next minute', async () => {
    let now = 0
    const base = await serve({ rateLimitPerMinute: 3, now: () => now })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await post(base, 'member', '{"action":"getMe"}', { 'x-dev-openid': 'x' })).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    now = 61_000
    expect((await post(base, 'member', '{"action":"getMe"}', { 'x-dev-openid': 'x' })).status).toBe(200)
  })
})
