/**
 * The runtime of the local gateway and the tests: the embedded store, the system clock (or a
 * fixed one in tests) and identity read from the CloudBase-shaped context the gateway builds.
 */
import type { Clock, ContentCheck, FileStore, Ids } from '../domain/deps'
import type { DocumentStore } from '../store/document-store'
import { cryptoIds, memorySignals, secretKeys, systemClock, wordListCheck } from './ids'
import { identifyFromEnvironment, type Runtime } from './runtime'

export function localRuntime(
  store: DocumentStore,
  options: {
    clock?: Clock
    ids?: Ids
    logError?: Runtime['logError']
    /** the server secret behind respondent keys and form tickets */
    secret: string
    publicOrigin?: string
    contentCheck?: ContentCheck
    files: FileStore
  },
): Runtime {
  return {
    store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? cryptoIds,
    keys: secretKeys(options.secret),
    contentCheck: options.contentCheck ?? wordListCheck,
    publicOrigin: options.publicOrigin ?? 'http://127.0.0.1:8080',
    files: options.files,
    signals: memorySignals(),
    identify: identifyFromEnvironment,
    logError: options.logError ?? ((error, where) => console.error(`[${where}]`, error)),
  }
}
