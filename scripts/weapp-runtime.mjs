#!/usr/bin/env node
// Prepares Dimina (didi's open-source mini-program runtime) to run the real `dist/weapp` build:
//   1. copies ../shared/dimina/fe into the git-ignored cache .cache/dimina/fe (never committed) and
//      applies the fixes in PATCHES to the copy;
//   2. installs it with pnpm@10 (from npm through npx);
//   3. builds its web container plus the test host page (test/weapp/host/);
//   4. compiles dist/weapp, unchanged, into the container's public/touristappid/.
// Each step is skipped when its inputs (the shared sources, the lockfile, dist/weapp) have not
// changed since the last run (keys in .cache/dimina/*.key). Node 20 gets the ES2025 Set methods
// through test/weapp/set-methods.cjs (NODE_OPTIONS=--require).
// Used by test/weapp/run.mjs; `node scripts/weapp-runtime.mjs` prepares alone and prints the paths.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const SHARED = path.resolve(ROOT, '../shared/dimina')
export const CACHE = path.join(ROOT, '.cache/dimina')
const FE = path.join(CACHE, 'fe')
const HOST = path.join(ROOT, 'test/weapp/host')
const SET_METHODS = path.join(ROOT, 'test/weapp/set-methods.cjs')
const WEAPP = path.join(ROOT, 'dist/weapp')
const APP_DIR_NAME = 'zhdj'
const CONTAINER = path.join(FE, 'packages/container')

/** Files under `dir` (sorted, relative), skipping node_modules and build output. */
function listFiles(dir, skip = new Set(['node_modules', 'dist'])) {
  const out = []
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (skip.has(entry.name)) continue
      const r = path.join(rel, entry.name)
      if (entry.isDirectory()) walk(r)
      else if (entry.isFile()) out.push(r)
    }
  }
  walk('')
  return out.sort()
}

function hashFiles(dir, files = listFiles(dir)) {
  const h = createHash('sha256')
  for (const f of files) h.update(f).update('\0').update(readFileSync(path.join(dir, f))).update('\0')
  return h.digest('hex').slice(0, 16)
}

function keyFile(name) {
  return path.join(CACHE, `${name}.key`)
}
function readKey(name) {
  return existsSync(keyFile(name)) ? readFileSync(keyFile(name), 'utf8').trim() : null
}
function writeKey(name, value) {
  writeFileSync(keyFile(name), value + '\n')
}

