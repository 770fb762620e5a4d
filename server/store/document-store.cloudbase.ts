/**
 * The CloudBase adapter: a thin pass-through from the DocumentStore port to `app.database()` of
 * @cloudbase/node-sdk (3.18.3, whose database layer is @cloudbase/database 1.4.3). Typed against the
 * SDK's own types; where those say `any`, a narrow interface below names the fields used, as read
 * from the SDK's source. Run live by test/store/cloudbase.contract.test.ts when credentials exist.
 *
 * Not yet confirmed against a live environment (CloudBase is unreachable from the build machines);
 * the first run of the contract suite with credentials settles these:
 * - the error codes matched: DATABASE_DUPLICATE_WRITE (or MongoDB's E11000 text) for a duplicate
 *   `_id`, DATABASE_COLLECTION_NOT_EXIST / "Db or Table not exist" for a missing collection,
 *   DATABASE_COLLECTION_ALREADY_EXIST, DATABASE_TRANSACTION_CONFLICT;
 * - that `add` honours a caller-chosen `_id`, and whether it creates a missing collection itself;
 * - that `updated` counts modified (not matched) documents, which the update methods assume;
 * - inside a transaction, that `get` of an absent document yields null and `set` creates it;
 * - that a new collection is usable at once, and that missing and null fields sort as in PGlite;
 * - the keyset cursors' conditions (afterCondition): checked offline with the SDK's own query
 *   serialisation answered by mingo (test/store/cloudbase-keyset.test.ts), not yet by the service.
 */
import type { CloudBase } from '@cloudbase/node-sdk'
import {
  assertCollection,
  assertField,
  DuplicateIdError,
  InvalidCursorError,
  MAX_LIMIT,
  type Condition,
  type Doc,
  type DocumentStore,
  type Page,
  type Patch,
  type QueryOptions,
  type Scalar,
  type TxStore,
  type Where,
} from './document-store'

/** What `app.database()` returns. */
export type CloudbaseDb = ReturnType<CloudBase['database']>
type Collection = ReturnType<CloudbaseDb['collection']>
type Query = ReturnType<Collection['where']>
type Command = CloudbaseDb['command']
/** A query the SDK's where() and its logic commands take (IQueryCondition in @cloudbase/database). */
type QueryCondition = Parameters<Command['and']>[number]

// Results the SDK types as `any` (document.ts, query.ts, aggregate.ts of @cloudbase/database):
/** `doc(id).get()`: `data` is an array outside a transaction, the document or null inside one. */
interface GetResult {
  data?: unknown
}
interface UpdateResult {
  updated?: number
}
interface RemoveResult {
  deleted?: number | string
}
interface CountResult {
  total?: number
}
interface AggregateResult {
  data?: Array<{ _id?: unknown; count?: unknown }>
}
/**
 * `Db.runTransaction` is `any` in @cloudbase/database; its source (transaction/index.ts, and
 * node-sdk's types/db.d.ts) calls back with a Transaction whose `collection()` is bound to it.
 * `times` is how many conflict retries the SDK makes itself, immediately (default 3).
 */
interface TransactionRunner {
  runTransaction<R>(callback: (t: { collection(name: string): Collection }) => Promise<R>, times?: number): Promise<R>
}

export interface CloudbaseStoreOptions {
  /** Prepended to every collection name (tests isolate runs with it). @default '' */
  prefix?: string
  /**
   * Collections `listCollections` checks besides those this instance wrote to: the server SDK has
   * no way to list collections (that is a management API), so pass the domain's own list.
   */
  collections?: readonly string[]
}

/** The SDK throws its TcbError `{ code, message }` whenever the server answers with a code. */
function errorOf(err: unknown): { code: string; message: string } {
  if (typeof err !== 'object' || err === null) return { code: '', message: String(err) }
  const { code, message } = err as { code?: unknown; message?: unknown }
  return { code: String(code ?? ''), message: String(message ?? '') }
}

/**
 * Matched on CloudBase's documented code DATABASE_DUPLICATE_WRITE ("index key duplicate, e.g.
 * inserting the same _id"); MongoDB's own "E11000 duplicate key" text too, which is what the
 * wx-server-sdk flavour reports under a generic code.
 */
