/**
 * Prints what the builds weigh against their budgets: the weapp main package and subpackages (by
 * our own count and by WeChat's miniprogram-ci, installed into .cache/ on first use), the H5
 * first-load JS, and each cloud-function bundle with its cold module-load time beside the SDK's.
 * Figures only: nothing here fails on a number.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { join, resolve, relative, sep } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../..')
const KB = 1024
const MB = 1024 * 1024
const RUNS = 7

const fmt = (n) => (n >= MB ? `${(n / MB).toFixed(2)} MB` : `${(n / KB).toFixed(1)} KB`)
const pct = (n, budget) => `${((n / budget) * 100).toFixed(0)}%`

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  console.log(line(headers))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}

/** Every file under dir (source maps left out: they are not uploaded). */
function files(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...files(p))
    else if (!entry.name.endsWith('.map')) out.push(p)
  }
  return out
}
const sizeOf = (paths) => paths.reduce((s, p) => s + statSync(p).size, 0)

function weapp() {
  console.log('\n## Mini-program packages (dist/weapp)')
  const dir = join(root, 'dist', 'weapp')
  const appJson = join(dir, 'app.json')
  if (!existsSync(appJson)) {
    console.log('missing: run npm run build:weapp first')
    return
  }
  const app = JSON.parse(readFileSync(appJson, 'utf8'))
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/^\/+|\/+$/g, ''))
  // project.config.json and friends are DevTools settings, not package content.
  const all = files(dir).filter((p) => !/project(\.private)?\.config\.json$/.test(p))
  const inRoot = (p, r) => relative(dir, p).split(sep).join('/').startsWith(`${r}/`)
  const rows = []
  const main = all.filter((p) => !roots.some((r) => inRoot(p, r)))
  rows.push(['main package', fmt(sizeOf(main)), '1 MB', pct(sizeOf(main), MB)])
  for (const r of roots) {
    const sub = all.filter((p) => inRoot(p, r))
    rows.push([`subpackage ${r}`, fmt(sizeOf(sub)), '2 MB', pct(sizeOf(sub), 2 * MB)])
  }
  rows.push(['total', fmt(sizeOf(all)), '20 MB', pct(sizeOf(all), 20 * MB)])
  table(['package', 'size', 'budget', 'used'], rows)
}

/** The same packages as WeChat's own tool counts them (miniprogram-ci's code quality scan, offline). */
async function weappByMiniprogramCi() {
  console.log('\n## Mini-program packages as miniprogram-ci counts them (代码质量扫描, offline)')
  if (!existsSync(join(root, 'dist', 'weapp', 'app.json'))) {
    console.log('missing: run npm run build:weapp first')
    return
  }
  const { runMiniprogramCi, LIMITS } = await import('../scripts/weapp-static-checks.mjs')
  let result
  try {
    result = runMiniprogramCi(undefined, { log: (line) => console.log(line) })
  } catch (err) {
    console.log(`miniprogram-ci could not run: ${err instanceof Error ? err.message.split('\n')[0] : err}`)
    return
  }
  const rows = Object.entries(result.packages).map(([name, bytes]) => {
    const limit = name === 'main' ? LIMITS.main : LIMITS.subpackage
    return [name === 'main' ? 'main package' : `subpackage ${name}`, fmt(bytes), fmt(limit), pct(bytes, limit)]
  })
  const total = Object.values(result.packages).reduce((a, b) => a + b, 0)
  rows.push(['total', fmt(total), fmt(LIMITS.total), pct(total, LIMITS.total)])
  table(['package', 'size', 'limit', 'used'], rows)
  const failing = result.quality.filter((q) => !q.success).map((q) => q.name)
  console.log(`quality scan: ${result.quality.length - failing.length}/${result.quality.length} items pass${failing.length ? ` (not passing: ${failing.join(', ')})` : ''}`)
}

function h5() {
  console.log('\n## H5 first-load JS (scripts referenced by dist/h5/index.html)')
  const dir = join(root, 'dist', 'h5')
  const html = join(dir, 'index.html')
  if (!existsSync(html)) {
    console.log('missing: run npm run build:h5 first')
    return
  }
  const text = readFileSync(html, 'utf8')
  const srcs = [...text.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1])
  const rows = []
  let raw = 0
  let gz = 0
  for (const src of srcs) {
    if (/^(https?:)?\/\//.test(src)) {
      rows.push([src, 'external', '-'])
      continue
    }
    const file = join(dir, src.replace(/^\.?\//, '').split(/[?#]/)[0])
    if (!existsSync(file)) {
      rows.push([src, 'missing', '-'])
      continue
    }
    const bytes = readFileSync(file)
    const g = gzipSync(bytes).length
    raw += bytes.length
    gz += g
    rows.push([src, fmt(bytes.length), fmt(g)])
  }
  rows.push(['total', fmt(raw), fmt(gz)])
  table(['script', 'raw', 'gzip'], rows)
}

/** Loads `file` in a fresh Node process and returns how long the require took, in ms. */
function loadTime(file) {
  const code = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});const ms=Number(process.hrtime.bigint()-t)/1e6;require('fs').writeSync(1,String(ms));process.exit(0)`
  const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', timeout: 20000 })
  const ms = Number(r.stdout)
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`loading ${relative(root, file)} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`)
  return ms
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function functions() {
  console.log('\n## Cloud-function bundles (build/cloudfunctions)')
  const dir = join(root, 'build', 'cloudfunctions')
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.js')))
        .map((d) => d.name)
    : []
  if (!names.length) {
    console.log('missing: run npm run build:functions first')
    return
  }
  let sdk
  try {
    sdk = createRequire(join(root, 'package.json')).resolve('@cloudbase/node-sdk')
  } catch {
    console.log('missing: @cloudbase/node-sdk is not installed (npm install)')
    return
  }
  const rows = []
  for (const name of names) {
    const file = join(dir, name, 'index.js')
    const bytes = readFileSync(file)
    // Interleaved so that both see the same machine state; each run is a fresh process (a cold load).
    const sdkMs = []
    const bundleMs = []
    try {
      for (let i = 0; i < RUNS; i++) {
        sdkMs.push(loadTime(sdk))
        bundleMs.push(loadTime(file))
      }
    } catch (err) {
      rows.push([name, fmt(bytes.length), fmt(gzipSync(bytes).length), '500 KB', pct(bytes.length, 500 * KB), 'error', '-', '-', '-'])
      console.log(err instanceof Error ? err.message : err)
      continue
    }
    const s = median(sdkMs)
    const b = median(bundleMs)
    rows.push([
      name,
      fmt(bytes.length),
      fmt(gzipSync(bytes).length),
      '500 KB',
      pct(bytes.length, 500 * KB),
      `${b.toFixed(0)} ms`,
      `${s.toFixed(0)} ms`,
      (b / s).toFixed(2),
      '1.30',
    ])
  }
  table(['function', 'bundle', 'gzip', 'budget', 'used', 'load (median)', 'SDK alone', 'ratio', 'target'], rows)
  console.log(`load = require() of the bundle in a fresh node process, SDK included; median of ${RUNS} runs`)
}

weapp()
await weappByMiniprogramCi()
h5()
functions()
