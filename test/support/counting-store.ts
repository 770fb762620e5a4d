/** Wraps a store and counts the writes that reach it (inside transactions too), for write-budget tests. */
import type { DocumentStore, TxStore } from '../../server/store/document-store'

export function countingStore(inner: DocumentStore): { store: DocumentStore; writes: () => number; reset: () => void } {
  let n = 0
  const wrapTx = (tx: TxStore): TxStore => ({
    get: (c, id) => tx.get(c, id),
    insert: async (c, d) => {
      await tx.insert(c, d)
      n++
    },
    update: async (c, id, p) => {
      const changed = await tx.update(c, id, p)
      if (changed) n++
      return changed
    },
  })
  const store: DocumentStore = {
    ...inner,
    ...wrapTx(inner),
    insertMany: async (c, docs) => {
      const added = await inner.insertMany(c, docs)
      n += added.length
      return added
    },
    updateWhere: async (c, id, w, p) => {
      const changed = await inner.updateWhere(c, id, w, p)
      if (changed) n++
      return changed
    },
    remove: async (c, id) => {
      const gone = await inner.remove(c, id)
      if (gone) n++
      return gone
    },
    transaction: (fn) => inner.transaction((tx) => fn(wrapTx(tx))),
  }
  return { store, writes: () => n, reset: () => (n = 0) }
}
