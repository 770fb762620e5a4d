/**
 * How the two wx-server-sdk adapters load the SDK (content-check.cloudbase.ts, mini-codes.cloudbase.ts),
 * against a stand-in module shaped like wx-server-sdk 4.0.2's index.js: `init` is called once with
 * the environment the function runs in (`DYNAMIC_CURRENT_ENV`), each API call goes to the SDK's
 * `openapi` namespace with the caller's input and returns its answer, and a load that failed is
 * tried again on the next use instead of failing every later call. (The real module is loaded in
 * content-check.test.ts; this file replaces it to see the calls.)
 */
import { jest } from '@jest/globals'

const CURRENT_ENV = Symbol('DYNAMIC_CURRENT_ENV')
const sdk = {
  initFailures: 0,
  inits: [] as unknown[],
  calls: [] as Array<[string, unknown]>,
}

jest.mock('wx-server-sdk', () => ({
  DYNAMIC_CURRENT_ENV: CURRENT_ENV,
  init(config: unknown) {
    if (sdk.initFailures > 0) {
      sdk.initFailures -= 1
      throw new Error('init: no environment')
    }
    sdk.inits.push(config)
  },
  openapi: {
    security: { msgSecCheck: async (input: unknown) => (sdk.calls.push(['msgSecCheck', input]), { result: { suggest: 'pass' } }) },
    wxacode: { getUnlimited: async (input: unknown) => (sdk.calls.push(['getUnlimited', input]), { contentType: 'image/png', buffer: Buffer.from([1]) }) },
  },
}))

beforeEach(() => {
  sdk.initFailures = 0
  sdk.inits.length = 0
  sdk.calls.length = 0
})

test('content check: a failed load is retried; then init once for the current environment and msgSecCheck called with the input', async () => {
  const { wxServerSecurity } = await import('../../server/platform/content-check.cloudbase')
  sdk.initFailures = 1
  await expect(wxServerSecurity()).rejects.toThrow('init: no environment')
  const api = await wxServerSecurity()
  expect(await wxServerSecurity()).toBe(api)
  expect(sdk.inits).toEqual([{ env: CURRENT_ENV }])
  const input = { content: '窗口服务很耐心', version: 2, scene: 2, openid: 'o-1' } as const
  expect(await api.msgSecCheck(input)).toEqual({ result: { suggest: 'pass' } })
  expect(sdk.calls).toEqual([['msgSecCheck', input]])
})

test('mini-program codes: a failed load is retried; then init once for the current environment and getUnlimited called with the input', async () => {
  const { wxServerWxacode } = await import('../../server/platform/mini-codes.cloudbase')
  sdk.initFailures = 1
  await expect(wxServerWxacode()).rejects.toThrow('init: no environment')
  const api = await wxServerWxacode()
  expect(await wxServerWxacode()).toBe(api)
  expect(sdk.inits).toEqual([{ env: CURRENT_ENV }])
  const input = { scene: 'c=abc', page: 'survey/index' }
  expect(await api.getUnlimited(input)).toEqual({ contentType: 'image/png', buffer: Buffer.from([1]) })
  expect(sdk.calls).toEqual([['getUnlimited', input]])
})
