/**
 * The storage port: a small document store shaped after the subset of CloudBase's database the
 * domain needs. Adapters: embedded PGlite / PostgreSQL (document-store.pglite.ts) and CloudBase
 * (document-store.cloudbase.ts). Every adapter passes test/store/document-store.contract.ts.
 */

export type Scalar = string | number | boolean | null

/** A comparison on one field. A plain scalar means equality; `null` matches null or missing. */
export type Condition =
  | Scalar
  | { $ne: Scalar }
  | { $in: readonly Scalar[] }
  | { $gt: string | number }
  | { $gte: string | number }
  | { $lt: string | number }
  | { $lte: string | number }
  | { $gte: string | number; $lt: string | number }
  | { $gte: string | number; $lte: string | number }

/** Conditions on top-level or dotted (`a.b`) fields, all of which must hold. */
export type Where = Readonly<Record<string, Condition>>

/** A stored document: any JSON object with a string `_id`. */
export interface Doc {
  _id: string
}

export interface QueryOptions {
  where?: Where
  /** Sort keys in order; `_id` ascending is always appended as the tie-break. */
  orderBy?: ReadonlyArray<readonly [field: string, direction: 'asc' | 'desc']>
  /** @default 100, at most 1000 (CloudBase's cap) */
  limit?: number
  /** The `next` cursor of the previous page. */
  cursor?: string | null
}

export interface Page<T> {
  docs: T[]
  /** Pass as `cursor` for the next page; `null` when this was the last one. */
  next: string | null
}

/** A partial update: `set` replaces top-level fields, `inc` adds to numeric ones (missing = 0). */
export interface Patch {
  set?: Readonly<Record<string, unknown>>
  inc?: Readonly<Record<string, number>>
}

/** The single-document operations allowed inside a transaction (CloudBase's limit). */
export interface TxStore {
  get<T extends Doc = Doc & Record<string, unknown>>(collection: string, id: string): Promise<T | null>
  /** Fails with DuplicateIdError when `_id` exists. */
  insert<T extends Doc>(collection: string, doc: T): Promise<void>
  /** Returns false when no document has this id. */
  update(collection: string, id: string, patch: Patch): Promise<boolean>
  /**
   * Creates `doc` when no document has its `_id`, otherwise applies `patch` to the one there (a
   * counter, a balance): one statement in the SQL stores (`insert … on conflict do update`),
   * update-then-create in CloudBase's. Optional only so that wrappers (test doubles) that predate
   * it still fit the port: call it through `upsert()` below, which falls back to update-then-insert.
   */
  upsert?<T extends Doc>(collection: string, doc: T, patch: Patch): Promise<void>
  /**
   * The batch operations of the SQL stores (one statement each, whatever the number of documents),
   * for group commit: many callers' writes in one transaction (the sign-in burst). Optional: a
   * store without them (CloudBase, test wrappers) is used one document at a time.
   */
  batch?: BatchOps
  /**
   * Documents by id from any collections, in one statement in the SQL stores (each locked as `get`
   * locks it): null for each absent one, in the order asked. Optional: call it through `getAll()`
   * below, which reads them one at a time.
   */
  getAll?(refs: ReadonlyArray<readonly [collection: string, id: string]>): Promise<Array<Doc | null>>
  /**
   * Writes to distinct documents as one statement in the SQL stores (data-modifying CTEs), all or
   * none: an insert whose `_id` exists fails the whole statement with DuplicateIdError, and the
   * transaction with it (on PostgreSQL it cannot go on: let the error leave the callback).
   * Optional: call it through `writeAll()` below, which makes them one at a time in order.
   */
  writeAll?(writes: readonly Write[]): Promise<void>
}

/** One write of `writeAll`: an insert (DuplicateIdError when the id exists) or an upsert (see TxStore.upsert). */
export type Write = InsertWrite | UpsertWrite
export interface InsertWrite {
  insert: string
  doc: Doc
}
export interface UpsertWrite {
  upsert: string
  doc: Doc
  patch: Patch
}

export const collectionOf = (w: Write): string => ('insert' in w ? w.insert : w.upsert)

/** A write set touches each document once (PostgreSQL cannot say which of two changes to a row in one statement wins). */
export function assertDistinct(writes: readonly Write[]): void {
  const seen = new Set<string>()
  for (const w of writes) {
    const key = `${collectionOf(w)}/${w.doc._id}`
    if (seen.has(key)) throw new Error(`writeAll writes ${key} twice`)
    seen.add(key)
  }
}

export interface BatchOps {
  /** The documents with these ids that exist (locked for update where transactions run side by side). */
  getMany<T extends Doc>(collection: string, ids: readonly string[]): Promise<Map<string, T>>
  /** Inserts each document whose `_id` is free; returns the ids it inserted (no error for the others). */
  insertNew<T extends Doc>(collection: string, docs: readonly T[]): Promise<Set<string>>
  /**
   * Creates each document, or on the one there adds the document's values of the `inc` fields and
   * replaces the `set` fields with the document's (top-level fields; ids must be distinct).
   */
  upsertMany<T extends Doc>(collection: string, docs: readonly T[], fields: { inc?: readonly string[]; set?: readonly string[] }): Promise<void>
}

