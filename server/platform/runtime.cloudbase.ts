/**
 * The CloudBase runtime: the SDK initialised once per module on first use, its database behind the
 * DocumentStore port, and the caller's OPENID read from the call context CloudBase passes to `main`.
 */
import * as tcb from '@cloudbase/node-sdk'
import type { CloudBase, IContextParam } from '@cloudbase/node-sdk'
import { C } from '../domain/shared/collections'
import type { DocumentStore } from '../store/document-store'
import { createCloudbaseStore } from '../store/document-store.cloudbase'
import { readCloudbaseSettings } from '../config'
import type { ContentCheck, FileStore, Keys, MiniCodes } from '../domain/deps'
import { cloudFileStore } from './files.cloudbase'
import { wordListOnly } from './content-check.cloudbase'
import { cryptoIds, memorySignals, secretKeys, systemClock } from './ids'
import { callerFromCloudbaseContext, type Runtime } from './runtime'

let app: CloudBase | undefined
let store: DocumentStore | undefined

/** SYMBOL_CURRENT_ENV: the environment the function runs in, with the credentials of its role. */
function sdk(): CloudBase {
  app ??= tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  return app
}

function database() {
  return sdk().database()
}

/** Cloud storage (server/platform/files.cloudbase.ts), the SDK started on first use. */
const cloudFiles: FileStore = cloudFileStore(sdk)

let keys: Keys | undefined

export interface CloudbaseRuntimeOptions {
  /**
   * How user text is screened: functions that take comments pass the platform check
   * (`platformContentCheck(wxServerSecurity)`, content-check.cloudbase.ts); the default is the word
   * list, each use logged as not checked by the platform.
   */
  contentCheck?: ContentCheck
  /**
   * Mini-program codes for printed survey cards, built on the runtime's SDK (the survey function
   * passes `(sdk) => cloudMiniCodes(wxServerWxacode, sdk)`, mini-codes.cloudbase.ts); without it the
   * cards carry URL QR codes. A factory, so the other functions' bundles carry none of it.
   */
  miniCodes?: (sdk: () => CloudBase) => MiniCodes
}

export function cloudbaseRuntime(options: CloudbaseRuntimeOptions = {}): Runtime {
  const contentCheck = options.contentCheck ?? wordListOnly()
  const miniCodes = options.miniCodes?.(sdk)
  return {
    // Built on first use, so loading the bundle costs no SDK initialisation.
    get store() {
      store ??= createCloudbaseStore(database(), { collections: Object.values(C) })
      return store
    },
    clock: systemClock,
    ids: cryptoIds,
    get keys() {
      keys ??= secretKeys(readCloudbaseSettings().secret)
      return keys
    },
    contentCheck,
    files: cloudFiles,
    ...(miniCodes ? { miniCodes } : {}),
    signals: memorySignals(),
    get publicOrigin() {
      return readCloudbaseSettings().publicOrigin
    },
    identify(context) {
      try {
        // The SDK's own rule (node-sdk src/utils/tcbcontext.ts getCloudbaseContext, what
        // auth().getUserInfo() reads): the context's `environment` JSON (or the older `environ`),
        // then, for the keys listed in WX_CONTEXT_KEYS / TCB_CONTEXT_KEYS, process.env. Never the
        // event. It throws on a malformed context: no identity then.
        return callerFromCloudbaseContext(tcb.getCloudbaseContext(context as IContextParam) as unknown as Record<string, unknown>)
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
