/**
 * The runtime of the local gateway and the tests: the embedded store, the system clock (or a
 * fixed one in tests) and identity read from the CloudBase-shaped context the gateway builds.
 */
import type { Clock, Ids } from '../domain/deps'
import type { DocumentStore } from '../store/document-store'
import { cryptoIds, systemClock } from './ids'
import { identifyFromEnvironment, type Runtime } from './runtime'

export function localRuntime(
  store: DocumentStore,
  options: { clock?: Clock; ids?: Ids; logError?: Runtime['logError'] } = {},
): Runtime {
  return {
    store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? cryptoIds,
    identify: identifyFromEnvironment,
    logError: options.logError ?? ((error, where) => console.error(`[${where}]`, error)),
  }
}
