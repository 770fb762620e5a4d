#!/usr/bin/env node
// Runs every browser journey (test/e2e/*.journey.mjs) against one gateway and one Chromium,
// each in fresh browser contexts; writes test-artifacts/e2e.json and exits non-zero on a failure.
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { checkCounters, launchBrowser, startGateway, SCREENSHOTS } from './support.mjs'

const dir = path.dirname(new URL(import.meta.url).pathname)
const files = readdirSync(dir).filter((f) => f.endsWith('.journey.mjs')).sort()
const only = process.argv[2]
const results = { passed: 0, failed: 0, journeys: [] }

const gateway = await startGateway()
const browser = await launchBrowser()
console.log(`gateway ${gateway.base} (data ${gateway.dataDir}); screenshots in ${SCREENSHOTS}`)
try {
  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(dir, file)).href)
    for (const [name, journey] of Object.entries(mod.journeys ?? {})) {
      if (only && !name.includes(only)) continue
      const started = Date.now()
      try {
        await journey({ base: gateway.base, browser })
        results.passed++
        results.journeys.push({ file, name, ok: true, ms: Date.now() - started })
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`)
      } catch (err) {
        results.failed++
        results.journeys.push({ file, name, ok: false, error: String(err?.stack ?? err) })
        console.log(`  ✘ ${name}\n${String(err?.stack ?? err).replace(/^/gm, '      ')}`)
      }
    }
  }
} finally {
  await browser.close()
  await gateway.stop()
  if (results.failed) console.log(`gateway log:\n${gateway.log()}`)
}
// what every journey wrote, recounted: the counters and balances equal their records
if (results.passed) checkCounters(gateway.dataDir, results, 'the store after the journeys: attendance counters and points balances equal a recount')
mkdirSync('test-artifacts', { recursive: true })
writeFileSync('test-artifacts/e2e.json', JSON.stringify(results, null, 2))
console.log(`browser journeys: ${results.passed} passed, ${results.failed} failed`)
process.exit(results.failed || !results.passed ? 1 : 0)
