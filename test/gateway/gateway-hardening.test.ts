/**
 * The gateway answers every request — any path, any bytes — with a status, never exits on input,
 * cuts slow clients off, and rate-limits per client address whatever identity the client claims.
 */
import net from 'node:net'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import { format } from 'node:util'
import { mountFunctions } from '../../server/functions'
import { createGateway, defaultLogError, type GatewayOptions } from '../../server/gateway/gateway'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
const servers: http.Server[] = []
beforeAll(async () => {
  h = await makeHarness()
})
afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))

async function serve(overrides: Partial<GatewayOptions> = {}): Promise<{ base: string; port: number; logged: unknown[] }> {
  const logged: unknown[] = []
  const server = createGateway({
    functions: mountFunctions(h.runtime),
    mode: 'dev',
    staticDir: null,
    maxBodyBytes: 1024,
    rateLimitPerMinute: 1000,
    logError: (e, where) => logged.push({ e, where }),
    ...overrides,
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return { base: `http://127.0.0.1:${port}`, port, logged }
}

/** Sends raw bytes (optionally in timed pieces) and collects whatever comes back until the server closes or `waitMs` passes. */
function raw(port: number, pieces: Array<string | { wait: number }>, waitMs = 3000): Promise<{ text: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = net.connect(port, '127.0.0.1')
    let text = ''
    let closedAfterMs: number | null = null
    let stopped = false
    const finish = () => {
      if (stopped) return
      stopped = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ text, closedAfterMs })
    }
    const timer = setTimeout(finish, waitMs)
    socket.on('data', (d) => (text += d.toString('latin1')))
    socket.on('close', () => {
      closedAfterMs = Date.now() - started
      finish()
    })
    socket.on('error', () => {})
    socket.on('connect', async () => {
      for (const p of pieces) {
        if (stopped || socket.destroyed) return
        if (typeof p === 'string') socket.write(p)
        else await new Promise((r) => setTimeout(r, p.wait))
      }
    })
  })
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)

describe('any path gets an answer and the process stays up', () => {
  test('a protocol-relative path like //[ answers 4xx instead of throwing out of the request handler', async () => {
    const { port, base } = await serve()
    for (const target of ['//[', '//', '//a:b@[::1', 'http://[', '*', '/[', '/\\\\']) {
      const r = await raw(port, [`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`])
      const status = statusOf(r.text)
      expect({ target, ok: status >= 400 && status < 500 }).toEqual({ target, ok: true })
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })

  test('/api/%ff and /%ff answer 404 NOT_FOUND, not 500', async () => {
    const { port, logged } = await serve()
    for (const [method, target] of [['POST', '/api/%ff'], ['GET', '/%ff'], ['GET', '/files/%ff'], ['POST', '/api/%E4%B8']] as const) {
      const r = await raw(port, [`${method} ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`])
      expect({ target, status: statusOf(r.text) }).toEqual({ target, status: 404 })
      expect(r.text).toContain('"code":"NOT_FOUND"')
    }
    expect(logged).toEqual([])
  })

  test('the default error log keeps the request path out of the format string, so a %f in it cannot swallow the error', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {})
    try {
      defaultLogError(new Error('the real cause'), 'GET /x%f%s%o')
      const printed = format(...(spy.mock.calls[0] as [unknown, ...unknown[]]))
      expect(printed).toContain('the real cause')
      expect(printed).toContain('GET /x%f%s%o')
      expect(printed.startsWith('[gateway GET /x%f%s%o] ')).toBe(true)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('slow clients are cut off', () => {
  const timeouts = { headersTimeoutMs: 800, requestTimeoutMs: 1200, idleTimeoutMs: 1500, timeoutCheckMs: 100 }

  test('headers dripped a byte at a time: the connection is answered 408 and closed', async () => {
    const { port, base } = await serve(timeouts)
    const drip: Array<string | { wait: number }> = ['POST /api/member HTTP/1.1\r\n']
    for (const ch of 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') drip.push(ch, { wait: 150 })
    const r = await raw(port, drip, 6000)
    expect(r.closedAfterMs).not.toBeNull()
    expect(r.closedAfterMs as number).toBeLessThan(5000)
    expect([0, 408]).toContain(statusOf(r.text))
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
  })

  test('a body dripped a byte at a time is cut off once the request time is up', async () => {
    const { port } = await serve(timeouts)
    const drip: Array<string | { wait: number }> = ['POST /api/member HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n']
    for (let i = 0; i < 40; i++) drip.push(' ', { wait: 150 })
    const r = await raw(port, drip, 6000)
    expect(r.closedAfterMs).not.toBeNull()
    expect(r.closedAfterMs as number).toBeLessThan(5000)
  })

  test('a connection that sends nothing is closed after the idle time', async () => {
    const { port } = await serve(timeouts)
    const r = await raw(port, [], 6000)
    expect(r.closedAfterMs).not.toBeNull()
    expect(r.closedAfterMs as number).toBeLessThan(5000)
  })
})

describe('request size', () => {
  test('a chunked body without a declared length is still held to the limit: 413', async () => {
    const { port } = await serve()
    const chunk = 'x'.repeat(600)
    const r = await raw(port, [
      'POST /api/member HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
      `${(chunk.length).toString(16)}\r\n${chunk}\r\n`,
      `${(chunk.length).toString(16)}\r\n${chunk}\r\n`,
      '0\r\n\r\n',
    ])
    expect(statusOf(r.text)).toBe(413)
    expect(r.text).toContain('"code":"PAYLOAD_TOO_LARGE"')
  })
})

describe('rate limit keys on the client address', () => {
  test('a client that switches identities does not escape the limit', async () => {
    let now = 0
    const { base } = await serve({ rateLimitPerMinute: 3, now: () => now })
    const statuses: number[] = []
    for (const who of ['a', 'b', 'c', 'd', 'e']) {
      const res = await fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}', headers: { 'x-dev-openid': who } })
      statuses.push(res.status)
      if (res.status === 429) expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED')
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    now = 61_000
    expect((await fetch(`${base}/api/member`, { method: 'POST', body: '{"action":"getMe"}' })).status).toBe(200)
  })
})