function isDuplicate(err: unknown): boolean {
  const { code, message } = errorOf(err)
  return code === 'DATABASE_DUPLICATE_WRITE' || message.includes('E11000 duplicate key')
}

/**
 * Matched on the documented code DATABASE_COLLECTION_NOT_EXIST, and on the wording of the same
 * error elsewhere: "-502005 database collection not exists | [ResourceNotFound] Db or Table not exist".
 */
function isMissingCollection(err: unknown): boolean {
  const { code, message } = errorOf(err)
  return (
    code === 'DATABASE_COLLECTION_NOT_EXIST' ||
    message.includes('Db or Table not exist') ||
    message.includes('collection not exist')
  )
}

/** createCollection on a name that exists: DATABASE_COLLECTION_ALREADY_EXIST. */
function isCollectionExists(err: unknown): boolean {
  const { code, message } = errorOf(err)
  return code === 'DATABASE_COLLECTION_ALREADY_EXIST' || /already exist/i.test(message)
}

/** The code runTransaction itself retries on (transaction/index.ts). */
const isConflict = (err: unknown) => errorOf(err).code === 'DATABASE_TRANSACTION_CONFLICT'

/** Reads on a collection never written to behave as on an empty one. */
async function orIfMissing<T>(op: Promise<T>, fallback: T): Promise<T> {
  try {
    return await op
  } catch (err) {
    if (isMissingCollection(err)) return fallback
    throw err
  }
}

function firstDoc<T>(res: GetResult): T | null {
  const doc: unknown = Array.isArray(res.data) ? res.data[0] : res.data
  // The store hands back what was stored; callers name the shape they stored.
  return (doc ?? null) as T | null
}

/** Port conditions to SDK commands; a plain value is equality (`null`: null or missing, as MongoDB). */
function toCondition(_: Command, cond: Condition): unknown {
  if (cond === null || typeof cond !== 'object') return cond
  const commands = Object.entries(cond).map(([op, value]) => {
    switch (op) {
      case '$ne':
        return _.neq(value)
      case '$in':
        return _.in([...(value as readonly Scalar[])])
      case '$gt':
        return _.gt(value)
      case '$gte':
        return _.gte(value)
      case '$lt':
        return _.lt(value)
      case '$lte':
        return _.lte(value)
      default:
        throw new Error(`unsupported operator ${op}`)
    }
  })
  const [first, ...rest] = commands
  if (!first) throw new Error('empty condition')
  return rest.length ? first.and(...rest) : first
}

/** Dotted keys stay dotted: the SDK passes them through as MongoDB field paths. */
function toQuery(_: Command, where: Where): Record<string, unknown> {
  const query: Record<string, unknown> = {}
  for (const [field, cond] of Object.entries(where)) {
    assertField(field)
    // The SDK drops undefined values from a query, which would widen it to every document.
    if (cond === undefined) throw new Error(`where.${field} is undefined`)
    query[field] = toCondition(_, cond)
  }
  return query
}

function toUpdate(_: Command, patch: Patch): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(patch.set ?? {})) {
    if (field === '_id' || value === undefined) continue
    // A `$` key would reach MongoDB as an update operator; a dot would write inside a field.
    if (field.includes('.') || field.startsWith('$')) throw new Error(`set takes top-level fields only: ${field}`)
    // `_.set` replaces the value whole; a bare object would be merged into the stored one field by field.
    data[field] = _.set(value)
  }
  for (const [field, by] of Object.entries(patch.inc ?? {})) {
    if (field.includes('.') || field.startsWith('$') || field === '_id') {
      throw new Error(`inc takes top-level fields only: ${field}`)
    }
    if (Object.hasOwn(patch.set ?? {}, field)) throw new Error(`a field is both set and incremented: ${field}`)
    if (!Number.isFinite(by)) throw new Error(`inc by a non-finite number: ${field}`)
    data[field] = _.inc(by)
  }
  return data
}

