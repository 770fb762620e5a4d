/**
 * Bundles each cloud function (every folder of cloudfunctions/ with an index.ts) into one CommonJS
 * file, build/cloudfunctions/<name>/index.js, beside a package.json that names what CloudBase
 * installs (the SDK stays external), and the function's config.json (cloud-call permissions) when it
 * has one. Fails when a bundle would carry the embedded database, or calls wx-server-sdk's openapi
 * without a config.json granting `permissions.openapi`.
 */
import { build } from 'esbuild'
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../..')
const srcRoot = join(root, 'cloudfunctions')
const outRoot = join(root, 'build', 'cloudfunctions')

/**
 * Installed by CloudBase from the function's package.json (installDependency), never bundled: the
 * SDK always, plus whatever else the function's package.json lists (exceljs, loaded lazily).
 */
const ALWAYS_EXTERNAL = ['@cloudbase/node-sdk', 'wx-server-sdk']

/**
 * The function's config.json as CloudBase reads it beside index.js: `permissions.openapi` lists the
 * cloud calls (`security.msgSecCheck`, `wxacode.getUnlimited`) the function may make through
 * wx-server-sdk's `cloud.openapi`. Returns the problems; a bundle that loads wx-server-sdk needs it.
 */
function configProblems(name, config, usesWxServerSdk) {
  if (config === undefined) return usesWxServerSdk ? [`${name}: uses wx-server-sdk but has no config.json with permissions.openapi`] : []
  const openapi = config?.permissions?.openapi
  if (!Array.isArray(openapi) || openapi.some((a) => typeof a !== 'string' || !/^[a-zA-Z]+\.[a-zA-Z]+$/.test(a))) {
    return [`${name}: config.json permissions.openapi must be a list like ["security.msgSecCheck"]`]
  }
  if (usesWxServerSdk && openapi.length === 0) return [`${name}: uses wx-server-sdk but permissions.openapi is empty`]
  return []
}

/** What must never reach a CloudBase bundle: the embedded database and the local gateway. */
const FORBIDDEN = [
  { what: '@electric-sql/pglite', test: (p) => p.includes('@electric-sql/pglite') },
  { what: 'server/store/document-store.pglite', test: (p) => p.includes('server/store/document-store.pglite') },
  { what: 'server/store/pglite-instance', test: (p) => p.includes('server/store/pglite-instance') },
  { what: 'server/gateway/', test: (p) => p.includes('server/gateway/') },
]

/** Swaps zod's every-locale index for scripts/zod-locales.mjs (see there why). */
const trimZodLocales = {
  name: 'trim-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
      args.importer.replaceAll('\\', '/').includes('/node_modules/zod/') ? { path: join(root, 'scripts', 'zod-locales.mjs') } : undefined,
    )
  },
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

function functionNames() {
  if (!existsSync(srcRoot)) return []
  return readdirSync(srcRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(srcRoot, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort()
}

/** Every module path the bundle read, plus anything it left as an import (external or not). */
function modulePaths(metafile) {
  const paths = Object.keys(metafile.inputs)
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) paths.push(imp.path)
  }
  return paths.map((p) => p.replaceAll('\\', '/'))
}

async function bundle(name) {
  const dir = join(srcRoot, name)
  const outDir = join(outRoot, name)
  mkdirSync(outDir, { recursive: true })
  const outfile = join(outDir, 'index.js')
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const EXTERNAL = [...new Set([...ALWAYS_EXTERNAL, ...Object.keys(pkg.dependencies ?? {})])]

  const result = await build({
    entryPoints: [join(dir, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Node 16.13 is the oldest CloudBase runtime cloudbaserc.json may name; newer ones run it too.
    target: 'node16',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    external: EXTERNAL,
    tsconfig: join(root, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
    plugins: [trimZodLocales],
  })

  const paths = modulePaths(result.metafile)
  const found = FORBIDDEN.flatMap((f) => {
    const hits = paths.filter(f.test)
    return hits.length ? [`${f.what}: ${hits.length} module(s), first ${hits[0]}`] : []
  })
  if (found.length) {
    // Nothing half-built is left where `tcb fn deploy` would pick it up.
    rmSync(outDir, { recursive: true, force: true })
    throw new Error(`${name}: the CloudBase bundle must not contain the embedded database or the gateway:\n  ${found.join('\n  ')}`)
  }

  // The function's own package.json, reduced to what the cloud install needs.
  const used = EXTERNAL.filter((ext) => paths.some((p) => p === ext || p.startsWith(`${ext}/`)))
  const missing = used.filter((ext) => !pkg.dependencies?.[ext])
  if (missing.length) throw new Error(`${name}: package.json must list ${missing.join(', ')} in dependencies`)
  const out = {
    name: pkg.name ?? name,
    version: pkg.version ?? '0.0.0',
    private: true,
    ...(pkg.description ? { description: pkg.description } : {}),
    main: 'index.js',
    dependencies: pkg.dependencies ?? {},
  }
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(out, null, 2)}\n`)

  // Cloud-call permissions (config.json) travel with the function: DevTools and the CLI upload it.
  const configPath = join(dir, 'config.json')
  const config = existsSync(configPath) ? JSON.parse(readFileSync(configPath, 'utf8')) : undefined
  const problems = configProblems(name, config, used.includes('wx-server-sdk'))
  if (problems.length) throw new Error(problems.join('\n  '))
  if (config !== undefined) writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`)

  const code = readFileSync(outfile)
  return { name, bytes: statSync(outfile).size, gzip: gzipSync(code).length, modules: Object.keys(result.metafile.inputs).length }
}

const names = functionNames()
if (!names.length) {
  console.error('build-functions: no cloudfunctions/<name>/index.ts found')
  process.exit(1)
}
rmSync(outRoot, { recursive: true, force: true })

let failed = false
for (const name of names) {
  try {
    const r = await bundle(name)
    console.log(
      `${r.name.padEnd(12)} ${kb(r.bytes).padStart(10)}  gzip ${kb(r.gzip).padStart(9)}  ${String(r.modules).padStart(4)} modules  -> ${relative(root, join(outRoot, name, 'index.js'))}`,
    )
  } catch (err) {
    failed = true
    console.error(`build-functions: ${err instanceof Error ? err.message : err}`)
  }
}
process.exit(failed ? 1 : 0)