export interface DocumentStore extends TxStore {
  /** Inserts each document; returns the ids that were new (duplicates are skipped, not errors). */
  insertMany<T extends Doc>(collection: string, docs: readonly T[]): Promise<string[]>
  /** Updates the document only if it also matches `where`; true when it did. */
  updateWhere(collection: string, id: string, where: Where, patch: Patch): Promise<boolean>
  /** Removes a document; true when it existed. */
  remove(collection: string, id: string): Promise<boolean>
  query<T extends Doc = Doc & Record<string, unknown>>(collection: string, options?: QueryOptions): Promise<Page<T>>
  count(collection: string, where?: Where): Promise<number>
  /** Counts documents matching `where`, grouped by the value of `field`. */
  countBy(collection: string, field: string, where?: Where): Promise<Array<{ key: Scalar; count: number }>>
  /** Runs `fn` atomically; retried by the adapter on write conflicts, so keep it free of side effects. */
  transaction<T>(fn: (tx: TxStore) => Promise<T>): Promise<T>
  /** Every collection name that holds documents (for audits such as "no raw OPENID anywhere"). */
  listCollections(): Promise<string[]>
  /**
   * The page queryAll / forEachPage / pages read at a time (default MAX_LIMIT). The embedded store
   * asks for less: one statement there holds the process (and every other request) while it runs.
   */
  readonly pageSize?: number
}

export class DuplicateIdError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`duplicate _id ${id} in ${collection}`)
    this.name = 'DuplicateIdError'
  }
}

export const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/
export const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/
export const MAX_LIMIT = 1000

export function assertCollection(name: string): void {
  if (!COLLECTION_NAME.test(name)) throw new Error(`invalid collection name: ${name}`)
}

export function assertField(path: string): void {
  if (!FIELD_PATH.test(path)) throw new Error(`invalid field path: ${path}`)
}

/** `store.upsert` where the store (or wrapper) offers it; otherwise update, then insert when nothing was there. */
export async function upsert<T extends Doc>(store: TxStore, collection: string, doc: T, patch: Patch): Promise<void> {
  if (store.upsert) return store.upsert(collection, doc, patch)
  if (await store.update(collection, doc._id, patch)) return
  await store.insert(collection, doc)
}

/** `store.getAll` where the store offers it; otherwise one get after another. */
export async function getAll(store: TxStore, refs: ReadonlyArray<readonly [collection: string, id: string]>): Promise<Array<Doc | null>> {
  if (store.getAll) return store.getAll(refs)
  const out: Array<Doc | null> = []
  for (const [collection, id] of refs) out.push(await store.get(collection, id))
  return out
}

/** `store.writeAll` where the store offers it; otherwise each write in turn (a duplicate insert stops there, failing the transaction). */
export async function writeAll(store: TxStore, writes: readonly Write[]): Promise<void> {
  assertDistinct(writes)
  if (store.writeAll) return store.writeAll(writes)
  for (const w of writes) {
    if ('insert' in w) await store.insert(w.insert, w.doc)
    else await upsert(store, w.upsert, w.doc, w.patch)
  }
}

/** Reads every page of a query; for bounded sets only (a branch's members, a year's activities). */
export async function queryAll<T extends Doc>(
  store: DocumentStore,
  collection: string,
  options: Omit<QueryOptions, 'cursor' | 'limit'> = {},
  max = 10_000,
): Promise<T[]> {
  const out: T[] = []
  let cursor: string | null = null
  do {
    const page: Page<T> = await store.query<T>(collection, { ...options, limit: store.pageSize ?? MAX_LIMIT, cursor })
    out.push(...page.docs)
    cursor = page.next
    if (out.length > max) throw new Error(`queryAll over ${max} documents in ${collection}`)
  } while (cursor)
  return out
}

/**
 * Streams every page of a query to `onPage`, with no cap: for sets that grow with the branch or the
 * period (a report over a big branch, an export, a year's counters), aggregated page by page on the
 * keyset cursor. Returns the number of documents read.
 */
export async function forEachPage<T extends Doc>(
  store: DocumentStore,
  collection: string,
  options: Omit<QueryOptions, 'cursor' | 'limit'>,
  onPage: (docs: T[]) => void | Promise<void>,
): Promise<number> {
  let read = 0
  for await (const docs of pages<T>(store, collection, options)) {
    read += docs.length
    await onPage(docs)
  }
  return read
}

/** The same pages as an async iterator (`for await (const docs of pages(store, C.x))`), e.g. for the repair commands. */
export async function* pages<T extends Doc>(store: DocumentStore, collection: string, options: Omit<QueryOptions, 'cursor' | 'limit'> = {}): AsyncGenerator<T[]> {
  let cursor: string | null = null
  do {
    const page: Page<T> = await store.query<T>(collection, { ...options, limit: store.pageSize ?? MAX_LIMIT, cursor })
    yield page.docs
    cursor = page.next
  } while (cursor)
}

/** A cursor this store never handed out: the caller's input is wrong (the function kit answers VALIDATION). */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor')
    this.name = 'InvalidCursorError'
  }
}