const hasKeys = (o: object) => Object.keys(o).length > 0

type SortKey = readonly [string, 'asc' | 'desc']

/** The order asked, then `_id` (unique, so every order is total); nothing after `_id` matters. */
function sortKeys(orderBy: NonNullable<QueryOptions['orderBy']>): SortKey[] {
  const keys: SortKey[] = []
  for (const [field, direction] of orderBy) {
    assertField(field)
    // a direction other than asc or desc is refused by the SDK's orderBy (Validate.isFieldOrder)
    keys.push([field, direction])
    if (field === '_id') return keys
  }
  keys.push(['_id', 'asc'])
  return keys
}

/** A document's value at a dotted path; missing is null (MongoDB sorts both first). */
function valueAt(doc: unknown, field: string): Scalar {
  let v: unknown = doc
  for (const part of field.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined
  return v === undefined ? null : (v as Scalar)
}

const isScalar = (v: unknown): v is Scalar => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** Keyset cursor: the last document's value of every sort key, `_id` last. */
function encodeKeyset(values: Scalar[]): string {
  return Buffer.from(JSON.stringify({ k: values })).toString('base64url')
}

function decodeKeyset(cursor: string, keys: number): Scalar[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown }
    if (Array.isArray(parsed.k) && parsed.k.length === keys && parsed.k.every(isScalar) && typeof parsed.k.at(-1) === 'string') return parsed.k
  } catch {
    /* fall through */
  }
  throw new InvalidCursorError()
}

/**
 * The documents after `last` in the order of `keys`, as MongoDB compares and sorts: the first key
 * past its value, or equal on it and past on the next, … A missing or null value sorts before every
 * other (`{f: null}` matches both; `$ne: null` neither), so ascending after a null is "not null"
 * and descending past a value includes the nulls, and nothing is past a null descending.
 */
function afterCondition(_: Command, keys: readonly SortKey[], last: readonly Scalar[]): QueryCondition {
  const branches: QueryCondition[] = []
  const equal: QueryCondition[] = []
  for (const [i, [field, direction]] of keys.entries()) {
    const v = last[i] ?? null
    let past: QueryCondition | null = null
    if (direction === 'asc') past = v === null ? { [field]: _.neq(null) } : { [field]: _.gt(v) }
    else if (v !== null) past = _.or({ [field]: _.lt(v) }, { [field]: _.eq(null) })
    if (past) branches.push(equal.length ? _.and(...equal, past) : past)
    equal.push({ [field]: _.eq(v) })
  }
  const [only, ...more] = branches
  return only && !more.length ? only : _.or(...branches)
}

/** Attempts of one transaction on write conflicts (or a collection created on the way). */
const TX_ATTEMPTS = 10
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 20 * 2 ** attempt)))

/** Rows per aggregate page: aggregate answers 20 rows unless it is given a limit. */
const AGGREGATE_PAGE = 1000

