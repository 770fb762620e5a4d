#!/usr/bin/env node
// `npm run test:weapp-static`: WeChat's own static checks of dist/weapp, offline, with
// miniprogram-ci (checkCodeQuality = DevTools' 代码质量扫描, analyseCode = 代码静态依赖分析; neither
// needs an AppID or a key). Fails on any failed quality item not accepted below with its reason,
// on a package over WeChat's size limits, and on a broken dependency (a page, component, script or
// template that does not resolve). Writes test-artifacts/weapp-static.json.
// miniprogram-ci (≈275 MB of dependencies, pinned babel and more) lives in the git-ignored cache
// .cache/miniprogram-ci, installed there on first use, so it cannot disturb the app's own tree.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const VERSION = '2.1.42'
const CI_CACHE = path.join(ROOT, '.cache/miniprogram-ci')
const CI_MODULE = path.join(CI_CACHE, 'node_modules/miniprogram-ci')
const CHILD = path.join(ROOT, 'test/weapp/miniprogram-ci-child.cjs')
const KB = 1024
const MB = 1024 * KB

/** Quality items that may fail, and why. Anything else that fails fails the check. */
export const ACCEPTED = {
  LAZYCODE_LOADING_OPEN:
    'lazyCodeLoading is off: Taro renders every page through base.wxml and one comp component, so ' +
    'on-demand injection has little to skip, and turning it on changes how WeChat loads code in ways ' +
    'no runtime here can show; revisit with a measurement on a device',
}

/** WeChat's package limits (bytes). */
export const LIMITS = { main: 2 * MB, subpackage: 2 * MB, total: 20 * MB }

function ensureInstalled(log) {
  const pkg = path.join(CI_MODULE, 'package.json')
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === VERSION) return
  mkdirSync(CI_CACHE, { recursive: true })
  writeFileSync(path.join(CI_CACHE, 'package.json'), JSON.stringify({ name: 'weapp-static-checks', private: true, dependencies: { 'miniprogram-ci': VERSION } }, null, 2))
  log(`installing miniprogram-ci ${VERSION} into .cache/miniprogram-ci`)
  const started = Date.now()
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: CI_CACHE, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`npm install miniprogram-ci@${VERSION} failed:\n${r.stderr || r.stdout}`)
  log(`  installed in ${((Date.now() - started) / 1000).toFixed(1)}s`)
}

/**
 * Runs miniprogram-ci on `projectPath` (default dist/weapp).
 * @returns {{ quality: object[], files: object[], brokenDeps: object[], packages: Record<string, number> }}
 *   packages: bytes per package as miniprogram-ci counts them ('main' for the main package).
 */
export function runMiniprogramCi(projectPath = path.join(ROOT, 'dist/weapp'), { log = console.log } = {}) {
  if (!existsSync(path.join(projectPath, 'app.json'))) throw new Error(`${path.relative(ROOT, projectPath)} is missing: run npm run build:weapp first`)
  ensureInstalled(log)
  const r = spawnSync(process.execPath, [CHILD, CI_MODULE, projectPath], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * MB })
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('@@miniprogram-ci@@'))
  if (r.status !== 0 || !line) throw new Error(`miniprogram-ci failed (exit ${r.status ?? r.error}):\n${r.stderr || r.stdout}`)
  const out = JSON.parse(line.slice('@@miniprogram-ci@@'.length))
  const sizes = out.quality.find((q) => q.name === 'PACKAGE_SIZE_LIMIT')?.detail ?? {}
  out.packages = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k === '__APP__' ? 'main' : k.replace(/\/$/, ''), v]))
  return out
}

const fmt = (n) => (n >= MB ? `${(n / MB).toFixed(2)} MB` : `${(n / KB).toFixed(1)} KB`)

function main() {
  const started = Date.now()
  const result = runMiniprogramCi()
  const checks = []
  const check = (name, ok, text) => checks.push({ name, ok, text })

  for (const q of result.quality) {
    if (q.success) check(q.name, true, q.text)
    else if (ACCEPTED[q.name]) check(q.name, true, `accepted: ${q.text} (${ACCEPTED[q.name]})`)
    else check(q.name, false, q.text)
  }
  const total = Object.values(result.packages).reduce((a, b) => a + b, 0)
  for (const [name, bytes] of Object.entries(result.packages)) {
    const limit = name === 'main' ? LIMITS.main : LIMITS.subpackage
    check(`size of ${name === 'main' ? 'the main package' : `subpackage ${name}`}`, bytes <= limit, `${fmt(bytes)} of ${fmt(limit)}`)
  }
  check('total size', total <= LIMITS.total, `${fmt(total)} of ${fmt(LIMITS.total)}`)
  check(
    'dependencies resolve',
    result.brokenDeps.length === 0,
    result.brokenDeps.length ? result.brokenDeps.map((d) => `${d.module}${d.request ? ` → ${d.request}` : ''}: ${d.error}`).join('; ') : `${result.files.length} files`,
  )

  for (const c of checks) console.log(`  ${c.ok ? '✔' : '✘'} ${c.name}: ${c.text}`)
  const unused = result.files.filter((f) => !f.used).map((f) => f.path)
  if (unused.length) console.log(`  note: files nothing depends on (uploaded anyway): ${unused.join(', ')}`)
  const passed = checks.filter((c) => c.ok).length
  const failed = checks.length - passed
  mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true })
  writeFileSync(
    path.join(ROOT, 'test-artifacts/weapp-static.json'),
    JSON.stringify({ passed, failed, checks, packages: result.packages, unusedFiles: unused, ms: Date.now() - started }, null, 2),
  )
  console.log(`weapp static checks (miniprogram-ci ${VERSION}, ${((Date.now() - started) / 1000).toFixed(1)}s): ${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
