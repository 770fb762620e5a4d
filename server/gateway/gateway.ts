/**
 * The local gateway: one Node HTTP server that maps `POST /api/<function>` to the very same
 * `main(event, context)` CloudBase runs, serves the H5 build, and answers `GET /healthz`.
 * In dev mode the caller's OPENID comes from the `x-dev-openid` header; outside dev mode that
 * header is refused (a self-hosted deployment's login is not built yet: callers are public).
 */
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { messageOf, statusOf, type ErrorCode } from '../../contracts/errors'
import type { Result } from '../../contracts/result'
import { DEV_CLOCK_MAX_SHIFT_MS, DevClockInput, type DevClockState } from '../../contracts/dev-clock'
import type { CloudFunctionMain } from '../platform/define-function'
import type { DevClock } from '../platform/ids'
import { contextFor } from '../platform/runtime'
import { surveyPage, SURVEY_PAGE_PATH } from './survey-page'
import { compress, compressible, CompressedCache, MAX_ON_THE_FLY_BYTES, MIN_COMPRESS_BYTES, negotiate, SIBLING } from './compression'

export interface GatewayOptions {
  functions: Record<string, CloudFunctionMain>
  mode: 'dev' | 'prod'
  staticDir: string | null
  maxBodyBytes: number
  /** Larger bodies for functions that take uploads (lecture media as base64). */
  bodyLimits?: Record<string, number>
  /** Uploaded media (DATA_DIR/files), served at /files/<name>. */
  filesDir?: string | null
  rateLimitPerMinute: number
  /** For the health check: a cheap query that proves the store answers. */
  ping?: () => Promise<void>
  logError?: (error: unknown, where: string) => void
  now?: () => number
  /** Dev mode only: the functions' clock, read and set at `/dev/clock` (refused in prod mode). */
  devClock?: DevClock
  /** Whole request headers must arrive within this (slow-header clients). Default 15 s. */
  headersTimeoutMs?: number
  /** The whole request, headers and body, must arrive within this (slow-body clients). Default 30 s. */
  requestTimeoutMs?: number
  /** A connection with no traffic at all is closed after this. Default 30 s. */
  idleTimeoutMs?: number
  /** How often Node checks the two request timeouts. Default 1 s. */
  timeoutCheckMs?: number
}

/**
 * The request path is an argument, never the format string: a `%f` in a URL must not swallow the
 * logged error.
 */
export function defaultLogError(error: unknown, where: string): void {
  console.error('[gateway %s]', where, error)
}

const MIME: Record<string, string> = {
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
}

export const DEV_HEADER = 'x-dev-openid'

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(json)
}

/**
 * Writes a body made for this request (an API answer, a server-rendered page), compressed with
 * the best encoding the client accepts once it is worth it (≥ MIN_COMPRESS_BYTES).
 */
export async function sendNegotiated(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  body: Buffer,
  headers: Record<string, string>,
): Promise<void> {
  const encoding = body.length >= MIN_COMPRESS_BYTES ? negotiate(req.headers['accept-encoding']) : null
  const packed = encoding ? await compress(body, encoding).catch(() => null) : null
  const out = packed ?? body
  res.writeHead(status, {
    ...headers,
    vary: 'Accept-Encoding',
    ...(packed && encoding ? { 'content-encoding': encoding } : {}),
    'content-length': out.length,
  })
  res.end(req.method === 'HEAD' ? undefined : out)
}

function sendJson(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  return sendNegotiated(req, res, status, Buffer.from(JSON.stringify(body)), {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  })
}

export const DEVICE_COOKIE = 'dj_did'

/**
 * The browser's device id: a long random cookie that lets an anonymous survey respondent be
 * counted once a day without saying who they are. Made on the first API call that lacks one.
 */
function deviceIdOf(req: http.IncomingMessage): { id: string; fresh: boolean } {
  const m = new RegExp(`(?:^|;\\s*)${DEVICE_COOKIE}=([A-Za-z0-9_-]{32,64})(?:;|$)`).exec(req.headers.cookie ?? '')
  if (m?.[1]) return { id: m[1], fresh: false }
  return { id: randomBytes(24).toString('base64url'), fresh: true }
}

