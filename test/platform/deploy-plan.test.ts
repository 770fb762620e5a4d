/**
 * `npm run deploy:functions` refuses to deploy without ENV_ID, APP_SECRET (≥ 16 characters) and
 * PUBLIC_ORIGIN, and never sends a variable empty; cloudbaserc.json itself holds no secret and no
 * `{{env.X}}` (which the CLI renders as "" when unset, blanking the function's variables).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { deployConfig, deployProblems, originOf, templatesIn, type CloudbaseRc } from '../../scripts/deploy-plan'

const rc = JSON.parse(readFileSync(path.resolve(__dirname, '../../cloudbaserc.json'), 'utf8')) as CloudbaseRc
const GOOD = { ENV_ID: 'dangjian-prod-1a2b', APP_SECRET: 'k'.repeat(16), PUBLIC_ORIGIN: 'https://dj.example.cn/' }

describe('deploy refusal rules', () => {
  test('a complete environment may deploy', () => {
    expect(deployProblems(GOOD)).toEqual([])
  })
  test.each([
    ['no ENV_ID', { ...GOOD, ENV_ID: undefined }, 'ENV_ID'],
    ['blank ENV_ID', { ...GOOD, ENV_ID: '  ' }, 'ENV_ID'],
    ['ENV_ID not an id', { ...GOOD, ENV_ID: '{{env.ENV_ID}}' }, 'ENV_ID'],
    ['no APP_SECRET', { ...GOOD, APP_SECRET: undefined }, 'APP_SECRET'],
    ['empty APP_SECRET', { ...GOOD, APP_SECRET: '' }, 'APP_SECRET'],
    ['APP_SECRET of 15', { ...GOOD, APP_SECRET: 'k'.repeat(15) }, 'APP_SECRET'],
    ['no PUBLIC_ORIGIN', { ...GOOD, PUBLIC_ORIGIN: undefined }, 'PUBLIC_ORIGIN'],
    ['PUBLIC_ORIGIN with a path', { ...GOOD, PUBLIC_ORIGIN: 'https://dj.example.cn/h5' }, 'PUBLIC_ORIGIN'],
    ['PUBLIC_ORIGIN not a URL', { ...GOOD, PUBLIC_ORIGIN: 'dj.example.cn' }, 'PUBLIC_ORIGIN'],
  ])('%s: refused, naming the variable', (_what, env, name) => {
    const problems = deployProblems(env)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(name)
    expect(() => deployConfig(rc, env, '/abs/build/cloudfunctions')).toThrow(name)
  })
  test('originOf keeps an origin, refuses other schemes and credentials', () => {
    expect(originOf('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080')
    expect(originOf('ftp://x.cn')).toBeNull()
    expect(originOf('https://a:b@x.cn')).toBeNull()
  })
})

describe('cloudbaserc.json and the deployed configuration', () => {
  test('the repository file holds no secret and no template variable', () => {
    const text = readFileSync(path.resolve(__dirname, '../../cloudbaserc.json'), 'utf8')
    expect(templatesIn(rc)).toEqual([])
    expect(text).not.toMatch(/APP_SECRET|SECRET|envVariables/)
  })
  test('every function is deployed with both variables set, never empty, in the named environment', () => {
    const out = deployConfig(rc, GOOD, '/abs/build/cloudfunctions')
    expect(out.envId).toBe('dangjian-prod-1a2b')
    expect(out.functionRoot).toBe('/abs/build/cloudfunctions')
    expect(out.functions.map((f) => f.name).sort()).toEqual(['activity', 'lecture', 'member', 'points', 'survey'])
    for (const f of out.functions) {
      expect(f.envVariables).toEqual({ APP_SECRET: 'k'.repeat(16), PUBLIC_ORIGIN: 'https://dj.example.cn' })
      expect(f.timeout).toBeGreaterThanOrEqual(10)
    }
    expect(templatesIn(out)).toEqual([])
  })
  test('a template variable left in the file stops the deploy', () => {
    const withTemplate: CloudbaseRc = { ...rc, functions: [{ name: 'x', envVariables: { OTHER: '{{env.OTHER}}' } }] }
    expect(() => deployConfig(withTemplate, GOOD, '/abs')).toThrow('{{env.OTHER}}')
  })
})
