/**
 * Exactly-once for writes that create something new (an invite, an activity, a station): the client
 * sends a request id per form submission; the records and a key derived from that id are written in
 * ONE transaction, so either both exist or neither does. A retry or a double tap finds the key and
 * gets the first call's result; a concurrent twin's transaction fails on the key and rolls back its
 * own records. No "pending" state can be left behind by a crash or a failed write.
 */
import type { Deps } from '../deps'
import { DuplicateIdError, type TxStore } from '../../store/document-store'
import { C, type RequestKeyDoc } from './collections'

export async function once<T>(deps: Deps, scope: string, requestId: string | undefined, fn: (tx: TxStore) => Promise<T>): Promise<T> {
  if (!requestId) return deps.store.transaction(fn)
  const _id = deps.ids.derive('request', scope, requestId)
  const seen = await deps.store.get<RequestKeyDoc>(C.requestKey, _id)
  if (seen) return seen.result as T
  try {
    return await deps.store.transaction(async (tx) => {
      const result = await fn(tx)
      const key: RequestKeyDoc = { _id, state: 'done', result, createdAt: deps.clock.now().toISOString() }
      await tx.insert(C.requestKey, key)
      return result
    })
  } catch (err) {
    if (err instanceof DuplicateIdError && err.collection === C.requestKey) {
      const winner = await deps.store.get<RequestKeyDoc>(C.requestKey, _id)
      if (winner) return winner.result as T
    }
    throw err
  }
}
