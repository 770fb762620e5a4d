/**
 * Mini-program build rules: a release weapp build names its CloudBase environment (config/release.ts),
 * and the debug identity subpackage never ships in a production weapp build (src/app.config.ts) —
 * checked on the real src/app.config.ts as Taro evaluates it for each platform and NODE_ENV.
 */
import { buildProblems } from '../../config/release'

type AppConfig = { pages: string[]; subPackages: Array<{ root: string; pages: string[]; independent?: boolean }> }

/** src/app.config.ts evaluated as Taro does (defineAppConfig is Taro's identity global). */
function appConfigFor(taroEnv: NonNullable<typeof process.env.TARO_ENV>, nodeEnv: string): AppConfig {
  const saved = { TARO_ENV: process.env.TARO_ENV, NODE_ENV: process.env.NODE_ENV }
  const g = globalThis as { defineAppConfig?: (c: unknown) => unknown }
  g.defineAppConfig = (c) => c
  process.env.TARO_ENV = taroEnv
  process.env.NODE_ENV = nodeEnv
  try {
    let config: AppConfig | undefined
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh evaluation per env needs require
      config = (require('../../src/app.config') as { default: AppConfig }).default
    })
    if (!config) throw new Error('src/app.config.ts exported nothing')
    return config
  } finally {
    process.env.TARO_ENV = saved.TARO_ENV
    process.env.NODE_ENV = saved.NODE_ENV
    delete g.defineAppConfig
  }
}

const roots = (c: AppConfig) => c.subPackages.map((s) => s.root)

describe('packages/dev (debug identity switcher)', () => {
  test('left out of a production weapp build, the survey subpackage kept', () => {
    const weapp = appConfigFor('weapp', 'production')
    expect(roots(weapp)).not.toContain('packages/dev')
    expect(roots(weapp)).toEqual(expect.arrayContaining(['survey', 'packages/activity', 'packages/lecture']))
  })
  test('kept in H5 (the gateway in dev mode) and in a weapp watch build', () => {
    expect(roots(appConfigFor('h5', 'production'))).toContain('packages/dev')
    expect(roots(appConfigFor('weapp', 'development'))).toContain('packages/dev')
  })
})

describe('a release weapp build names its CloudBase environment', () => {
  const release = { taroEnv: 'weapp', nodeEnv: 'production', mode: 'release' }
  test('refused without TARO_APP_CLOUD_ENV, or with a blank or malformed one', () => {
    expect(buildProblems(release)).toHaveLength(1)
    expect(buildProblems({ ...release, cloudEnv: '  ' })[0]).toContain('TARO_APP_CLOUD_ENV')
    expect(buildProblems({ ...release, cloudEnv: '{{env.ENV_ID}}' })[0]).toContain('不是云开发环境 ID')
  })
  test('goes on with an environment id', () => {
    expect(buildProblems({ ...release, cloudEnv: 'dangjian-prod-1a2b3c' })).toEqual([])
  })
  test('the checking build (npm run build:weapp, mode production) and H5 are not release builds', () => {
    expect(buildProblems({ taroEnv: 'weapp', nodeEnv: 'production', mode: 'production' })).toEqual([])
    expect(buildProblems({ taroEnv: 'h5', nodeEnv: 'production', mode: 'release' })).toEqual([])
  })
})
