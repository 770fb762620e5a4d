/**
 * What the gateway says about what it sends (server/gateway/gateway.ts): each file type's
 * content-type, the three caching rules (the app shell revalidated, hashed assets forever, the rest
 * five minutes), nosniff; uploaded media under /files/ with no app-shell fallback; the device cookie
 * marked Secure behind HTTPS; the dev identity header trimmed and bounded; an unknown function named
 * in a bounded message; per-function body limits; the survey page's security headers.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { mountFunctions } from '../../server/functions'
import { createGateway, type GatewayOptions } from '../../server/gateway/gateway'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
let staticDir: string
let filesDir: string
const servers: http.Server[] = []

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.wav': 'audio/wav',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.bin': 'application/octet-stream',
}

beforeAll(async () => {
  h = await makeHarness()
  staticDir = await mkdtemp(path.join(os.tmpdir(), 'h5-headers-'))
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'files-headers-'))
  await mkdir(path.join(staticDir, 'assets'))
  await writeFile(path.join(staticDir, 'index.html'), '<div id="app"></div>')
  for (const ext of Object.keys(TYPES)) await writeFile(path.join(staticDir, 'assets', `file${ext}`), 'x')
  await writeFile(path.join(staticDir, 'assets', 'app.0123abcd.css'), 'a{}')
  await writeFile(path.join(staticDir, 'assets', 'app.0123abc.css'), 'a{}')
  await writeFile(path.join(filesDir, 'f_abc.png'), 'png')
})
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))

async function serve(overrides: Partial<GatewayOptions> = {}): Promise<string> {
  const server = createGateway({ functions: mountFunctions(h.runtime), mode: 'dev', staticDir, filesDir, maxBodyBytes: 1024, rateLimitPerMinute: 1000, logError: () => {}, ...overrides })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

test('each file type goes with its content-type, and nosniff', async () => {
  const base = await serve()
  for (const [ext, type] of Object.entries(TYPES)) {
    const res = await fetch(`${base}/assets/file${ext}`)
    expect([ext, res.status, res.headers.get('content-type'), res.headers.get('x-content-type-options')]).toEqual([ext, 200, type, 'nosniff'])
  }
})

test('caching: the app shell revalidates, a hashed script or style is kept a year, anything else five minutes', async () => {
  const base = await serve()
  const cache = async (p: string) => (await fetch(`${base}${p}`)).headers.get('cache-control')
  expect(await cache('/')).toBe('no-cache')
  expect(await cache('/pages/me/index')).toBe('no-cache')
  expect(await cache('/assets/app.0123abcd.css')).toBe('public, max-age=31536000, immutable')
  // seven hex digits are no content hash
  expect(await cache('/assets/app.0123abc.css')).toBe('public, max-age=300')
  expect(await cache('/assets/file.png')).toBe('public, max-age=300')
})

test('uploaded media under /files/: served from the files folder, a missing one is a 404 (never the app shell), nothing outside it', async () => {
  const base = await serve()
  const file = await fetch(`${base}/files/f_abc.png`)
  expect([file.status, file.headers.get('content-type'), await file.text()]).toEqual([200, 'image/png', 'png'])
  const missing = await fetch(`${base}/files/nothing`)
  expect(missing.status).toBe(404)
  expect(await missing.text()).not.toContain('<div id="app">')
  expect((await fetch(`${base}/files/..%2findex.html`)).status).toBe(404)
  // without a files folder there is nothing to serve
  const bare = await serve({ filesDir: null })
  expect((await fetch(`${bare}/files/f_abc.png`)).status).toBe(404)
})

test('the device cookie is marked Secure when the proxy says the request came over HTTPS', async () => {
  const base = await serve()
  const over = (headers: Record<string, string>) => fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}', headers })
  expect((await over({ 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(/^dj_did=[A-Za-z0-9_-]{32}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure$/)
  expect((await over({ 'x-forwarded-proto': 'http' })).headers.get('set-cookie')).toMatch(/SameSite=Lax$/)
  // a cookie that is not one of ours (too short) is replaced
  expect((await over({ cookie: 'dj_did=short' })).headers.get('set-cookie')).toMatch(/^dj_did=/)
  expect((await over({ cookie: `other=1; dj_did=${'a'.repeat(40)}` })).headers.get('set-cookie')).toBeNull()
})

test('API answers are JSON, never cached; the dev header is trimmed, and a blank one is no identity', async () => {
  const base = await serve()
  const me = (value: string) => fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}', headers: { 'x-dev-openid': value } })
  const res = await me(`  ${DEMO.secretaryOpenid}  `)
  expect([res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual(['application/json; charset=utf-8', 'no-store'])
  expect(((await res.json()) as { data: { member: { role: string } | null } }).data.member?.role).toBe('secretary')
  expect(await (await me('   ')).json()).toMatchObject({ ok: true, data: { member: null } })
  // an identity is at most 128 characters: a longer header is cut, not passed on whole
  const long = await me(`${DEMO.secretaryOpenid}${'x'.repeat(200)}`)
  expect(await long.json()).toMatchObject({ ok: true, data: { member: null } })
})

test('an unknown function is named in the answer, at most 40 characters of it; a trailing slash reaches a real one', async () => {
  const base = await serve()
  const unknown = await fetch(`${base}/api/${'n'.repeat(60)}`, { method: 'POST', body: '{}' })
  expect(unknown.status).toBe(404)
  expect(await unknown.json()).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: `没有名为 ${'n'.repeat(40)} 的云函数` } })
  const slash = await fetch(`${base}/api/member/`, { method: 'POST', body: '{"action":"getMe"}' })
  expect(await slash.json()).toMatchObject({ ok: true })
  expect((await fetch(`${base}/api/member/extra`, { method: 'POST', body: '{}' })).status).toBe(404)
})

test('a function with a larger body limit takes a body the default limit refuses', async () => {
  const base = await serve({ bodyLimits: { lecture: 4096 } })
  const body = JSON.stringify({ action: 'listLectures', pad: 'x'.repeat(2000) })
  expect((await fetch(`${base}/api/member`, { method: 'POST', body })).status).toBe(413)
  expect((await fetch(`${base}/api/lecture`, { method: 'POST', body })).status).not.toBe(413)
})

test('the survey page forbids everything it does not use: scripts by nonce, no framing, no referrer', async () => {
  const base = await serve()
  const res = await fetch(`${base}/pages/survey/index?c=nosuchcode`)
  const csp = res.headers.get('content-security-policy') ?? ''
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? ''
  expect(nonce.length).toBeGreaterThan(10)
  expect(csp).toBe(`default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`)
  expect([res.headers.get('content-type'), res.headers.get('cache-control'), res.headers.get('x-content-type-options'), res.headers.get('referrer-policy')]).toEqual([
    'text/html; charset=utf-8',
    'no-store',
    'nosniff',
    'no-referrer',
  ])
  expect((await fetch(`${base}/pages/survey/index/?c=nosuchcode`)).headers.get('content-security-policy')).toMatch(/^default-src 'none'/)
})
