#!/usr/bin/env node
/**
 * How fast a commuter's survey opens: the H5 survey page (`/pages/survey/index?c=…`) against the
 * member home page, in the same run, under three network/CPU profiles emulated through Chromium's
 * DevTools protocol; bytes on the wire until the form is usable; whether every H5 asset is served
 * compressed; and what a first-time scanner downloads in the mini-program.
 *
 * Needs `npm run build:h5` (and `build:weapp` for the weapp figure). Starts the real gateway on a
 * temporary data folder (test/e2e/support.mjs). Prints every figure with its goal and pass/miss
 * and writes them under "## Survey page speed" in bench/REPORT.md (other sections kept).
 *
 *   node bench/survey-page.mjs                   # RUNS=3 cold loads per page and profile (median)
 *   node bench/survey-page.mjs --save-baseline   # also keep the figures as the "before" column
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, PHONE, startGateway } from '../test/e2e/support.mjs'

const root = resolve(fileURLToPath(import.meta.url), '../..')
process.chdir(root)
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3) || 3)
const BASELINE = join(root, 'bench', 'survey-page.baseline.json')
const REPORT = join(root, 'bench', 'REPORT.md')
const KB = 1024
const mbit = (n) => (n * 1_000_000) / 8

/** Chromium's own "Slow 4G" and "3G" presets, with the CPU 4× slower, as a mid-range phone. */
const PROFILES = [
  { key: 'fast', label: 'fast (local, no throttling)', net: null, cpu: 1, goalMs: null },
  { key: 'slow4g', label: 'Slow 4G (1.6 Mbit/s, 150 ms RTT, CPU 4×)', net: { down: mbit(1.6), up: mbit(0.75), latency: 150 }, cpu: 4, goalMs: 1500 },
  { key: '3g', label: '3G (0.4 Mbit/s, 300 ms RTT, CPU 4×)', net: { down: mbit(0.4), up: mbit(0.4), latency: 300 }, cpu: 4, goalMs: 4000 },
]
const GOAL_BYTES = 50 * KB
const GOAL_WEAPP = 100 * KB

const fmtKB = (n) => `${(n / KB).toFixed(1)} KB`
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const verdict = (ok) => (ok ? 'pass' : 'MISS')

