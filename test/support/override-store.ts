/**
 * A store with some of its methods replaced (to record reads or stage a failure or a race); every
 * other method is the inner store's own, bound to it. The replacements receive the inner store.
 */
import type { DocumentStore } from '../../server/store/document-store'

export function overrideStore(inner: DocumentStore, replace: (inner: DocumentStore) => Partial<DocumentStore>): DocumentStore {
  const own = replace(inner)
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop in own) return own[prop as keyof DocumentStore]
      const v = Reflect.get(target, prop, receiver) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** A store that notes each query's and count's collection and filter, for tests of what a call reads. */
export function recordingStore(inner: DocumentStore): { store: DocumentStore; reads: Array<{ collection: string; where: unknown }> } {
  const reads: Array<{ collection: string; where: unknown }> = []
  const store = overrideStore(inner, (s) => ({
    query: (collection, options) => {
      reads.push({ collection, where: options?.where })
      return s.query(collection, options)
    },
    count: (collection, where) => {
      reads.push({ collection, where })
      return s.count(collection, where)
    },
  }))
  return { store, reads }
}

/** A store whose inserts into `collection` fail (a lost connection, not a duplicate) while `failing` is set. */
export function failingInserts(inner: DocumentStore, collection: string): { store: DocumentStore; fail: (on: boolean) => void } {
  let failing = false
  const store = overrideStore(inner, (s) => ({
    insert: ((c, doc) => (failing && c === collection ? Promise.reject(new Error('connection lost')) : s.insert(c, doc))) as DocumentStore['insert'],
  }))
  return { store, fail: (on) => void (failing = on) }
}
