/**
 * The CloudBase runtime: the SDK initialised once per module on first use, its database behind the
 * DocumentStore port, and the caller's OPENID read from the call context CloudBase passes to `main`.
 */
import * as tcb from '@cloudbase/node-sdk'
import type { CloudBase, IContextParam } from '@cloudbase/node-sdk'
import { C } from '../domain/shared/collections'
import type { DocumentStore } from '../store/document-store'
import { createCloudbaseStore } from '../store/document-store.cloudbase'
import { cryptoIds, systemClock } from './ids'
import type { Runtime } from './runtime'

let app: CloudBase | undefined
let store: DocumentStore | undefined

/** SYMBOL_CURRENT_ENV: the environment the function runs in, with the credentials of its role. */
function database() {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return app.database()
}

export function cloudbaseRuntime(): Runtime {
  return {
    // Built on first use, so loading the bundle costs no SDK initialisation.
    get store() {
      store ??= createCloudbaseStore(database(), { collections: Object.values(C) })
      return store
    },
    clock: systemClock,
    ids: cryptoIds,
    identify(context) {
      try {
        // parseContext reads the context alone (its `environment` JSON, or the older `environ`
        // string); getCloudbaseContext would also fall back to process.env, which is not the caller.
        // It validates the shape itself and throws on anything else: no identity then.
        const parsed = tcb.parseContext(context as IContextParam)
        const openid = (parsed.environment ?? parsed.environ)?.WX_OPENID
        return { openid: typeof openid === 'string' && openid.trim() ? openid : null }
      } catch {
        return { openid: null }
      }
    },
    logError(error, where) {
      // CloudBase keeps console output in the function's logs; the client only ever sees INTERNAL.
      console.error(`[${where}]`, error)
    },
  }
}
