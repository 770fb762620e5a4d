/**
 * Content negotiation for the gateway: picks brotli or gzip from `Accept-Encoding`, finds the
 * build's precompressed sibling (`app.js.br`, `app.js.gz`, written by scripts/compress-h5.mjs) and
 * otherwise compresses in memory, so every answer carries an exact `content-length`.
 */
import { promisify } from 'node:util'
import zlib from 'node:zlib'

export type Encoding = 'br' | 'gzip'

/** Smaller answers are sent as they are: the headers would eat the gain. */
export const MIN_COMPRESS_BYTES = 1024
/** Files above this are streamed as they are rather than compressed in memory. */
export const MAX_ON_THE_FLY_BYTES = 8 * 1024 * 1024

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/**
 * The best encoding the client accepts, brotli before gzip; null for identity. Honours q-values
 * (`br;q=0` refuses brotli) and `*`.
 */
export function negotiate(header: string | string[] | undefined): Encoding | null {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '')
  if (!value) return null
  const q = new Map<string, number>()
  for (const part of value.split(',')) {
    const [rawName, ...params] = part.trim().split(';')
    const name = rawName?.trim().toLowerCase()
    if (!name) continue
    let weight = 1
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)
      if (m?.[1]) weight = Number(m[1])
    }
    if (Number.isFinite(weight)) q.set(name, weight)
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0
  if (of('br') > 0 && of('br') >= of('gzip')) return 'br'
  if (of('gzip') > 0) return 'gzip'
  return null
}

/** Whether a content type is worth compressing (text, scripts, JSON, SVG; not images or media). */
export function compressible(contentType: string): boolean {
  return /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)/.test(contentType)
}

/**
 * Compresses a buffer for one answer. Quality is chosen for answers made per request (brotli 5 is
 * ~10× faster than 11 and within a few per cent of it on JSON); the build's assets are compressed
 * once at the highest quality by the post-build step.
 */
export function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      })
    : gzip(body, { level: 6 })
}

/** Extension of the precompressed sibling of a built asset. */
export const SIBLING: Record<Encoding, string> = { br: '.br', gzip: '.gz' }

/**
 * Compressed copies of files made on the fly, keyed by path, size, mtime and encoding, so repeated
 * requests (and a HEAD before a GET) compress once. Bounded by total bytes; oldest entries go first.
 */
export class CompressedCache {
  private readonly entries = new Map<string, Buffer>()
  private bytes = 0
  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key)
    if (hit) {
      // Move to the end: most recently used.
      this.entries.delete(key)
      this.entries.set(key, hit)
    }
    return hit
  }

  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes) return
    const old = this.entries.get(key)
    if (old) {
      this.bytes -= old.length
      this.entries.delete(key)
    }
    this.entries.set(key, value)
    this.bytes += value.length
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= v.length
    }
  }
}