export function createCloudbaseStore(db: CloudbaseDb, options: CloudbaseStoreOptions = {}): DocumentStore {
  const prefix = options.prefix ?? ''
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) throw new Error(`invalid collection prefix: ${prefix}`)
  for (const c of options.collections ?? []) assertCollection(c)
  const _ = db.command
  /** Collections this instance inserted into, for listCollections. */
  const written = new Set<string>()
  const creating = new Map<string, Promise<void>>()

  const fullName = (collection: string) => {
    assertCollection(collection)
    return prefix + collection
  }
  const coll = (collection: string) => db.collection(fullName(collection))

  /**
   * Each name is created once per store: concurrent first inserts share one request, and another
   * process creating it first is fine.
   */
  function createCollection(name: string): Promise<void> {
    let p = creating.get(name)
    if (!p) {
      // `createCollection` is typed `any`: it is the request's promise (index.ts of @cloudbase/database).
      const request: Promise<unknown> = Promise.resolve(db.createCollection(name))
      p = request.then(
        () => undefined,
        (err: unknown) => {
          if (!isCollectionExists(err)) throw err
        },
      )
      creating.set(name, p)
      p.catch(() => creating.delete(name))
    }
    return p
  }

  async function get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    return firstDoc<T>(await orIfMissing<GetResult>(coll(collection).doc(id).get(), {}))
  }

  async function insert(collection: string, doc: Doc): Promise<void> {
    const name = fullName(collection)
    const add = () => db.collection(name).add({ ...doc })
    try {
      try {
        await add()
      } catch (err) {
        // The first insert into a collection that does not exist yet creates it, then retries once.
        if (!isMissingCollection(err)) throw err
        await createCollection(name)
        await add()
      }
    } catch (err) {
      if (isDuplicate(err)) throw new DuplicateIdError(collection, doc._id)
      throw err
    }
    written.add(collection)
  }

  async function count(collection: string, where?: Where): Promise<number> {
    const q: Query = where ? coll(collection).where(toQuery(_, where)) : coll(collection)
    const res = await orIfMissing<CountResult>(q.count(), {})
    return res.total ?? 0
  }

  async function update(collection: string, id: string, patch: Patch): Promise<boolean> {
    const data = toUpdate(_, patch)
    const res = hasKeys(data) ? await orIfMissing<UpdateResult>(coll(collection).doc(id).update(data), {}) : {}
    // `updated` counts modified documents: a patch that changes nothing still found one.
    return (res.updated ?? 0) > 0 || (await get(collection, id)) !== null
  }

  function txStore(t: { collection(name: string): Collection }, touched: Set<string>): TxStore {
    const ref = (collection: string, id: string) => {
      const name = fullName(collection)
      touched.add(name)
      return t.collection(name).doc(id)
    }
    const txGet = async <T extends Doc>(collection: string, id: string) => {
      const res: GetResult = await ref(collection, id).get()
      return firstDoc<T>(res)
    }
    const tx: TxStore = {
      get: txGet,
      async insert(collection, doc) {
        if (await txGet(collection, doc._id)) throw new DuplicateIdError(collection, doc._id)
        // set() refuses a body naming _id: the reference carries it.
        const { _id, ...data } = doc
        await ref(collection, _id).set(data)
        written.add(collection)
      },
      async update(collection, id, patch) {
        const data = toUpdate(_, patch)
        const res: UpdateResult = hasKeys(data) ? await ref(collection, id).update(data) : {}
        // `updated` counts modified documents: a patch that changes nothing still found one.
        return (res.updated ?? 0) > 0 || (await txGet(collection, id)) !== null
      },
      // No single-call upsert with operators in the SDK: update, else create, atomic in the transaction.
      async upsert(collection, doc, patch) {
        if (!(await tx.update(collection, doc._id, patch))) await tx.insert(collection, doc)
      },
    }
    return tx
  }

  return {
    get,
    insert,

    async insertMany(collection, docs) {
      // One by one: a batch add stops at the first duplicate, and which ones landed is not reported.
      const added: string[] = []
      for (const doc of docs) {
        try {
          await insert(collection, doc)
          added.push(doc._id)
        } catch (err) {
          if (!(err instanceof DuplicateIdError)) throw err
        }
      }
      return added
    },

    update,

    async upsert(collection, doc, patch) {
      if (await update(collection, doc._id, patch)) return
      try {
        await insert(collection, doc)
      } catch (err) {
        // Created by someone else between the two calls: it exists now, so the patch applies.
        if (!(err instanceof DuplicateIdError)) throw err
        await update(collection, doc._id, patch)
      }
    },

    async updateWhere(collection, id, where, patch) {
      const data = toUpdate(_, patch)
      // `_.and` keeps both the id and every condition, whatever keys `where` names.
      const matching = (extra: Record<string, unknown> = {}) =>
        coll(collection).where(_.and({ _id: id }, toQuery(_, where), extra))
      const res = hasKeys(data) ? await orIfMissing<UpdateResult>(matching().update(data), {}) : {}
      if ((res.updated ?? 0) > 0) return true
      // Nothing modified. With an increment that means nothing matched; with only `set` it may have
      // matched a document that already holds those values, which counts as done.
      if (Object.values(patch.inc ?? {}).some((by) => by !== 0)) return false
      const holds = Object.fromEntries(
        Object.entries(patch.set ?? {})
          .filter(([field, value]) => field !== '_id' && value !== undefined)
          .map(([field, value]) => [field, _.eq(value)]),
      )
      const n = await orIfMissing<CountResult>(matching(holds).count(), {})
      return (n.total ?? 0) > 0
    },

    async remove(collection, id) {
      const res = await orIfMissing<RemoveResult>(coll(collection).doc(id).remove(), {})
      return Number(res.deleted ?? 0) > 0
    },

    async query<T extends Doc>(collection: string, options: QueryOptions = {}): Promise<Page<T>> {
      const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 100)), MAX_LIMIT)
      const keys = sortKeys(options.orderBy ?? [])
      const after = options.cursor ? decodeKeyset(options.cursor, keys.length) : null
      const where = options.where ? toQuery(_, options.where) : null
      // Keyset paging: the documents after the cursor's, in the order asked (no skip: a page costs the same wherever it is)
      const from = (last: Scalar[]): QueryCondition => {
        const beyond = afterCondition(_, keys, last)
        return where ? _.and(where, beyond) : beyond
      }
      const filter = after ? from(after) : where
      const ordered = (q: Query) => keys.reduce((acc, [field, direction]) => acc.orderBy(field, direction), q)
      const base = (f: QueryCondition | null): Query => ordered(f ? coll(collection).where(f) : coll(collection))
      // One more than asked tells whether a next page exists; a get returns at most 1000.
      const fetch = Math.min(limit + 1, MAX_LIMIT)
      const page = await orIfMissing<{ data: unknown[] }>(base(filter).limit(fetch).get(), { data: [] })
      const docs = page.data.slice(0, limit) as T[]
      const last = docs.at(-1)
      const lastKeys = last ? keys.map(([field]) => valueAt(last, field)) : null
      let more = page.data.length > limit
      if (!more && lastKeys && fetch === limit && page.data.length === limit) {
        const probe = await base(from(lastKeys)).limit(1).field({ _id: true }).get()
        more = probe.data.length > 0
      }
      return { docs, next: more && lastKeys ? encodeKeyset(lastKeys) : null }
    },

    count,

    async countBy(collection, field, where) {
      assertField(field)
      const $ = _.aggregate
      const groups: Array<{ key: Scalar; count: number }> = []
      for (let skip = 0; ; skip += AGGREGATE_PAGE) {
        let pipeline = coll(collection).aggregate()
        if (where && hasKeys(where)) pipeline = pipeline.match(toQuery(_, where))
        const res = await orIfMissing<AggregateResult>(
          pipeline
            .group({ _id: `$${field}`, count: $.sum(1) })
            .sort({ _id: 1 })
            .skip(skip)
            .limit(AGGREGATE_PAGE)
            .end(),
          {},
        )
        const rows = res.data ?? []
        // A missing field groups under null; the port's fields hold scalars.
        for (const row of rows) groups.push({ key: (row._id ?? null) as Scalar, count: Number(row.count) })
        if (rows.length < AGGREGATE_PAGE) return groups
      }
    },

    async transaction(fn) {
      const runner: TransactionRunner = db
      for (let attempt = 1; ; attempt++) {
        const touched = new Set<string>()
        try {
          // times = 0: the SDK's immediate retries are off; conflicts are retried here with backoff.
          return await runner.runTransaction((t) => fn(txStore(t, touched)), 0)
        } catch (err) {
          if (attempt >= TX_ATTEMPTS) throw err
          if (isConflict(err)) {
            await backoff(attempt)
          } else if (isMissingCollection(err) && touched.size) {
            // A collection cannot be created inside a transaction: create the ones it used, run it again.
            await Promise.all([...touched].map(createCollection))
          } else {
            throw err
          }
        }
      }
    },

    async listCollections() {
      const names = [...new Set([...(options.collections ?? []), ...written])].sort()
      const counts = await Promise.all(names.map((name) => count(name)))
      return names.filter((_name, i) => (counts[i] ?? 0) > 0)
    },
  }
}
