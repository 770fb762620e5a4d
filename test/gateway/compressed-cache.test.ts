/**
 * The gateway's compression helpers at their edges (server/gateway/compression.ts): which content
 * types are worth compressing, and the cache of files compressed on the fly — bounded by bytes, the
 * least recently used going first, an entry too big never kept, a replaced entry counted once.
 */
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib'
import { compress, compressible, CompressedCache, negotiate } from '../../server/gateway/compression'

const buf = (n: number, fill = 'x') => Buffer.alloc(n, fill)

test('text, scripts, JSON, XML, manifests and SVG are compressible; images, media, fonts and binaries are not', () => {
  for (const t of ['text/html; charset=utf-8', 'text/css', 'application/json; charset=utf-8', 'application/javascript', 'application/xml', 'application/manifest+json', 'image/svg+xml'])
    expect([t, compressible(t)]).toEqual([t, true])
  for (const t of ['image/png', 'audio/mpeg', 'video/mp4', 'font/woff2', 'application/pdf', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x-text/html', 'application/jsonl'])
    expect([t, compressible(t)]).toEqual([t, t === 'application/jsonl'])
})

test('both encodings round-trip', async () => {
  const body = Buffer.from('纪实台账'.repeat(500))
  expect(brotliDecompressSync(await compress(body, 'br')).equals(body)).toBe(true)
  expect(gunzipSync(await compress(body, 'gzip')).equals(body)).toBe(true)
  expect((await compress(body, 'gzip')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
})

test('negotiation at its edges: a list of headers, weights of zero, a bare star, names in any case', () => {
  expect(negotiate(['gzip', 'br;q=0.5'])).toBe('gzip')
  expect(negotiate('BR')).toBe('br')
  expect(negotiate('br;q=0, gzip;q=0')).toBeNull()
  expect(negotiate('*;q=0.1')).toBe('br')
  expect(negotiate('identity')).toBeNull()
  expect(negotiate(' , ;q=1')).toBeNull()
  // a weight that is not a number is ignored (the encoding keeps weight 1)
  expect(negotiate('gzip;q=abc, br;q=0.1')).toBe('gzip')
})

test('negotiation reads names and weights through the spaces around them, and nothing else as a weight', () => {
  // spaces around a name, a parameter, or either side of "=" are no part of them
  expect(negotiate('gzip ;q=1, br;q=0.5')).toBe('gzip')
  expect(negotiate(' gzip ; q = 0.5 , br;q=0.4')).toBe('gzip')
  expect(negotiate('gzip; q=0')).toBeNull()
  expect(negotiate('gzip;q =0')).toBeNull()
  expect(negotiate('gzip;q=0 ;level=9')).toBeNull()
  // a parameter that only ends in q, or a weight with something after the number, is not a weight
  expect(negotiate('gzip;xq=0')).toBe('gzip')
  expect(negotiate('gzip;q=0x')).toBe('gzip')
  // a weight that reads as a number but is none (1.2.3) drops the name, leaving it to *
  expect(negotiate('*, br;q=1.2.3')).toBe('br')
})

test('brotli per answer is quality 5 in text mode with the body\'s size as hint; gzip is level 6', async () => {
  const body = Buffer.from(JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ id: `m${i}`, name: `党员${i % 37}`, points: (i * 7919) % 101, at: new Date(Date.UTC(2026, 0, 1 + (i % 28))).toISOString() }))))
  const expected = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  })
  const br = await compress(body, 'br')
  expect(br.equals(expected)).toBe(true)
  // not the library's default (quality 11): the per-answer quality is a choice
  expect(br.equals(brotliCompressSync(body))).toBe(false)
  expect((await compress(body, 'gzip')).equals(gzipSync(body, { level: 6 }))).toBe(true)
})

test('the cache keeps entries up to its byte bound, dropping the least recently used first', () => {
  const cache = new CompressedCache(10)
  cache.set('a', buf(4))
  cache.set('b', buf(4))
  expect(cache.get('a')?.length).toBe(4) // a is now the most recent
  cache.set('c', buf(4)) // 12 bytes: b, the least recent, goes
  expect([cache.get('a'), cache.get('b'), cache.get('c')].map((v) => v?.length ?? null)).toEqual([4, null, 4])
  // exactly at the bound everything stays
  const exact = new CompressedCache(8)
  exact.set('a', buf(4))
  exact.set('b', buf(4))
  expect([exact.get('a'), exact.get('b')].map((v) => v?.length ?? null)).toEqual([4, 4])
})

test('an entry larger than the whole cache is not kept and evicts nothing; a replaced entry is counted once', () => {
  const cache = new CompressedCache(10)
  cache.set('a', buf(6))
  cache.set('huge', buf(11))
  expect(cache.get('huge')).toBeUndefined()
  expect(cache.get('a')?.length).toBe(6)
  // replacing a with 6 bytes again keeps the total at 6, so a 4-byte entry fits beside it
  cache.set('a', buf(6, 'y'))
  cache.set('b', buf(4))
  expect([cache.get('a')?.toString()[0], cache.get('b')?.length]).toEqual(['y', 4])
  // a miss changes nothing
  expect(cache.get('nothing')).toBeUndefined()
  expect([cache.get('a')?.length, cache.get('b')?.length]).toEqual([6, 4])
})

test('a miss stores nothing: later evictions go by the entries actually kept', () => {
  const cache = new CompressedCache(10)
  expect(cache.get('ghost')).toBeUndefined()
  cache.set('a', buf(6))
  cache.set('b', buf(6)) // 12 bytes: a, the only older entry, goes
  expect([cache.get('ghost'), cache.get('a'), cache.get('b')?.length]).toEqual([undefined, undefined, 6])
})

test('the default bound holds 32 MiB', () => {
  const cache = new CompressedCache()
  cache.set('a', buf(32 * 1024 * 1024))
  expect(cache.get('a')?.length).toBe(32 * 1024 * 1024)
  cache.set('b', buf(1))
  expect(cache.get('a')).toBeUndefined()
})
