#!/usr/bin/env node
// Post-build step of `npm run build:h5`: writes `<file>.br` (brotli, quality 11) and `<file>.gz`
// (gzip, level 9) next to every text asset of dist/h5 (js, css, html, svg, json, txt) that is at
// least 1 KB and gets smaller; the gateway serves the one the client accepts. node:zlib only.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

const dir = process.argv[2] ?? 'dist/h5'
const MIN_BYTES = 1024
const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]))
}

const started = Date.now()
const all = walk(dir)
// Siblings of a previous run whose original is gone or changed are rewritten or removed.
for (const f of all) if (/\.(br|gz)$/.test(f) && !all.includes(f.replace(/\.(br|gz)$/, ''))) unlinkSync(f)
const assets = all.filter((f) => /\.(js|css|html|svg|json|txt)$/.test(f) && statSync(f).size >= MIN_BYTES)
let raw = 0
let br = 0
let gz = 0
await Promise.all(
  assets.map(async (file) => {
    const body = readFileSync(file)
    const [b, g] = await Promise.all([
      brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      }),
      gzip(body, { level: 9 }),
    ])
    raw += body.length
    for (const [packed, ext] of [
      [b, '.br'],
      [g, '.gz'],
    ]) {
      if (packed.length < body.length) writeFileSync(file + ext, packed)
      else
        try {
          unlinkSync(file + ext)
        } catch {
          /* none to remove */
        }
    }
    br += Math.min(b.length, body.length)
    gz += Math.min(g.length, body.length)
  }),
)
const kb = (n) => `${(n / 1024).toFixed(0)} KB`
console.log(
  `compressed ${assets.length} assets in ${dir}: ${kb(raw)} → brotli ${kb(br)}, gzip ${kb(gz)} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
)
