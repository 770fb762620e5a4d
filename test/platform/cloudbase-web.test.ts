/**
 * H5 on CloudBase (src/api/cloudbase-web.ts) against stand-ins for @cloudbase/js-sdk's app, auth and
 * functions entries: anonymous sign-in once (a kept session is reused), the function's result
 * handed back, a failed start retried on the next call; and the build rules for that H5 build.
 */
import { buildProblems } from '../../config/release'
import { cloudbaseWebClient, type SdkLoader } from '../../src/api/cloudbase-web'

function fakeSdk(opts: { loggedIn?: boolean; signInError?: string } = {}) {
  const log: string[] = []
  let loggedIn = !!opts.loggedIn
  const load: SdkLoader = async () => ({
    registerAuth: () => log.push('registerAuth'),
    registerFunctions: () => log.push('registerFunctions'),
    cloudbase: {
      init: ({ env }) => {
        log.push(`init ${env}`)
        return {
          auth: (o) => {
            log.push(`auth ${o?.persistence}`)
            return {
              getLoginState: async () => (loggedIn ? { user: { uid: 'u1' } } : null),
              signInAnonymously: async () => {
                log.push('signInAnonymously')
                if (opts.signInError) return { error: { message: opts.signInError } }
                loggedIn = true
                return { error: null }
              },
            }
          },
          callFunction: async ({ name, data }) => {
            log.push(`call ${name}.${String(data.action)}`)
            return { result: { ok: true, data: { name } } }
          },
        }
      },
    },
  })
  return { load, log }
}

describe('H5 on CloudBase through @cloudbase/js-sdk', () => {
  test('signs in anonymously once, then calls the function and returns its Result', async () => {
    const { load, log } = fakeSdk()
    const client = cloudbaseWebClient('dangjian-prod-1a2b', load)
    await expect(client.call('survey', { action: 'getForm', code: 'ab23cd45' })).resolves.toEqual({ ok: true, data: { name: 'survey' } })
    await client.call('member', { action: 'getMe' })
    expect(log).toEqual(['registerAuth', 'registerFunctions', 'init dangjian-prod-1a2b', 'auth local', 'signInAnonymously', 'call survey.getForm', 'call member.getMe'])
  })
  test('a kept session is reused (no new anonymous user per page load)', async () => {
    const { load, log } = fakeSdk({ loggedIn: true })
    await cloudbaseWebClient('dangjian-prod-1a2b', load).call('member', { action: 'getMe' })
    expect(log).not.toContain('signInAnonymously')
  })
  test('a failed sign-in rejects (the client shows its network message) and the next call tries again', async () => {
    const { load, log } = fakeSdk({ signInError: '匿名登录未开启' })
    const client = cloudbaseWebClient('dangjian-prod-1a2b', load)
    await expect(client.call('member', { action: 'getMe' })).rejects.toThrow('匿名登录未开启')
    await expect(client.call('member', { action: 'getMe' })).rejects.toThrow()
    expect(log.filter((l) => l === 'signInAnonymously')).toHaveLength(2)
  })
})

describe('the H5 CloudBase build', () => {
  test('needs its environment id; the gateway H5 build does not', () => {
    expect(buildProblems({ taroEnv: 'h5', nodeEnv: 'production', mode: 'production', h5Backend: 'cloudbase' })[0]).toContain('TARO_APP_CLOUD_ENV')
    expect(buildProblems({ taroEnv: 'h5', nodeEnv: 'production', mode: 'production', h5Backend: 'cloudbase', cloudEnv: 'dangjian-prod-1a2b' })).toEqual([])
    expect(buildProblems({ taroEnv: 'h5', nodeEnv: 'production', mode: 'production' })).toEqual([])
  })
})
