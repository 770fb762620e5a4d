/**
 * H5 on CloudBase (a build with `TARO_APP_H5_BACKEND=cloudbase`): the same cloud functions through
 * `@cloudbase/js-sdk` 3.7 with anonymous sign-in, so a browser caller has a CloudBase identity (its
 * user id becomes the survey's respondent key on the server; no OPENID). Loaded only by that build:
 * client.ts imports this module behind the build-time switch, so the gateway's H5 bundle has no SDK.
 *
 * Only the app, auth and functions parts of the SDK (its modular entries, `registerAuth` /
 * `registerFunctions`), not the whole SDK. Read in node_modules/@cloudbase/js-sdk: `app.auth()`
 * `.getLoginState()` reuses a kept session; `.signInAnonymously()` answers `{ data, error }` and does
 * not throw on failure; `app.callFunction({ name, data })` answers `{ requestId, result }`.
 * No Taro import: Jest tests this module with stand-ins for the three SDK entries.
 */

type SignIn = { error?: { message?: string } | null }
type WebAuth = { getLoginState(): Promise<unknown>; signInAnonymously(): Promise<SignIn> }
export type WebApp = {
  auth(options?: { persistence: 'local' | 'session' | 'none' }): WebAuth
  callFunction(options: { name: string; data: Record<string, unknown> }): Promise<{ result: unknown }>
}
type WebCloudbase = { init(config: { env: string }): WebApp }

/** Loads the SDK's parts (the default: dynamic imports, their own chunk in the H5 build). */
export type SdkLoader = () => Promise<{ cloudbase: WebCloudbase; registerAuth(c: unknown): void; registerFunctions(c: unknown): void }>

const loadSdk: SdkLoader = async () => {
  const [app, auth, functions] = await Promise.all([import('@cloudbase/js-sdk/app'), import('@cloudbase/js-sdk/auth'), import('@cloudbase/js-sdk/functions')])
  return {
    cloudbase: ((app as { default?: unknown }).default ?? app) as WebCloudbase,
    registerAuth: auth.registerAuth as (c: unknown) => void,
    registerFunctions: functions.registerFunctions as (c: unknown) => void,
  }
}

/** One signed-in app per page load; a failed start is not remembered (the next call retries). */
export function cloudbaseWebClient(env: string, load: SdkLoader = loadSdk) {
  let ready: Promise<WebApp> | null = null
  const start = async (): Promise<WebApp> => {
    if (!env) throw new Error('TARO_APP_CLOUD_ENV is empty')
    const sdk = await load()
    sdk.registerAuth(sdk.cloudbase)
    sdk.registerFunctions(sdk.cloudbase)
    const app = sdk.cloudbase.init({ env })
    const auth = app.auth({ persistence: 'local' })
    if (!(await auth.getLoginState())) {
      const { error } = await auth.signInAnonymously()
      if (error) throw new Error(`anonymous sign-in failed: ${error.message ?? 'unknown'}`)
    }
    return app
  }
  return {
    async call(name: string, data: Record<string, unknown>): Promise<unknown> {
      ready ??= start().catch((err: unknown) => {
        ready = null
        throw err
      })
      const app = await ready
      return (await app.callFunction({ name, data })).result
    },
  }
}