async function surveyUrl(base) {
  const res = await fetch(`${base}/api/survey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-secretary' },
    body: JSON.stringify({ action: 'listCodes', stationId: 'station_chunjiang' }),
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`listCodes failed: ${JSON.stringify(body)}`)
  const c = body.data.codes.find((x) => x.window) ?? body.data.codes[0]
  return `${base}${c.path}`
}

/**
 * One cold load (fresh context, empty cache) of `url` under `profile`; resolves with the time from
 * navigation to `selector` visible and the bytes received by then (encoded, headers included).
 */
async function load(browser, url, selector, profile) {
  const context = await browser.newContext(PHONE)
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  if (profile.net) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.net.latency,
      downloadThroughput: profile.net.down,
      uploadThroughput: profile.net.up,
    })
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu })
  const received = new Map()
  const encodings = []
  cdp.on('Network.dataReceived', (e) => received.set(e.requestId, (received.get(e.requestId) ?? 0) + e.encodedDataLength))
  cdp.on('Network.loadingFinished', (e) => received.set(e.requestId, e.encodedDataLength))
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]))
    encodings.push({ url: e.response.url, type: e.type, encoding: h['content-encoding'] ?? 'identity' })
  })
  const started = Date.now()
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 })
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 120_000 })
  const ms = Date.now() - started
  const bytes = [...received.values()].reduce((a, b) => a + b, 0)
  await context.close()
  return { ms, bytes, encodings }
}

/** Every file the H5 build serves, asked for with `Accept-Encoding: br, gzip`: which come back compressed. */
async function assetEncodings(base) {
  const dir = join(root, 'dist', 'h5')
  const all = []
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.(js|css|html|svg|json)$/.test(e.name)) all.push(p)
    }
  }
  walk(dir)
  const rows = []
  for (const p of all) {
    const path = `/${relative(dir, p).split(sep).join('/')}`
    const res = await fetch(`${base}${path}`, { method: 'HEAD', headers: { 'accept-encoding': 'br, gzip' } })
    rows.push({ path, size: statSync(p).size, encoding: res.headers.get('content-encoding') ?? 'identity' })
  }
  return rows
}

/** What a first-time scanner downloads in the mini-program before the survey shows. */
function weappFirstScan() {
  const dir = join(root, 'dist', 'weapp')
  const appJson = join(dir, 'app.json')
  if (!existsSync(appJson)) return null
  const app = JSON.parse(readFileSync(appJson, 'utf8'))
  const subs = app.subPackages ?? app.subpackages ?? []
  const files = (d) =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.map') || /project(\.private)?\.config\.json$/.test(e.name) ? [] : [join(d, e.name)],
    )
  const size = (ps) => ps.reduce((s, p) => s + statSync(p).size, 0)
  const all = files(dir)
  const under = (p, r) => relative(dir, p).split(sep).join('/').startsWith(`${r.replace(/^\/+|\/+$/g, '')}/`)
  const independent = subs.find((s) => s.independent && s.pages.some((p) => /survey/.test(`${s.root}/${p}`) && !/stations|codes|dashboard|definition/.test(p)))
  if (independent) {
    return { what: `independent subpackage ${independent.root}`, bytes: size(all.filter((p) => under(p, independent.root))) }
  }
  const main = all.filter((p) => !subs.some((s) => under(p, s.root)))
  return { what: 'main package (the survey page lives there)', bytes: size(main) }
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}
function mdTable(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

async function main() {
  if (!existsSync(join(root, 'dist', 'h5', 'index.html'))) throw new Error('dist/h5 is missing: run npm run build:h5 first')
  const gateway = await startGateway()
  let browser = null
  const results = {}
  let encodings
  let firstEncodings = []
  try {
    browser = await launchBrowser()
    const survey = await surveyUrl(gateway.base)
    const home = `${gateway.base}/pages/index/index`
    // One unmeasured load each warms the gateway (and the store) so the first run is not an outlier.
    await load(browser, survey, '#survey-overall-5', PROFILES[0])
    await load(browser, home, '#home-greeting', PROFILES[0])
    for (const profile of PROFILES) {
      const s = []
      const h = []
      for (let i = 0; i < RUNS; i++) {
        // Interleaved so both pages see the same machine state.
        const a = await load(browser, survey, '#survey-overall-5', profile)
        s.push(a)
        if (profile.key === 'fast' && i === 0) firstEncodings = a.encodings
        h.push(await load(browser, home, '#home-greeting', profile))
      }
      results[profile.key] = {
        surveyMs: median(s.map((r) => r.ms)),
        surveyBytes: median(s.map((r) => r.bytes)),
        homeMs: median(h.map((r) => r.ms)),
        homeBytes: median(h.map((r) => r.bytes)),
      }
      console.log(`  ${profile.label}: survey ${fmtS(results[profile.key].surveyMs)}, home ${fmtS(results[profile.key].homeMs)}`)
    }
    encodings = await assetEncodings(gateway.base)
  } finally {
    await browser?.close()
    await gateway.stop()
  }
  const weapp = weappFirstScan()
  const figures = { at: new Date().toISOString(), runs: RUNS, results, weapp, assets: encodings, surveyRequests: firstEncodings }
  if (process.argv.includes('--save-baseline')) writeFileSync(BASELINE, `${JSON.stringify(figures, null, 2)}\n`)
  const before = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')) : null

  const rows = []
  for (const p of PROFILES) {
    const r = results[p.key]
    const b = before?.results?.[p.key]
    rows.push([
      `form visible, ${p.label}`,
      b ? fmtS(b.surveyMs) : '–',
      fmtS(r.surveyMs),
      p.goalMs ? `≤ ${fmtS(p.goalMs)}` : '–',
      p.goalMs ? verdict(r.surveyMs <= p.goalMs) : '–',
      `${fmtS(r.homeMs)} (${(r.surveyMs / r.homeMs).toFixed(2)}×)`,
    ])
  }
  const bytes = results.slow4g.surveyBytes
  const bBytes = before?.results?.slow4g?.surveyBytes
  rows.push(['bytes on the wire until the form is usable', bBytes ? fmtKB(bBytes) : '–', fmtKB(bytes), `≤ ${fmtKB(GOAL_BYTES)}`, verdict(bytes <= GOAL_BYTES), `${fmtKB(results.slow4g.homeBytes)}`])
  // Files under 1 KB (a few tiny CSS chunks) go as they are: headers would eat the gain.
  const worth = (list) => (list ?? []).filter((a) => a.size >= KB)
  const compressedCount = (list) => worth(list).filter((a) => a.encoding !== 'identity').length
  rows.push([
    'H5 assets ≥ 1 KB served compressed (js, css, html)',
    before?.assets ? `${compressedCount(before.assets)} / ${worth(before.assets).length}` : '–',
    `${compressedCount(encodings)} / ${worth(encodings).length}`,
    'all',
    verdict(compressedCount(encodings) === worth(encodings).length),
    '–',
  ])
  rows.push([
    `weapp first scan: ${weapp ? weapp.what : 'dist/weapp missing'}`,
    before?.weapp ? fmtKB(before.weapp.bytes) : '–',
    weapp ? fmtKB(weapp.bytes) : '–',
    `≤ ${fmtKB(GOAL_WEAPP)}`,
    weapp ? verdict(weapp.bytes <= GOAL_WEAPP) : '–',
    '–',
  ])
  const headers = ['figure', 'before', 'now', 'goal', '', 'member home (same run; survey ÷ home)']
  console.log(`\n## Survey page speed (median of ${RUNS} cold loads per page and profile)\n`)
  console.log(table(headers, rows))

  const section = [
    '## Survey page speed',
    '',
    `\`npm run bench:survey-page\` (${figures.at.slice(0, 10)}, median of ${RUNS} cold loads, headless Chromium at 375×667;`,
    'network and CPU emulated through CDP `Network.emulateNetworkConditions` + `Emulation.setCPUThrottlingRate`;',
    'time from navigation until the five faces are visible; bytes = encoded bytes received by then, headers included;',
    `"before" = ${before ? before.at.slice(0, 10) : 'none saved'} (\`--save-baseline\`, the code before the lean page).`,
    '',
    mdTable(headers, rows),
    '',
  ].join('\n')
  const old = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '# Bench report\n'
  const re = /## Survey page speed\n[\s\S]*?(?=\n## |$)/
  const next = re.test(old) ? old.replace(re, section.trimEnd() + '\n') : `${old.trimEnd()}\n\n${section}`
  writeFileSync(REPORT, next.endsWith('\n') ? next : `${next}\n`)
  console.log(`\nwritten to ${relative(root, REPORT)}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
