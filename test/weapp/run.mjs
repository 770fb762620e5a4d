#!/usr/bin/env node
// `npm run test:weapp`: the real weapp build (dist/weapp) in Dimina's mini-program runtime.
// Prepares the runtime (scripts/weapp-runtime.mjs: cached copy, install, container, compile),
// starts the real gateway on a temporary DATA_DIR and the test server in front of it, then runs
// every journey of test/weapp/*.journey.mjs in Debian Chromium (playwright-core). A journey fails
// on its own assertions and on any page error, console error, error the logic layer reported,
// unhandled rejection or failed cloud call. Writes test-artifacts/weapp.json; screenshots go to
// test-artifacts/screenshots/weapp-*.png. Skipped, with the reason, only when ../shared/dimina is
// absent. `node test/weapp/run.mjs <part of a journey name>` runs only the matching journeys.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { prepareWeappRuntime, unavailableReason } from '../../scripts/weapp-runtime.mjs'
import { checkCounters, launchBrowser, startGateway } from '../e2e/support.mjs'
import { startWeappServer } from './server.mjs'
import { newPhone, problemsOf, SCREENSHOTS } from './support.mjs'

const SUMMARY = 'test-artifacts/weapp.json'
const dir = path.dirname(new URL(import.meta.url).pathname)
const only = process.argv[2]
const started = Date.now()

const suites = []
for (const file of readdirSync(dir).filter((f) => f.endsWith('.journey.mjs')).sort()) {
  const mod = await import(pathToFileURL(path.join(dir, file)).href)
  for (const [name, journey] of Object.entries(mod.journeys ?? {})) {
    if (!only || name.includes(only)) suites.push({ file, name, journey })
  }
}
mkdirSync('test-artifacts', { recursive: true })

const reason = unavailableReason()
if (reason) {
  console.log(`weapp journeys skipped: ${reason}`)
  writeFileSync(SUMMARY, JSON.stringify({ passed: 0, failed: 0, skipped: suites.length, reason, journeys: [] }, null, 2))
  console.log(`weapp journeys: 0 passed, 0 failed, ${suites.length} skipped`)
  process.exit(0)
}

const results = { passed: 0, failed: 0, skipped: 0, journeys: [], timings: {} }
console.log('preparing the Dimina runtime (.cache/dimina)')
let prepared
try {
  prepared = prepareWeappRuntime()
} catch (err) {
  console.error(String(err?.stack ?? err))
  results.failed = 1
  results.journeys.push({ name: 'prepare the Dimina runtime', ok: false, error: String(err?.message ?? err) })
  writeFileSync(SUMMARY, JSON.stringify(results, null, 2))
  console.log('weapp journeys: 0 passed, 1 failed')
  process.exit(1)
}
results.timings.prepareMs = Date.now() - started
results.timings.steps = prepared.timings

const gateway = await startGateway()
const server = await startWeappServer({ containerDist: prepared.containerDist, appsDir: prepared.appsDir, gateway: gateway.base })
server.appId = prepared.appId
const browser = await launchBrowser()
console.log(`gateway ${gateway.base}, runtime ${server.base}; screenshots in ${SCREENSHOTS}/weapp-*.png`)
try {
  for (const { file, name, journey } of suites) {
    const t = Date.now()
    const phones = []
    const ctx = {
      browser,
      server,
      gateway: gateway.base,
      /** A phone for this journey; `expectedErrors`: error codes its cloud calls may answer. */
      async phone(id, { openid = null, expectedErrors = [] } = {}) {
        const phone = await newPhone({ browser, server }, `${name}#${id}`, { openid })
        phone.expectedErrors = expectedErrors
        phones.push(phone)
        return phone
      },
    }
    try {
      await journey(ctx)
      await new Promise((r) => setTimeout(r, 300)) // late reports from the worker
      const problems = phones.flatMap((p) => problemsOf(p, { expectedErrors: p.expectedErrors }).map((x) => `[${p.id.split('#')[1]}] ${x}`))
      if (problems.length) throw new Error(`problems in the runtime:\n${problems.join('\n')}`)
      results.passed++
      results.journeys.push({ file, name, ok: true, ms: Date.now() - t })
      console.log(`  ✔ ${name} (${Date.now() - t} ms)`)
    } catch (err) {
      results.failed++
      results.journeys.push({ file, name, ok: false, ms: Date.now() - t, error: String(err?.stack ?? err) })
      console.log(`  ✘ ${name}\n${String(err?.stack ?? err).replace(/^/gm, '      ')}`)
      for (const p of phones) {
        for (const x of problemsOf(p, { expectedErrors: p.expectedErrors })) console.log(`      [${p.id.split('#')[1]}] ${x.split('\n').slice(0, 6).join('\n        ')}`)
        const calls = p.state.calls.map((c) => `${c.fn}.${c.action}${c.ok ? '' : ` ✘ ${c.error?.code}`}`).join(', ')
        console.log(`      [${p.id.split('#')[1]}] cloud calls: ${calls || 'none'}`)
      }
    } finally {
      for (const p of phones) await p.context.close().catch(() => {})
    }
  }
} finally {
  await browser.close()
  await server.stop()
  await gateway.stop()
  if (results.failed) console.log(`gateway log (tail):\n${gateway.log().split('\n').slice(-40).join('\n')}`)
}
// what the mini-program wrote, recounted: the counters and balances equal their records
if (results.passed) checkCounters(gateway.dataDir, results, 'the store after the weapp journeys: counters and balances equal a recount')
results.timings.totalMs = Date.now() - started
writeFileSync(SUMMARY, JSON.stringify(results, null, 2))
console.log(`weapp journeys (${((Date.now() - started) / 1000).toFixed(1)}s): ${results.passed} passed, ${results.failed} failed`)
process.exit(results.failed || !results.passed ? 1 : 0)
