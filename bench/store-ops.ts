/**
 * A wrapper around a DocumentStore that counts what an action asks of it: reads (get, query page,
 * count, countBy, getMany: one each), documents read (a get that finds one: 1; a page: its
 * documents; getMany: those found; a count: 0) and writes (each insert, update, upsert, remove and
 * batch statement: one; insertMany / insertNew / upsertMany count their documents), inside
 * transactions too, by collection. For bench/p5-store-ops.ts and the scale bench.
 */
import type { BatchOps, Doc, DocumentStore, TxStore } from '../server/store/document-store'

export interface Ops {
  reads: number
  docs: number
  writes: number
  /** documents read per collection */
  byCollection: Record<string, number>
}

const none = (): Ops => ({ reads: 0, docs: 0, writes: 0, byCollection: {} })

export function opCounter(inner: DocumentStore): { store: DocumentStore; take: () => Ops } {
  let ops = none()
  const read = (c: string, docs: number) => {
    ops.reads += 1
    ops.docs += docs
    ops.byCollection[c] = (ops.byCollection[c] ?? 0) + docs
  }
  const write = (n = 1) => void (ops.writes += n)
  const wrapBatch = (b: BatchOps): BatchOps => ({
    getMany: async <T extends Doc>(c: string, ids: readonly string[]) => {
      const found = await b.getMany<T>(c, ids)
      read(c, found.size)
      return found
    },
    insertNew: async (c, docs) => (write(docs.length), b.insertNew(c, docs)),
    upsertMany: async (c, docs, fields) => (write(docs.length), b.upsertMany(c, docs, fields)),
  })
  const wrapTx = (tx: TxStore): TxStore => ({
    get: async <T extends Doc>(c: string, id: string) => {
      const d = await tx.get<T>(c, id)
      read(c, d ? 1 : 0)
      return d
    },
    insert: async (c, d) => (write(), tx.insert(c, d)),
    update: async (c, id, p) => (write(), tx.update(c, id, p)),
    ...(tx.upsert ? { upsert: async (c: string, d: Doc, p: Parameters<NonNullable<TxStore['upsert']>>[2]) => (write(), tx.upsert?.(c, d, p)) } : {}),
    ...(tx.batch ? { batch: wrapBatch(tx.batch) } : {}),
  })
  const store: DocumentStore = {
    ...inner,
    ...wrapTx(inner),
    insertMany: async (c, docs) => (write(docs.length), inner.insertMany(c, docs)),
    updateWhere: async (c, id, w, p) => (write(), inner.updateWhere(c, id, w, p)),
    remove: async (c, id) => (write(), inner.remove(c, id)),
    query: async <T extends Doc>(c: string, o?: Parameters<DocumentStore['query']>[1]) => {
      const page = await inner.query<T>(c, o)
      read(c, page.docs.length)
      return page
    },
    count: async (c, w) => (read(c, 0), inner.count(c, w)),
    countBy: async (c, f, w) => (read(c, 0), inner.countBy(c, f, w)),
    transaction: (fn) => inner.transaction((tx) => fn(wrapTx(tx))),
    listCollections: () => inner.listCollections(),
    pageSize: inner.pageSize,
  }
  return { store, take: () => ((taken) => ((ops = none()), taken))(ops) }
}
