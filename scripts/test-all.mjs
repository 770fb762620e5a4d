#!/usr/bin/env node
// `npm test`: every check a submission must pass, in order, stopping at the first failure:
// type-check, lint, unit/integration tests (Jest on the embedded store), the weapp, H5 and
// function builds, then the browser journeys (Debian Chromium + playwright-core).
// Ends with one line "N passed, N failed" counting Jest tests and browser journeys.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

const ARTIFACTS = 'test-artifacts'
mkdirSync(ARTIFACTS, { recursive: true })

function run(title, cmd, args, env = {}) {
  const started = Date.now()
  console.log(`\n▶ ${title}: ${[cmd, ...args].join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`✘ ${title} failed after ${secs}s`)
    process.exit(r.status ?? 1)
  }
  console.log(`✔ ${title} (${secs}s)`)
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error('Chromium is missing: install it with `sudo apt-get install -y chromium fonts-wqy-zenhei`')
    process.exit(1)
  }
  run('install Chromium and the CJK font (Debian packages)', 'bash', [
    '-c',
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null',
  ])
}

const npx = (title, ...args) => run(title, 'npx', ['--no-install', ...args])
// PGlite loads its WASM through a dynamic import, which Jest's VM allows only with this flag.
const JEST_ENV = { NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' }

npx('type-check', 'tsc', '--noEmit', '-p', 'tsconfig.json')
npx('lint', 'eslint', '.')
run('unit and integration tests', 'npx', ['--no-install', 'jest', '--json', `--outputFile=${ARTIFACTS}/jest.json`], JEST_ENV)
run('weapp build', 'npm', ['run', '--silent', 'build:weapp'])
run('weapp output check', 'node', ['scripts/check-weapp.mjs'])
// WeChat's own static checks (miniprogram-ci, offline): quality scan, package sizes, dependencies.
run('weapp static checks (miniprogram-ci)', 'node', ['scripts/weapp-static-checks.mjs'])
run('H5 build', 'npm', ['run', '--silent', 'build:h5'])
run('function bundles', 'npm', ['run', '--silent', 'build:functions'])
run('function bundle smoke test', 'node', ['scripts/smoke-functions.mjs'])
ensureChromium()
run('browser journeys', 'node', ['test/e2e/run.mjs'])
// The weapp build in Dimina's mini-program runtime (skipped, with the reason, without ../shared/dimina).
run('weapp journeys in the mini-program runtime', 'node', ['test/weapp/run.mjs'])

const jest = JSON.parse(readFileSync(`${ARTIFACTS}/jest.json`, 'utf8'))
const e2e = JSON.parse(readFileSync(`${ARTIFACTS}/e2e.json`, 'utf8'))
const weapp = JSON.parse(readFileSync(`${ARTIFACTS}/weapp.json`, 'utf8'))
const passed = jest.numPassedTests + e2e.passed + weapp.passed
const failed = jest.numFailedTests + e2e.failed + weapp.failed
const skipped = jest.numPendingTests + (e2e.skipped ?? 0) + (weapp.skipped ?? 0)
console.log(`\nJest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${jest.numPendingTests} skipped · browser journeys: ${e2e.passed} passed, ${e2e.failed} failed · weapp journeys: ${weapp.passed} passed, ${weapp.failed} failed${weapp.reason ? ` (skipped: ${weapp.reason})` : ''}`)
console.log(`Screenshots: ${ARTIFACTS}/screenshots/`)
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed ? 1 : 0)