/** Runs a command with its output in .cache/dimina/logs/<name>.log; throws with the log's tail. */
function step(name, cmd, args, cwd) {
  const started = Date.now()
  mkdirSync(path.join(CACHE, 'logs'), { recursive: true })
  const log = path.join(CACHE, 'logs', `${name}.log`)
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: {
      ...process.env,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${SET_METHODS}`.trim(),
      npm_config_yes: 'true',
      CI: 'true',
      VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
    },
  })
  writeFileSync(log, `$ ${[cmd, ...args].join(' ')}\n${r.stdout ?? ''}\n${r.stderr ?? ''}\n${r.error ?? ''}`)
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n')
    throw new Error(`${name} failed (exit ${r.status ?? r.error}) after ${secs}s; log ${log}:\n${tail}`)
  }
  console.log(`  ${name}: ${secs}s`)
}

const pnpm = (name, args, cwd = FE) => step(name, 'npx', ['-y', 'pnpm@10', ...args], cwd)

/**
 * Fixes to Dimina applied to the cached copy, each [file, what it fixes, [search, replace]…].
 * A search that no longer matches stops the run: re-check the fix against the new sources.
 */
const PATCHES = [
  [
    'packages/container-sdk/src/pages/miniApp/miniApp.ts',
    // WeChat opens a subpackage page directly (a QR or mini-program code of the independent survey
    // subpackage); Dimina's container launched only pages of the main package (root "main", the
    // entry checked against app.pages), so it fetched main/survey_index.js and failed.
    'launching straight into a subpackage page',
    [
      ["const root = 'main'\n\t\t\tconst configPath = `${this.appInfo.appId}/${root}/app-config.json`", "let root = 'main'\n\t\t\tconst configPath = `${this.appInfo.appId}/main/app-config.json`"],
      [
        '&& !this.appConfig!.app.pages.some(path => this._normalizePagePath(path) === this._normalizePagePath(entryPagePath))',
        '&& !this.appConfig!.app.pages.some(path => this._normalizePagePath(path) === this._normalizePagePath(entryPagePath))\n\t\t\t\t&& !this.appConfig!.modules?.[this._normalizePagePath(entryPagePath)]?.root',
      ],
      ['const pageConfig = this.appConfig!.modules[entryPagePath]\n', 'const pageConfig = this.appConfig!.modules[entryPagePath]\n\t\t\troot = pageConfig?.root || root\n'],
    ],
  ],
  [
    'packages/container-sdk/src/pages/miniApp/miniApp.ts',
    // redirectTo reuses the page's bridge but kept its package root, so redirecting from a main
    // package page to a subpackage page (pages/survey/index → survey/index, for cards printed
    // before the survey moved) looked for the target in main/ and failed.
    'redirectTo into another package',
    [
      [
        '\t\t\t\tpagePath,\n\t\t\t\tquery,\n\t\t\t\tconfigInfo: mergeConfig,\n\t\t\t}\n\t\t\t// webview 被新页面复用',
        "\t\t\t\tpagePath,\n\t\t\t\tquery,\n\t\t\t\tconfigInfo: mergeConfig,\n\t\t\t\troot: pageConfig?.root || 'main',\n\t\t\t}\n\t\t\t// webview 被新页面复用",
      ],
    ],
  ],
  [
    'packages/components/src/component/picker/Picker.vue',
    // WeChat reports a picker's change/cancel from the picker element (its id and dataset, which
    // Taro uses to find the React handler); Dimina reported the 确定/取消 button tapped instead, so
    // the app's onChange never ran.
    'picker events from the picker element',
    [
      ['<div v-bind="$attrs" class="dd-picker" @click="handleTriggerClick">', '<div v-bind="$attrs" ref="pickerRoot" class="dd-picker" @click="handleTriggerClick">'],
      [
        'const handleConfirm = (event) => {',
        'const pickerRoot = ref(null)\nconst fromPicker = event => (pickerRoot.value ? { currentTarget: pickerRoot.value, target: pickerRoot.value, pageX: event?.pageX, pageY: event?.pageY } : event)\nconst handleConfirm = (event) => {',
      ],
      ["triggerEvent('change', {\n\t\t\tevent,", "triggerEvent('change', {\n\t\t\tevent: fromPicker(event),"],
      ["triggerEvent('cancel', {\n\t\t\tevent,", "triggerEvent('cancel', {\n\t\t\tevent: fromPicker(event),"],
    ],
  ],
]

function applyPatches() {
  for (const [file, what, edits] of PATCHES) {
    const full = path.join(FE, file)
    let text = readFileSync(full, 'utf8')
    for (const [search, replace] of edits) {
      if (!text.includes(search)) throw new Error(`Dimina fix "${what}" no longer applies to ${file}: ${search}`)
      text = text.replace(search, () => replace)
    }
    writeFileSync(full, text)
  }
}

/** Why the runtime cannot run here, or null. */
export function unavailableReason() {
  if (!existsSync(path.join(SHARED, 'fe/package.json'))) return `${SHARED} is absent (Dimina is not on this machine)`
  return null
}

/**
 * Brings the cache up to date; resolves with the folders the test server serves.
 * @returns {{ containerDist: string, appsDir: string, appId: string, timings: Record<string, number> }}
 */
export function prepareWeappRuntime({ log = console.log } = {}) {
  const timings = {}
  const timed = (name, fn) => {
    const t = Date.now()
    fn()
    timings[name] = Date.now() - t
  }
  if (!existsSync(path.join(WEAPP, 'app.json'))) throw new Error('dist/weapp is missing: run `npm run build:weapp` first')
  mkdirSync(CACHE, { recursive: true })

  // 1. The shared sources (plus our host page and Set methods) → a fresh copy when they change.
  const patchKey = createHash('sha256').update(JSON.stringify(PATCHES)).digest('hex').slice(0, 8)
  const sourceKey = `${hashFiles(path.join(SHARED, 'fe'))}-${hashFiles(HOST)}-${hashFiles(path.dirname(SET_METHODS), ['set-methods.cjs'])}-${patchKey}`
  if (readKey('source') !== sourceKey || !existsSync(FE)) {
    log('  copying ../shared/dimina/fe into .cache/dimina/fe')
    timed('copy', () => {
      rmSync(FE, { recursive: true, force: true })
      cpSync(path.join(SHARED, 'fe'), FE, { recursive: true })
      for (const f of readdirSync(HOST)) cpSync(path.join(HOST, f), path.join(CONTAINER, f))
      applyPatches()
    })
    for (const k of ['install', 'container', 'compile']) rmSync(keyFile(k), { force: true })
    writeKey('source', sourceKey)
  }

  // 2. Install, keyed on the lockfile and every package.json of the workspace.
  const manifests = ['pnpm-lock.yaml', ...listFiles(FE).filter((f) => path.basename(f) === 'package.json')]
  const installKey = hashFiles(FE, manifests)
  if (readKey('install') !== installKey || !existsSync(path.join(FE, 'node_modules'))) {
    timed('install', () => pnpm('install', ['install', '--no-frozen-lockfile', '--config.engine-strict=false', '--reporter=append-only']))
    writeKey('install', installKey)
    rmSync(keyFile('container'), { force: true })
  }

  // 3. The container (its workspace dependencies, then the container with the test host page).
  if (readKey('container') !== sourceKey || !existsSync(path.join(CONTAINER, 'dist/weapp-host.html'))) {
    timed('container', () => {
      pnpm('container-deps', ['--filter', 'container^...', 'build', '--mode', 'development'])
      pnpm('container', ['exec', 'vite', 'build', '--config', 'vite.weapp.config.mjs', '--mode', 'development'], CONTAINER)
    })
    writeKey('container', sourceKey)
  }

  // 4. The weapp build, compiled as it is; keyed on its content.
  const compileKey = `${sourceKey}-${hashFiles(WEAPP)}`
  const appId = JSON.parse(readFileSync(path.join(WEAPP, 'project.config.json'), 'utf8')).appid
  const appsDir = path.join(CONTAINER, 'public')
  if (readKey('compile') !== compileKey || !existsSync(path.join(appsDir, appId, 'main/logic.js'))) {
    timed('compile', () => {
      const example = path.join(FE, 'example')
      rmSync(example, { recursive: true, force: true })
      mkdirSync(example, { recursive: true })
      cpSync(WEAPP, path.join(example, APP_DIR_NAME), { recursive: true })
      rmSync(path.join(appsDir, appId), { recursive: true, force: true })
      step('compile', 'node', ['./packages/compiler/src/bin/compile.js', '--force'], FE)
    })
    writeKey('compile', compileKey)
  }
  if (!statSync(path.join(appsDir, appId, 'main/logic.js')).size) throw new Error('the compiled logic.js is empty')
  return { containerDist: path.join(CONTAINER, 'dist'), appsDir, appId, timings }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = unavailableReason()
  if (reason) {
    console.log(`weapp runtime skipped: ${reason}`)
    process.exit(0)
  }
  const started = Date.now()
  const out = prepareWeappRuntime()
  console.log(JSON.stringify(out, null, 2))
  console.log(`prepared in ${((Date.now() - started) / 1000).toFixed(1)}s`)
}
