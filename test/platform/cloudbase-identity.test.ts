/**
 * The CloudBase runtime reads the caller as the SDK's own getUserInfo does: node-sdk
 * `getCloudbaseContext(context)` (src/utils/tcbcontext.ts) takes the call context's `environment`
 * first, then process.env for the keys WX_CONTEXT_KEYS lists. Never the event's payload.
 * Only the SDK's pure context functions run here: nothing initialises it or reaches the network.
 */
import { z } from '../../contracts/z'
import { defineFunction } from '../../server/platform/define-function'
import { cloudbaseRuntime } from '../../server/platform/runtime.cloudbase'
import { callerFromCloudbaseContext, contextFor, type Runtime } from '../../server/platform/runtime'

const KEYS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID', 'WX_CLIENTIP', 'TCB_CONTEXT_KEYS', 'TCB_UUID'] as const
const saved: Record<string, string | undefined> = {}
beforeEach(() => {
  for (const k of KEYS) {
    saved[k] = process.env[k]
    delete process.env[k]
  }
})
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  }
})

const runtime = cloudbaseRuntime()
/** A context as CloudBase passes it, with no WX_OPENID inside `environment`. */
const bareContext = { request_id: 'r1', function_name: 'survey', environment: JSON.stringify({ SCF_NAMESPACE: 'env-1' }) }

describe('CloudBase identity', () => {
  test('the OPENID in the call context', () => {
    expect(runtime.identify(contextFor('o-ctx', { WX_CLIENTIP: '10.0.0.1' }))).toEqual({ openid: 'o-ctx', deviceId: null, clientIp: '10.0.0.1' })
  })
  test('falls back to process.env when WX_CONTEXT_KEYS lists WX_OPENID (the SDK getUserInfo rule)', () => {
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_CLIENTIP'
    process.env.WX_OPENID = 'o-env'
    process.env.WX_CLIENTIP = '10.0.0.2'
    expect(runtime.identify(bareContext)).toMatchObject({ openid: 'o-env', clientIp: '10.0.0.2' })
  })
  test('the call context wins over process.env', () => {
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID'
    process.env.WX_OPENID = 'o-env'
    expect(runtime.identify(contextFor('o-ctx')).openid).toBe('o-ctx')
  })
  test('an OPENID in process.env that WX_CONTEXT_KEYS does not list is not read', () => {
    process.env.WX_OPENID = 'o-env'
    expect(runtime.identify(bareContext).openid).toBeNull()
  })
  test('a web user signed in through @cloudbase/js-sdk (anonymous): the CloudBase uid as device id', () => {
    const ctx = contextFor(null, { TCB_UUID: 'uid-0123456789', TCB_ISANONYMOUS_USER: 'true' })
    expect(runtime.identify(ctx)).toEqual({ openid: null, deviceId: 'tcb-uid:uid-0123456789', clientIp: null })
    expect(callerFromCloudbaseContext({ WX_OPENID: 'o1', TCB_UUID: 'u1' }).deviceId).toBeNull()
  })
  test('a malformed context: no identity, no throw', () => {
    expect(runtime.identify({ environment: '{not json' }).openid).toBeNull()
    expect(runtime.identify('context').openid).toBeNull()
  })
  test('the payload never identifies: userInfo and openid fields in the event are ignored', async () => {
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID'
    const seen: Array<string | null> = []
    const main = defineFunction('probe', { whoAmI: { input: z.object({ openid: z.string().optional() }), output: z.object({}) } }, {
      whoAmI: async (_deps, caller) => {
        seen.push(caller.openid)
        return {}
      },
    })(runtime as Runtime)
    await main({ action: 'whoAmI', openid: 'forged', userInfo: { openId: 'forged', appId: 'x' } }, bareContext)
    expect(seen).toEqual([null])
  })
})
