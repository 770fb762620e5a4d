/**
 * Wraps a store and fails the n-th write from the moment it is armed: insert, insertMany, update,
 * updateWhere, remove, the writes inside a transaction, and the transaction's commit (modelled as
 * a throw at the end of a callback that wrote, so the adapter rolls the whole transaction back).
 * The failing write never reaches the inner store. Unarmed, it only logs the write points, so a
 * successful call shows how many fault points it has.
 */
import type { DocumentStore, TxStore } from '../../server/store/document-store'

export class InjectedFault extends Error {
  constructor(readonly point: string) {
    super(`injected fault at ${point}`)
    this.name = 'InjectedFault'
  }
}

export interface FaultyStore {
  store: DocumentStore
  /** Fails the n-th write point (1-based) counted from now; `null` turns faults off. Resets the log. */
  failAt(n: number | null): void
  /** The write points reached since the last `failAt`/`reset`, as `op:collection` (`commit` for a commit). */
  log(): string[]
  /** Whether the armed fault has fired. */
  fired(): boolean
  reset(): void
}

export function faultyStore(inner: DocumentStore): FaultyStore {
  let points: string[] = []
  let failAt: number | null = null
  let fired = false

  /** Counts one write point; throws when it is the armed one. */
  const hit = (point: string): void => {
    points.push(point)
    if (failAt !== null && points.length === failAt) {
      fired = true
      throw new InjectedFault(point)
    }
  }

  const wrapTx = (tx: TxStore, wrote: { n: number }): TxStore => ({
    get: (c, id) => tx.get(c, id),
    insert: async (c, d) => {
      wrote.n++
      hit(`tx.insert:${c}`)
      await tx.insert(c, d)
    },
    update: async (c, id, p) => {
      wrote.n++
      hit(`tx.update:${c}`)
      return tx.update(c, id, p)
    },
  })

  const store: DocumentStore = {
    ...inner,
    get: (c, id) => inner.get(c, id),
    insert: async (c, d) => {
      hit(`insert:${c}`)
      await inner.insert(c, d)
    },
    update: async (c, id, p) => {
      hit(`update:${c}`)
      return inner.update(c, id, p)
    },
    insertMany: async (c, docs) => {
      hit(`insertMany:${c}`)
      return inner.insertMany(c, docs)
    },
    updateWhere: async (c, id, w, p) => {
      hit(`updateWhere:${c}`)
      return inner.updateWhere(c, id, w, p)
    },
    remove: async (c, id) => {
      hit(`remove:${c}`)
      return inner.remove(c, id)
    },
    transaction: (fn) =>
      inner.transaction(async (tx) => {
        const wrote = { n: 0 }
        const out = await fn(wrapTx(tx, wrote))
        // The commit: a read-only transaction has nothing to lose, so it is no fault point.
        if (wrote.n) hit('commit')
        return out
      }),
  }

  return {
    store,
    failAt(n) {
      failAt = n
      fired = false
      points = []
    },
    log: () => [...points],
    fired: () => fired,
    reset() {
      points = []
      fired = false
      failAt = null
    },
  }
}