function deviceCookie(req: http.IncomingMessage, device: { id: string; fresh: boolean }): Record<string, string> {
  const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : ''
  return device.fresh ? { 'set-cookie': `${DEVICE_COOKIE}=${device.id}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}` } : {}
}

function sendError(res: http.ServerResponse, code: ErrorCode, message?: string): void {
  const body: Result<never> = { ok: false, error: { code, message: message ?? messageOf(code) } }
  send(res, statusOf(code), body)
}

class TooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) return reject(new TooLarge())
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.resume()
        reject(new TooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A fixed-window counter per client key; old windows are dropped as time moves on. */
function rateLimiter(perMinute: number, now: () => number) {
  let window = 0
  let counts = new Map<string, number>()
  return (key: string): boolean => {
    const w = Math.floor(now() / 60_000)
    if (w !== window) {
      window = w
      counts = new Map()
    }
    const n = (counts.get(key) ?? 0) + 1
    counts.set(key, n)
    return n <= perMinute
  }
}

export function createGateway(options: GatewayOptions): http.Server {
  const logError = options.logError ?? defaultLogError
  const allow = rateLimiter(options.rateLimitPerMinute, options.now ?? Date.now)
  const staticRoot = options.staticDir ? path.resolve(options.staticDir) : null
  const compressedFiles = new CompressedCache()

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 'METHOD_NOT_ALLOWED')
    const main = Object.hasOwn(options.functions, name) ? options.functions[name] : undefined
    if (!main) return sendError(res, 'NOT_FOUND', `没有名为 ${name.slice(0, 40)} 的云函数`)

    const devHeader = req.headers[DEV_HEADER]
    let openid: string | null = null
    if (devHeader !== undefined) {
      if (options.mode !== 'dev') return sendError(res, 'DEV_HEADER_REFUSED')
      const value = Array.isArray(devHeader) ? devHeader[0] : devHeader
      openid = value?.trim() ? value.trim().slice(0, 128) : null
    }
    const clientIp = req.socket.remoteAddress ?? ''
    // Keyed on the address alone: an identity is whatever the client claims, so switching it must not reset the budget.
    if (!allow(clientIp)) return sendError(res, 'RATE_LIMITED')

    let event: unknown
    try {
      const body = await readBody(req, options.bodyLimits?.[name] ?? options.maxBodyBytes)
      event = JSON.parse(body.toString('utf8') || 'null')
    } catch (err) {
      if (err instanceof TooLarge) return sendError(res, 'PAYLOAD_TOO_LARGE')
      if (err instanceof SyntaxError) return sendError(res, 'VALIDATION', '请求体不是合法的 JSON')
      throw err
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return sendError(res, 'VALIDATION', '请求体应为 JSON 对象')
    }
    const device = deviceIdOf(req)
    const env: Record<string, string> = { DEVICE_ID: device.id }
    if (clientIp) env.WX_CLIENTIP = clientIp
    const result = await main(event, contextFor(openid, env))
    return sendJson(req, res, result.ok ? 200 : statusOf(result.error.code), result, deviceCookie(req, device))
  }

  /**
   * `GET /dev/clock` reads the functions' clock, `POST /dev/clock {at}` moves it (`at: null` back to
   * the system time): a journey lets a 7-day 公示 end at once. Dev mode only; refused otherwise.
   */
  async function handleDevClock(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const clock = options.devClock
    if (options.mode !== 'dev' || !clock) return sendError(res, 'DEV_CLOCK_REFUSED')
    if (req.method !== 'GET' && req.method !== 'POST') return sendError(res, 'METHOD_NOT_ALLOWED')
    if (!allow(req.socket.remoteAddress ?? '')) return sendError(res, 'RATE_LIMITED')
    if (req.method === 'POST') {
      let raw: unknown
      try {
        raw = JSON.parse((await readBody(req, options.maxBodyBytes)).toString('utf8') || 'null')
      } catch (err) {
        if (err instanceof TooLarge) return sendError(res, 'PAYLOAD_TOO_LARGE')
        if (err instanceof SyntaxError) return sendError(res, 'VALIDATION', '请求体不是合法的 JSON')
        throw err
      }
      const parsed = DevClockInput.safeParse(raw)
      if (!parsed.success) return sendError(res, 'VALIDATION', '请求体应为 {"at": ISO 时间或 null}')
      const at = parsed.data.at === null ? null : new Date(parsed.data.at)
      if (at && Math.abs(at.getTime() - (options.now ?? Date.now)()) > DEV_CLOCK_MAX_SHIFT_MS) {
        return sendError(res, 'VALIDATION', '调试时钟最多前后调整 5 年')
      }
      clock.set(at)
    }
    const state: DevClockState = { now: clock.now().toISOString(), offsetMs: clock.offsetMs() }
    return send(res, 200, { ok: true, data: state })
  }

  /**
   * The commuter's survey page, server-rendered from the survey function's own `getForm` and
   * `submitResponse` (see survey-page.ts). Anonymous like a commuter: the device cookie is the
   * respondent, an `x-dev-openid` header is not read here.
   */
  async function handleSurveyPage(req: http.IncomingMessage, res: http.ServerResponse, main: CloudFunctionMain): Promise<void> {
    const method = req.method ?? 'GET'
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return sendError(res, 'METHOD_NOT_ALLOWED')
    const clientIp = req.socket.remoteAddress ?? ''
    const limited = !allow(clientIp)
    let body: URLSearchParams | null = null
    if (method === 'POST') {
      try {
        const raw = await readBody(req, options.maxBodyBytes)
        const type = String(req.headers['content-type'] ?? '')
        body = new URLSearchParams(/^application\/x-www-form-urlencoded\b/i.test(type) ? raw.toString('utf8') : '')
      } catch (err) {
        if (err instanceof TooLarge) return sendError(res, 'PAYLOAD_TOO_LARGE')
        throw err
      }
    }
    const device = deviceIdOf(req)
    const env: Record<string, string> = { DEVICE_ID: device.id }
    if (clientIp) env.WX_CLIENTIP = clientIp
    const call = (event: Record<string, unknown>): Promise<Result<unknown>> =>
      limited
        ? Promise.resolve({ ok: false, error: { code: 'RATE_LIMITED', message: messageOf('RATE_LIMITED') } })
        : main(event, contextFor(null, env))
    const url = req.url ?? ''
    const q = url.indexOf('?')
    const page = await surveyPage(call, method, q === -1 ? '' : url.slice(q + 1), body)
    return sendNegotiated(req, res, page.status, Buffer.from(page.html), {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${page.nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
      ...deviceCookie(req, device),
    })
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, root: string | null = staticRoot, fallback = true): Promise<void> {
    if (!root) return sendError(res, 'NOT_FOUND')
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 'METHOD_NOT_ALLOWED')
    const decoded = safeDecode(pathname)
    if (decoded === null || decoded.includes('\0')) return sendError(res, 'NOT_FOUND')
    let file = path.resolve(root, `.${decoded}`)
    if (!file.startsWith(root + path.sep) && file !== root) return sendError(res, 'NOT_FOUND')
    let info = await stat(file).catch(() => null)
    if (info?.isDirectory()) {
      file = path.join(file, 'index.html')
      info = await stat(file).catch(() => null)
    }
    if (!info) {
      if (!fallback) return sendError(res, 'NOT_FOUND')
      // Browser-mode routes (/pages/me/index) are the app's: answer with index.html; a missing asset is a 404.
      if (path.extname(pathname)) return sendError(res, 'NOT_FOUND')
      file = path.join(root, 'index.html')
      info = await stat(file).catch(() => null)
      if (!info) return sendError(res, 'NOT_FOUND', 'H5 尚未构建：请先运行 npm run build:h5')
    }
    const ext = path.extname(file)
    const hashed = /\.[0-9a-f]{8,}\.(js|css)$/.test(file)
    const type = MIME[ext] ?? 'application/octet-stream'
    const headers: Record<string, string | number> = {
      'content-type': type,
      'cache-control': ext === '.html' ? 'no-cache' : hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    }
    if (compressible(type)) {
      headers.vary = 'Accept-Encoding'
      const encoding = info.size >= MIN_COMPRESS_BYTES ? negotiate(req.headers['accept-encoding']) : null
      if (encoding) {
        // The build's precompressed sibling first (best quality, no work per request), if not older than the file.
        const sibling = file + SIBLING[encoding]
        const pre = await stat(sibling).catch(() => null)
        if (pre?.isFile() && pre.mtimeMs >= info.mtimeMs) {
          res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': pre.size })
          if (req.method === 'HEAD') return void res.end()
          return void createReadStream(sibling).pipe(res)
        }
        if (info.size <= MAX_ON_THE_FLY_BYTES) {
          const key = `${file}\0${info.size}\0${info.mtimeMs}\0${encoding}`
          let packed = compressedFiles.get(key)
          if (!packed) {
            packed = await compress(await readFile(file), encoding)
            compressedFiles.set(key, packed)
          }
          if (packed.length < info.size) {
            res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': packed.length })
            return void res.end(req.method === 'HEAD' ? undefined : packed)
          }
        }
      }
    }
    res.writeHead(200, { ...headers, 'content-length': info.size })
    if (req.method === 'HEAD') return void res.end()
    createReadStream(file).pipe(res)
  }

  function onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const pathname = pathOf(req.url)
    const done = (async () => {
      if (pathname === null) return sendError(res, 'VALIDATION', '请求地址不正确')
      if (pathname === '/healthz') {
        if (options.ping) await options.ping()
        return send(res, 200, { ok: true, devMode: options.mode === 'dev' })
      }
      const api = /^\/api\/([^/]+)\/?$/.exec(pathname)
      if (api) {
        const name = safeDecode(api[1] ?? '')
        if (name === null) return sendError(res, 'NOT_FOUND')
        return handleApi(req, res, name)
      }
      if (pathname.startsWith('/api/')) return sendError(res, 'NOT_FOUND')
      if (pathname === '/dev/clock') return handleDevClock(req, res)
      const survey = Object.hasOwn(options.functions, 'survey') ? options.functions.survey : undefined
      if (survey && (pathname === SURVEY_PAGE_PATH || pathname === `${SURVEY_PAGE_PATH}/`)) return handleSurveyPage(req, res, survey)
      if (pathname.startsWith('/files/')) {
        return handleStatic(req, res, pathname.slice('/files'.length), options.filesDir ? path.resolve(options.filesDir) : null, false)
      }
      return handleStatic(req, res, pathname)
    })()
    done.catch((err: unknown) => {
      // A client that hung up mid-request is not a server fault: nothing to answer, nothing to log.
      if (clientGone(req, err)) return void res.destroy()
      logError(err, `${req.method} ${pathname ?? '?'}`)
      if (!res.headersSent) sendError(res, 'INTERNAL')
      else res.destroy()
    })
  }

  const server = http.createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 15_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      connectionsCheckingInterval: options.timeoutCheckMs ?? 1_000,
    },
    onRequest,
  )
  // A socket with no traffic at all (not even a first byte) is closed; Node's request timeouts cover the rest.
  server.setTimeout(options.idleTimeoutMs ?? 30_000, (socket) => socket.destroy())
  server.keepAliveTimeout = Math.min(5_000, options.idleTimeoutMs ?? 30_000)
  return server
}

/**
 * The path of a request target, without its query, or null when the target is not an origin-form
 * path (`//[`, `*`, `http://…`). Parsed by hand: `new URL` throws on some of these.
 */
function pathOf(target: string | undefined): string | null {
  if (!target || target[0] !== '/' || target.startsWith('//')) return null
  const end = target.search(/[?#]/)
  return end === -1 ? target : target.slice(0, end)
}

function clientGone(req: http.IncomingMessage, err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'ECONNRESET' || code === 'ECONNABORTED' || (req.destroyed && !req.complete)
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}
