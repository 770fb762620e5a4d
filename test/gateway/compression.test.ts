import { mkdtemp, mkdir, utimes, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { mountFunctions } from '../../server/functions'
import { negotiate } from '../../server/gateway/compression'
import { createGateway } from '../../server/gateway/gateway'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
let base: string
let server: http.Server
const APP_JS = `console.log(${JSON.stringify('党建'.repeat(800))})\n`
const PRE_JS = `/* precompressed */ ${APP_JS}`
const PLAIN_JS = `var x = ${JSON.stringify('plain '.repeat(500))}\n`

beforeAll(async () => {
  h = await makeHarness()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'h5z-'))
  await mkdir(path.join(dir, 'js'))
  await writeFile(path.join(dir, 'index.html'), `<!doctype html><title>x</title>${'<div></div>'.repeat(200)}`)
  // The siblings decompress to a marked variant, so a test can tell them from on-the-fly output.
  await writeFile(path.join(dir, 'js', 'app.1234abcd.js'), APP_JS)
  await writeFile(path.join(dir, 'js', 'app.1234abcd.js.br'), brotliCompressSync(PRE_JS))
  await writeFile(path.join(dir, 'js', 'app.1234abcd.js.gz'), gzipSync(PRE_JS))
  await writeFile(path.join(dir, 'js', 'plain.abcd1234.js'), PLAIN_JS)
  // A sibling older than its file (a rebuild without the post-build step) is not trusted.
  await writeFile(path.join(dir, 'js', 'stale.abcd1234.js'), PLAIN_JS)
  await writeFile(path.join(dir, 'js', 'stale.abcd1234.js.br'), brotliCompressSync('old'))
  const past = new Date(Date.now() - 3_600_000)
  await utimes(path.join(dir, 'js', 'stale.abcd1234.js.br'), past, past)
  await writeFile(path.join(dir, 'js', 'tiny.abcd1234.js'), 'var a=1')
  await writeFile(path.join(dir, 'logo.png'), Buffer.alloc(4096, 7))
  server = createGateway({ functions: mountFunctions(h.runtime), mode: 'dev', staticDir: dir, maxBodyBytes: 4096, rateLimitPerMinute: 1000, logError: () => {} })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((r) => server.close(r)))

/** A raw request (fetch would add its own Accept-Encoding and decode the body). */
function raw(target: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(`${base}${target}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('Accept-Encoding negotiation', () => {
  test('prefers brotli, honours q-values and *', () => {
    expect(negotiate('gzip, deflate, br')).toBe('br')
    expect(negotiate('gzip')).toBe('gzip')
    expect(negotiate('br;q=0, gzip')).toBe('gzip')
    expect(negotiate('gzip;q=1, br;q=0.5')).toBe('gzip')
    expect(negotiate('*')).toBe('br')
    expect(negotiate('identity')).toBeNull()
    expect(negotiate('gzip;q=0')).toBeNull()
    expect(negotiate(undefined)).toBeNull()
    expect(negotiate('')).toBeNull()
  })
})

describe('static assets', () => {
  test('brotli from the precompressed sibling, with Vary and its exact length', async () => {
    const r = await raw('/js/app.1234abcd.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers.vary).toBe('Accept-Encoding')
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(Number(r.headers['content-length'])).toBe(r.body.length)
    expect(brotliDecompressSync(r.body).toString()).toBe(PRE_JS)
  })

  test('gzip from the sibling when brotli is not accepted', async () => {
    const r = await raw('/js/app.1234abcd.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(r.headers['content-encoding']).toBe('gzip')
    expect(Number(r.headers['content-length'])).toBe(r.body.length)
    expect(gunzipSync(r.body).toString()).toBe(PRE_JS)
  })

  test('identity when the client accepts no encoding, still with Vary', async () => {
    const r = await raw('/js/app.1234abcd.js')
    expect(r.headers['content-encoding']).toBeUndefined()
    expect(r.headers.vary).toBe('Accept-Encoding')
    expect(r.body.toString()).toBe(APP_JS)
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(APP_JS))
  })

  test('HEAD carries the same headers and length as GET, and no body', async () => {
    for (const enc of ['br', 'gzip', 'identity']) {
      const get = await raw('/js/plain.abcd1234.js', { headers: { 'accept-encoding': enc } })
      const head = await raw('/js/plain.abcd1234.js', { method: 'HEAD', headers: { 'accept-encoding': enc } })
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      expect(head.headers['content-encoding']).toBe(get.headers['content-encoding'])
      expect(head.headers['content-length']).toBe(get.headers['content-length'])
      expect(head.headers.vary).toBe('Accept-Encoding')
    }
  })

  test('a file with no sibling is compressed on the fly', async () => {
    const br = await raw('/js/plain.abcd1234.js', { headers: { 'accept-encoding': 'br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(brotliDecompressSync(br.body).toString()).toBe(PLAIN_JS)
    const gz = await raw('/js/plain.abcd1234.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(gunzipSync(gz.body).toString()).toBe(PLAIN_JS)
  })

  test('a sibling older than its file is ignored', async () => {
    const r = await raw('/js/stale.abcd1234.js', { headers: { 'accept-encoding': 'br' } })
    expect(brotliDecompressSync(r.body).toString()).toBe(PLAIN_JS)
  })

  test('the app shell (index.html, browser-mode routes) is compressed too', async () => {
    const r = await raw('/pages/me/index', { headers: { 'accept-encoding': 'br' } })
    expect(r.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(r.body).toString()).toContain('<title>x</title>')
  })

  test('tiny files and images go as they are', async () => {
    const tiny = await raw('/js/tiny.abcd1234.js', { headers: { 'accept-encoding': 'br' } })
    expect(tiny.headers['content-encoding']).toBeUndefined()
    expect(tiny.body.toString()).toBe('var a=1')
    const png = await raw('/logo.png', { headers: { 'accept-encoding': 'br' } })
    expect(png.headers['content-encoding']).toBeUndefined()
    expect(png.headers.vary).toBeUndefined()
    expect(png.body.length).toBe(4096)
  })
})

describe('API answers', () => {
  const listMembers = { method: 'POST', body: '{"action":"listMembers"}' }

  test('an answer over 1 KB is compressed with the accepted encoding', async () => {
    const plain = await raw('/api/member', { ...listMembers, headers: { 'x-dev-openid': 'demo-secretary' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.length).toBeGreaterThan(1024)
    for (const [enc, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const r = await raw('/api/member', { ...listMembers, headers: { 'x-dev-openid': 'demo-secretary', 'accept-encoding': enc } })
      expect(r.status).toBe(200)
      expect(r.headers['content-encoding']).toBe(enc)
      expect(r.headers.vary).toBe('Accept-Encoding')
      expect(r.headers['cache-control']).toBe('no-store')
      expect(Number(r.headers['content-length'])).toBe(r.body.length)
      expect(r.body.length).toBeLessThan(plain.body.length)
      expect(JSON.parse(decode(r.body).toString())).toEqual(JSON.parse(plain.body.toString()))
    }
  })

  test('a small answer goes as it is, and errors keep their status', async () => {
    const me = await raw('/api/member', { method: 'POST', body: '{"action":"getMe"}', headers: { 'accept-encoding': 'br' } })
    expect(me.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(me.body.toString())).toMatchObject({ ok: true })
    const forbidden = await raw('/api/member', { ...listMembers, headers: { 'x-dev-openid': 'demo-member-01', 'accept-encoding': 'br' } })
    expect(forbidden.status).toBe(403)
  })
})
