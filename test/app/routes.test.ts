/**
 * Page routes against the app manifest: every route the app navigates to is a page that
 * src/app.config.ts declares, every declared page has its file, and navigation goes through
 * ROUTES (src/routes.ts) rather than a typed-out path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ROUTES, TAB_ROUTES } from '../../src/routes'

const root = join(__dirname, '../..')
const src = join(root, 'src')

interface AppConfig {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
  tabBar: { list: { pagePath: string }[] }
}

/** The manifest with every package in (no TARO_ENV: the survey and dev packages both included). */
async function declaredPages(): Promise<Set<string>> {
  ;(globalThis as { defineAppConfig?: (c: AppConfig) => AppConfig }).defineAppConfig = (c) => c
  const saved = process.env.TARO_ENV
  delete process.env.TARO_ENV
  try {
    const config = ((await import('../../src/app.config')) as { default: AppConfig }).default
    return new Set([
      ...config.pages.map((p) => `/${p}`),
      ...config.subPackages.flatMap((s) => s.pages.map((p) => `/${s.root.replace(/\/$/, '')}/${p}`)),
    ])
  } finally {
    if (saved !== undefined) process.env.TARO_ENV = saved
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

describe('routes and app.config.ts', () => {
  let pages: Set<string>
  beforeAll(async () => {
    pages = await declaredPages()
  })

  test('the manifest declares pages and every one of them has its file', () => {
    expect(pages.size).toBeGreaterThan(10)
    const missing = [...pages].filter(
      (p) => !['.tsx', '.ts', '.js'].some((ext) => existsSync(join(src, `${p.slice(1)}${ext}`))),
    )
    expect(missing).toEqual([])
  })

  test('every ROUTES entry is a declared page', () => {
    const unknown = Object.entries(ROUTES).filter(([, url]) => !pages.has(url))
    expect(unknown).toEqual([])
  })

  test('tab routes are the tab bar of the manifest', async () => {
    const config = ((await import('../../src/app.config')) as { default: AppConfig }).default
    expect([...TAB_ROUTES].sort()).toEqual(config.tabBar.list.map((t) => `/${t.pagePath}`).sort())
  })

  test('every page path written in src is a declared page', () => {
    const pathLike = /['"`](\/?(?:pages|packages|survey)\/[a-z-]+(?:\/[a-z-]+)*\/index)(?=[?'"`$])/g
    const unknown: string[] = []
    let seen = 0
    for (const file of sourceFiles(src)) {
      if (file.endsWith('app.config.ts')) continue
      for (const m of readFileSync(file, 'utf8').matchAll(pathLike)) {
        const found = m[1] ?? ''
        const path = found.startsWith('/') ? found : `/${found}`
        seen += 1
        if (!pages.has(path)) unknown.push(`${relative(root, file)}: ${path}`)
      }
    }
    expect(seen).toBeGreaterThan(30) // routes.ts alone writes out every page
    expect(unknown).toEqual([])
  })

  test('navigation goes through ROUTES, never a typed-out page path', () => {
    // navigateTo / redirectTo / reLaunch / switchTab with a literal url, or go('...'), outside routes.ts
    const literal = /(?:navigateTo|redirectTo|reLaunch|switchTab)\(\{\s*url:\s*['"`]\/?(?:pages|packages)\/|\bgo\(\s*['"`]\/?(?:pages|packages)\//g
    const offenders = sourceFiles(src)
      .filter((f) => !f.endsWith('routes.ts'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(literal)].map((m) => `${relative(root, f)}: ${m[0]}`))
    expect(offenders).toEqual([])
  })

  test('the page-path check sees a wrong path (it can fail)', () => {
    expect(pages.has('/packages/activity/nowhere/index')).toBe(false)
    expect(pages.has(ROUTES.activityDetail)).toBe(true)
  })
})
