/**
 * Exactly-once for writes that create something new (an invite, an activity): the client sends a
 * request id per form submission; the first call claims a key derived from it, runs `fn` and keeps
 * its result; a retry or a double tap gets that same result instead of a second record.
 */
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { DuplicateIdError } from '../../store/document-store'
import { C, type RequestKeyDoc } from './collections'

export async function once<T>(deps: Deps, scope: string, requestId: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!requestId) return fn()
  const _id = deps.ids.derive('request', scope, requestId)
  try {
    await deps.store.insert(C.requestKey, { _id, state: 'pending', createdAt: deps.clock.now().toISOString() })
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
    const seen = await deps.store.get<RequestKeyDoc>(C.requestKey, _id)
    if (seen?.state === 'done') return seen.result as T
    throw new AppError('REQUEST.IN_PROGRESS')
  }
  try {
    const result = await fn()
    await deps.store.update(C.requestKey, _id, { set: { state: 'done', result } })
    return result
  } catch (err) {
    // Nothing was created: free the key so the user can try again.
    await deps.store.remove(C.requestKey, _id)
    throw err
  }
}
