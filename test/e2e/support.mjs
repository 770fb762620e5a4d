// Browser-test support: starts the real local gateway (tsx server/gateway/main.ts) on a fresh
// temporary DATA_DIR, launches Debian's Chromium through playwright-core, opens phones at 375×667.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

export const SCREENSHOTS = path.resolve('test-artifacts/screenshots')

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

export async function startGateway() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djdata-'))
  const port = await freePort()
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['server/gateway/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, GATEWAY_MODE: 'dev', STATIC_DIR: 'dist/h5' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited early:\n${log}`)
    try {
      const res = await fetch(`${base}/healthz`)
      if (res.ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`gateway did not answer /healthz in 90 s:\n${log}`)
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    base,
    dataDir,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve)
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 5000).unref()
      }),
  }
}

/**
 * After the journeys, with the gateway stopped: every attendance counter and every points balance of
 * its store must equal a recount of the records (`npm run repair:counters -- --check`, `repair:points
 * -- --check`). Recorded in `results` (passed/failed, journeys) as one more journey named `name`.
 */
export function checkCounters(dataDir, results, name) {
  const failures = []
  for (const script of ['scripts/repair-counters.ts', 'scripts/repair-points.ts']) {
    const run = spawnSync(path.resolve('node_modules/.bin/tsx'), [script, '--check'], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' })
    if (run.status !== 0) failures.push(`${script} --check (exit ${run.status}):\n${run.stdout}${run.stderr}`)
  }
  if (failures.length) {
    results.failed++
    results.journeys.push({ name, ok: false, error: failures.join('\n') })
    console.log(`  ✘ ${name}\n${failures.join('\n').replace(/^/gm, '      ')}`)
  } else {
    results.passed++
    results.journeys.push({ name, ok: true })
    console.log(`  ✔ ${name}`)
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Browser-context options of a phone at 375×667, as a WeChat user would see the H5 app. */
export const PHONE = Object.freeze({
  viewport: { width: 375, height: 667 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
})

/** A phone-sized browser context. */
export async function newPhone(browser) {
  const context = await browser.newContext(PHONE)
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(String(e)))
  return { context, page, errors }
}

export async function shot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // Taro H5 animates page transitions: let them settle before the picture.
  await page.waitForTimeout(700)
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) })
}

/** Types into a Taro Input (a web component wrapping a native input). */
export async function fill(page, selector, value) {
  // In H5 the app puts the id on the native input inside Taro's web component.
  const inner = page.locator(`input${selector}, textarea${selector}, ${selector} input, ${selector} textarea`).first()
  await inner.fill(value)
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`)
}

/** Switches a phone to a demo identity through the app's dev identity page (dev mode only). */
export async function become(page, base, buttonId) {
  await page.goto(`${base}/packages/dev/identity/index`)
  await page.click(`#${buttonId}`)
  await page.waitForURL((url) => url.pathname === '/pages/index/index' || url.pathname === '/', { timeout: 15_000 })
}

/** Moves the dev gateway's clock (`POST /dev/clock`) to `at` (a Date), or back to the system time with null; answers the server's time. */
export async function setClock(base, at) {
  const res = await fetch(`${base}/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: at && at.toISOString() }) })
  const body = await res.json()
  if (!body.ok) throw new Error(`dev clock: ${body.error.code} ${body.error.message}`)
  return body.data
}

/** Calls an action through the gateway as a demo identity (to arrange what another phone did, or history the UI cannot backdate). */
export async function api(base, openid, fn, action, input) {
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
    body: JSON.stringify({ ...input, action }),
  })
  const body = await res.json()
  if (!body.ok) throw new Error(`${fn}.${action}: ${body.error.code} ${body.error.message}`)
  return body.data
}
