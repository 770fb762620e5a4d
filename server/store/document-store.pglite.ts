/**
 * The SQL adapter: each collection is a table of JSONB documents in PostgreSQL — PGlite
 * (PostgreSQL compiled to WASM, in-process) for `npm start` and the tests, or a real PostgreSQL
 * through node-postgres (`DATABASE_URL`, see document-store.postgres.ts). Every value goes in as a
 * bound parameter; only validated collection names and field paths are spliced into SQL (index
 * expressions must be literal for the planner to match them).
 */
import {
  assertCollection,
  assertDistinct,
  collectionOf,
  assertField,
  DuplicateIdError,
  InvalidCursorError,
  MAX_LIMIT,
  type BatchOps,
  type Doc,
  type DocumentStore,
  type Page,
  type Patch,
  type QueryOptions,
  type Scalar,
  type TxStore,
  type Where,
  type Write,
} from './document-store'
import { literalDatabase, type ExecClient, type ExecDatabase } from './pglite-literal'

/** The part of PGlite (or a node-postgres client) this adapter needs. */
export interface SqlClient {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>
}
export interface SqlDatabase extends SqlClient {
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>
}

export interface PgliteStoreOptions {
  /** PostgreSQL schema holding the collection tables; tests use a fresh one each. @default 'docs' */
  schema?: string
  /**
   * Indexes per collection: each a list of field paths its queries filter and sort on (see
   * `INDEXES` in server/domain/shared/collections.ts). Created with the table, idempotently.
   */
  indexes?: Readonly<Record<string, ReadonlyArray<readonly string[]>>>
  /** Lock a document read inside a transaction (`for update`): needed where transactions run concurrently (PostgreSQL). */
  lockReads?: boolean
  /**
   * ANALYZE a table once enough of it has changed (PGlite only, which has no autovacuum).
   * @default true
   */
  autoAnalyze?: boolean
}

/** The SQL store plus what only SQL stores have: creating every declared table and index up front. */
export interface SqlDocumentStore extends DocumentStore {
  /** Creates the schema, and every collection named in `indexes` with its indexes (idempotent). */
  prepare(): Promise<void>
}

class Sql {
  readonly params: unknown[] = []
  /** Binds a value and returns its placeholder. */
  bind(value: unknown, cast = ''): string {
    this.params.push(value)
    return `$${this.params.length}${cast}`
  }
  path(field: string): string {
    return fieldExpr(field)
  }
}

/**
 * A field's JSONB expression with the path as a literal, so that it is the very expression the
 * collection's indexes are built on (a bound path would hide it from the planner). Safe to splice:
 * assertField allows only [A-Za-z0-9_] segments.
 */
function fieldExpr(field: string): string {
  if (field === '_id') return `to_jsonb(id)`
  assertField(field)
  return `(doc #> '{${field.split('.').join(',')}}')`
}

/** Keyset cursor: the last row's sort keys (as JSONB text, null when missing) and its id. */
interface Keyset {
  k: Array<string | null>
  id: string
}

function encodeKeyset(keys: Array<string | null>, id: string): string {
  return Buffer.from(JSON.stringify({ k: keys, id } satisfies Keyset)).toString('base64url')
}

function decodeKeyset(cursor: string, sortKeys: number): Keyset {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Keyset>
    if (
      typeof parsed.id === 'string' &&
      Array.isArray(parsed.k) &&
      parsed.k.length === sortKeys &&
      parsed.k.every((v) => v === null || (typeof v === 'string' && isJson(v)))
    ) {
      return { k: parsed.k, id: parsed.id }
    }
  } catch {
    /* fall through */
  }
  throw new InvalidCursorError()
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * "After the cursor" for `order by f1 d1, …, id asc` (PostgreSQL puts a missing key, SQL NULL,
 * last in ascending and first in descending order): (f1 after v1) or (f1 = v1 and f2 after v2) …
 * or (all equal and id > last id).
 */
function afterSql(sql: Sql, order: ReadonlyArray<readonly [string, 'asc' | 'desc']>, at: Keyset): string {
  const ors: string[] = []
  const equal: string[] = []
  order.forEach(([field, dir], i) => {
    const f = fieldExpr(field)
    const v = at.k[i] ?? null
    let after: string | null
    let same: string
    if (v === null) {
      after = dir === 'asc' ? null : `${f} is not null`
      same = `${f} is null`
    } else {
      const bound = sql.bind(v, '::jsonb')
      after = dir === 'asc' ? `(${f} > ${bound} or ${f} is null)` : `${f} < ${bound}`
      same = `${f} = ${bound}`
    }
    if (after) ors.push(equal.length ? `(${[...equal, after].join(' and ')})` : after)
    equal.push(same)
  })
  const idAfter = `id > ${sql.bind(at.id)}`
  ors.push(equal.length ? `(${[...equal, idAfter].join(' and ')})` : idAfter)
  return `(${ors.join(' or ')})`
}

function whereSql(sql: Sql, where: Where | undefined): string {
  const parts: string[] = []
  for (const [field, cond] of Object.entries(where ?? {})) {
    const p = sql.path(field)
    if (cond === null) {
      parts.push(`(${p} is null or ${p} = 'null'::jsonb)`)
    } else if (typeof cond !== 'object') {
      parts.push(`${p} = ${sql.bind(JSON.stringify(cond), '::jsonb')}`)
    } else {
      for (const [op, value] of Object.entries(cond)) {
        const v = () => sql.bind(JSON.stringify(value), '::jsonb')
        switch (op) {
          case '$ne':
            parts.push(value === null ? `(${p} is not null and ${p} <> 'null'::jsonb)` : `(${p} is distinct from ${v()})`)
            break
          case '$in':
            parts.push(`${p} in (select jsonb_array_elements(${v()}))`)
            break
          case '$gt':
            parts.push(`${p} > ${v()}`)
            break
          case '$gte':
            parts.push(`${p} >= ${v()}`)
            break
          case '$lt':
            parts.push(`${p} < ${v()}`)
            break
          case '$lte':
            parts.push(`${p} <= ${v()}`)
            break
          default:
            throw new Error(`unsupported operator ${op}`)
        }
      }
    }
  }
  return parts.length ? parts.join(' and ') : 'true'
}

function patchSql(sql: Sql, patch: Patch, doc = 'doc'): string {
  let expr = doc
  const set = { ...patch.set }
  delete set._id
  for (const field of Object.keys(set)) {
    if (field.includes('.')) throw new Error(`set takes top-level fields only: ${field}`)
  }
  if (Object.keys(set).length) expr = `(${expr} || ${sql.bind(JSON.stringify(set), '::jsonb')})`
  const incs: string[] = []
  for (const [field, by] of Object.entries(patch.inc ?? {})) {
    if (field.includes('.') || field === '_id') throw new Error(`inc takes top-level fields only: ${field}`)
    if (field in set) throw new Error(`a field is both set and incremented: ${field}`)
    if (!Number.isFinite(by)) throw new Error(`inc by a non-finite number: ${field}`)
    const key = sql.bind(field, '::text')
    incs.push(`${key}, coalesce((${doc} ->> ${key})::numeric, 0) + ${sql.bind(by, '::numeric')}`)
  }
  // One jsonb_build_object for every increment keeps the statement linear in the number of fields.
  if (incs.length) expr = `(${expr} || jsonb_build_object(${incs.join(', ')}))`
  return expr
}

/** What queryAll & co. read at a time on the embedded store (see DocumentStore.pageSize). */
const EMBEDDED_PAGE = 200

/** Rows written to a table before its first ANALYZE, and the share of its rows after that (autovacuum's 50 + 10 %, but not for small tables). */
const ANALYZE_MIN_ROWS = 1000
const ANALYZE_SHARE = 0.1

/**
 * PGlite has no autovacuum, so nothing ever ANALYZEs its tables and the planner works without
 * statistics: with years of history it walked `activity_sign_in`'s primary key instead of the
 * query's index (2 → 200 ms; bench/attendance-scale.ts). This does what autovacuum's analyze does:
 * counts the rows each collection's writes touch and, past 1,000 + 10 % of the table's rows at its
 * last ANALYZE, queues an ANALYZE of that table (one at a time per table, outside any transaction;
 * a failure — a schema dropped meanwhile — is ignored: the next writes ask again).
 */
function autoAnalyzer(db: SqlClient, table: (collection: string) => string) {
  const changed = new Map<string, number>()
  const rows = new Map<string, number>()
  const running = new Set<string>()
  return (collection: string, n: number) => {
    if (n <= 0) return
    const total = (changed.get(collection) ?? 0) + n
    changed.set(collection, total)
    if (running.has(collection) || total < ANALYZE_MIN_ROWS + ANALYZE_SHARE * (rows.get(collection) ?? 0)) return
    running.add(collection)
    changed.set(collection, 0)
    const t = table(collection)
    void db
      .query(`analyze ${t}`)
      .then(() => db.query<{ n: number }>(`select greatest(reltuples, 0)::float8 as n from pg_class where oid = $1::regclass`, [t]))
      .then((res) => void rows.set(collection, Number(res.rows[0]?.n ?? 0)))
      .catch(() => undefined)
      .finally(() => running.delete(collection))
  }
}

/** PGlite itself (it has `exec`), as opposed to node-postgres or a counting wrapper. */
const isPglite = (db: SqlDatabase): db is SqlDatabase & ExecDatabase => typeof (db as unknown as Partial<ExecClient>).exec === 'function'

export function createPgliteStore(given: SqlDatabase, options: PgliteStoreOptions = {}): SqlDocumentStore {
  // On PGlite every statement goes as a plain query, values as literals: a third of the calls into WASM (pglite-literal.ts).
  const db = isPglite(given) ? literalDatabase(given) : given
  const schema = options.schema ?? 'docs'
  assertCollection(schema)
  const indexes = options.indexes ?? {}
  const ready = new Map<string, Promise<void>>()
  let schemaReady: Promise<void> | null = null

  const table = (collection: string) => `"${schema}"."${collection}"`
  const analyze = isPglite(given) && options.autoAnalyze !== false ? autoAnalyzer(db, table) : null
  /** `n` rows of `collection` written (inserted, changed or removed). */
  const wrote = (collection: string, n: number) => analyze?.(collection, n)

  /** The table and its declared indexes; every statement idempotent. */
  function ddl(collection: string): string[] {
    const out = [`create table if not exists ${table(collection)} (id text primary key, doc jsonb not null)`]
    for (const fields of indexes[collection] ?? []) {
      const name = `${collection}__${fields.map((f) => f.replace(/\./g, '_')).join('__')}`.slice(0, 63)
      out.push(`create index if not exists "${name}" on ${table(collection)} (${fields.map(fieldExpr).join(', ')}, id)`)
    }
    return out
  }

  async function runAll(client: SqlClient, statements: string[]): Promise<void> {
    for (const statement of statements) await client.query(statement)
  }

  /**
   * Creates the collection's table on first use. Inside a transaction the DDL is part of the
   * transaction and may roll back, so it is not remembered there.
   */
  async function ensure(client: SqlClient, collection: string, inTx = false): Promise<string> {
    assertCollection(collection)
    if (inTx) {
      if (!ready.has(collection)) await runAll(client, [`create schema if not exists "${schema}"`, ...ddl(collection)])
      return table(collection)
    }
    schemaReady ??= client.query(`create schema if not exists "${schema}"`).then(() => undefined)
    await schemaReady
    let p = ready.get(collection)
    if (!p) {
      p = runAll(client, ddl(collection))
      ready.set(collection, p)
      p.catch(() => ready.delete(collection))
    }
    await p
    return table(collection)
  }

  function txStore(client: SqlClient, inTx: boolean): TxStore & { batch: BatchOps } {
    return {
      async get<T extends Doc>(collection: string, id: string) {
        const t = await ensure(client, collection, inTx)
        const lock = inTx && options.lockReads ? ' for update' : ''
        const { rows } = await client.query<{ doc: T }>(`select doc from ${t} where id = $1${lock}`, [id])
        return rows[0]?.doc ?? null
      },
      async insert(collection, doc) {
        const t = await ensure(client, collection, inTx)
        const res = await client.query(
          `insert into ${t} (id, doc) values ($1, $2::jsonb) on conflict (id) do nothing`,
          [doc._id, JSON.stringify(doc)],
        )
        if (!res.affectedRows) throw new DuplicateIdError(collection, doc._id)
        wrote(collection, 1)
      },
      async update(collection, id, patch) {
        const t = await ensure(client, collection, inTx)
        const sql = new Sql()
        const expr = patchSql(sql, patch)
        const res = await client.query(`update ${t} set doc = ${expr} where id = ${sql.bind(id)}`, sql.params)
        wrote(collection, res.affectedRows ?? 0)
        return (res.affectedRows ?? 0) > 0
      },
      async upsert(collection, doc, patch) {
        const t = await ensure(client, collection, inTx)
        const sql = new Sql()
        const id = sql.bind(doc._id)
        const value = sql.bind(JSON.stringify(doc), '::jsonb')
        // `cur` is the row already there (the bare `doc` would be ambiguous with `excluded.doc`).
        await client.query(`insert into ${t} as cur (id, doc) values (${id}, ${value}) on conflict (id) do update set doc = ${patchSql(sql, patch, 'cur.doc')}`, sql.params)
        wrote(collection, 1)
      },
      async getAll(refs) {
        if (!refs.length) return []
        const sql = new Sql()
        const lock = inTx && options.lockReads ? ' for update' : ''
        const cols: string[] = []
        // one scalar subquery per document, locked in the order asked
        for (const [i, [collection, id]] of refs.entries()) cols.push(`(select doc from ${await ensure(client, collection, inTx)} where id = ${sql.bind(id)}${lock}) as d${i}`)
        const { rows } = await client.query<Record<string, Doc | null>>(`select ${cols.join(', ')}`, sql.params)
        return refs.map((_, i) => rows[0]?.[`d${i}`] ?? null)
      },
      async writeAll(writes: readonly Write[]) {
        if (!writes.length) return
        assertDistinct(writes)
        const sql = new Sql()
        const ctes: string[] = []
        for (const [i, w] of writes.entries()) {
          const t = await ensure(client, collectionOf(w), inTx)
          const row = `(${sql.bind(w.doc._id)}, ${sql.bind(JSON.stringify(w.doc), '::jsonb')})`
          // A plain insert: a taken id fails the whole statement (none of its writes is made).
          ctes.push('insert' in w
            ? `w${i} as (insert into ${t} (id, doc) values ${row})`
            : `w${i} as (insert into ${t} as cur (id, doc) values ${row} on conflict (id) do update set doc = ${patchSql(sql, w.patch, 'cur.doc')})`)
        }
        try {
          // data-modifying CTEs run to completion whether or not the query reads them
          await client.query(`with ${ctes.join(', ')} select 1`, sql.params)
        } catch (err) {
          const e = err as { code?: string; table?: string; detail?: string }
          const dup = e.code === '23505' ? writes.find((w) => 'insert' in w && w.insert === e.table) : undefined
          if (!dup) throw err
          throw new DuplicateIdError(collectionOf(dup), /Key \(id\)=\((.*)\) already exists/.exec(e.detail ?? '')?.[1] ?? dup.doc._id)
        }
        for (const w of writes) wrote(collectionOf(w), 1)
      },
      batch: {
        async getMany<T extends Doc>(collection: string, ids: readonly string[]) {
          const out = new Map<string, T>()
          if (!ids.length) return out
          const t = await ensure(client, collection, inTx)
          const lock = inTx && options.lockReads ? ' for update' : ''
          const { rows } = await client.query<{ id: string; doc: T }>(
            `select id, doc from ${t} where id in (select jsonb_array_elements_text($1::jsonb)) order by id${lock}`,
            [JSON.stringify(ids)],
          )
          for (const r of rows) out.set(r.id, r.doc)
          return out
        },
        async insertNew(collection, docs) {
          if (!docs.length) return new Set<string>()
          const t = await ensure(client, collection, inTx)
          const { rows } = await client.query<{ id: string }>(
            `insert into ${t} (id, doc) select d->>'_id', d from jsonb_array_elements($1::jsonb) d on conflict (id) do nothing returning id`,
            [JSON.stringify(docs)],
          )
          wrote(collection, rows.length)
          return new Set(rows.map((r) => r.id))
        },
        async upsertMany(collection, docs, fields) {
          if (!docs.length) return
          if (new Set(docs.map((d) => d._id)).size !== docs.length) throw new Error(`upsertMany with a repeated id in ${collection}`)
          const t = await ensure(client, collection, inTx)
          const sql = new Sql()
          // a name is bound as a value, as in patchSql (a mark's field holds an activity id, `-` included)
          const name = (f: string) => {
            if (f.includes('.') || f === '_id') throw new Error(`upsertMany takes top-level fields only: ${f}`)
            return sql.bind(f, '::text')
          }
          const parts = [
            ...(fields.inc ?? []).map((f) => { const k = name(f); return `${k}, coalesce((cur.doc ->> ${k})::numeric, 0) + coalesce((excluded.doc ->> ${k})::numeric, 0)` }),
            ...(fields.set ?? []).map((f) => { const k = name(f); return `${k}, excluded.doc -> ${k}` }),
          ]
          const update = parts.length ? `cur.doc || jsonb_build_object(${parts.join(', ')})` : 'cur.doc'
          // Sorted by id: two batches on PostgreSQL lock their rows in the same order.
          const sorted = [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
          await client.query(
            `insert into ${t} as cur (id, doc) select d->>'_id', d from jsonb_array_elements(${sql.bind(JSON.stringify(sorted), '::jsonb')}) d on conflict (id) do update set doc = ${update}`,
            sql.params,
          )
          wrote(collection, docs.length)
        },
      },
    }
  }

  const base = txStore(db, false)

  /**
   * Gets outside a transaction that arrive while one is being read go together in the next
   * statement (as a DataLoader does), whatever their collections: a burst of requests that each
   * look up the caller and the same activity costs a few statements, not two per request. A get
   * waits for the next turn of the event loop (setImmediate), so that every get asked in this turn
   * (a request's member and activity, and the other requests read in the same turn) shares one.
   */
  interface Waiter {
    resolve: (doc: Doc | null) => void
    reject: (err: unknown) => void
  }
  /** collection → id → callers waiting for it */
  const pending = new Map<string, Map<string, Waiter[]>>()
  let draining = false
  async function drain(): Promise<void> {
    await new Promise((r) => setImmediate(r))
    while (pending.size) {
      const turn = new Map(pending)
      pending.clear()
      try {
        const found = await readTurn(turn)
        // each caller gets its own copy: one may change what it was given
        for (const [collection, byId] of turn) {
          for (const [id, ws] of byId) {
            const doc = found.get(`${collection}\u0000${id}`) ?? null
            ws.forEach((w, i) => w.resolve(i === 0 ? doc : structuredClone(doc)))
          }
        }
      } catch (err) {
        for (const byId of turn.values()) for (const ws of byId.values()) ws.forEach((w) => w.reject(err))
      }
    }
    draining = false
  }
  /** One statement for a turn's gets, keyed `collection \0 id`: a get, a getMany, or a union of one lookup per collection. */
  async function readTurn(turn: Map<string, Map<string, Waiter[]>>): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>()
    const [only, ...others] = [...turn]
    if (only && !others.length) {
      const [collection, byId] = only
      const [id, ...more] = [...byId.keys()]
      if (id !== undefined && !more.length) {
        const doc = await base.get(collection, id)
        if (doc) out.set(`${collection}\u0000${id}`, doc)
      } else {
        for (const [key, doc] of await base.batch.getMany(collection, [...byId.keys()])) out.set(`${collection}\u0000${key}`, doc)
      }
      return out
    }
    const sql = new Sql()
    const parts: string[] = []
    for (const [collection, byId] of turn) {
      const t = await ensure(db, collection)
      parts.push(`select ${sql.bind(collection, '::text')} as c, id, doc from ${t} where id in (select jsonb_array_elements_text(${sql.bind(JSON.stringify([...byId.keys()]), '::jsonb')}))`)
    }
    const { rows } = await db.query<{ c: string; id: string; doc: Doc }>(parts.join(' union all '), sql.params)
    for (const r of rows) out.set(`${r.c}\u0000${r.id}`, r.doc)
    return out
  }
  function coalescedGet<T extends Doc>(collection: string, id: string): Promise<T | null> {
    // a bad name fails its own get, not the others' it would have shared a statement with
    try {
      assertCollection(collection)
    } catch (err) {
      return Promise.reject(err)
    }
    const byId = pending.get(collection) ?? new Map<string, Waiter[]>()
    pending.set(collection, byId)
    const out = new Promise<T | null>((resolve, reject) => {
      const ws = byId.get(id) ?? []
      ws.push({ resolve: resolve as Waiter['resolve'], reject })
      byId.set(id, ws)
    })
    if (!draining) {
      draining = true
      void drain()
    }
    return out
  }

  return {
    ...base,
    get: coalescedGet,
    // PGlite runs in this process: a 1,000-document page would hold it for hundreds of ms
    ...(isPglite(given) ? { pageSize: EMBEDDED_PAGE } : {}),
    async insertMany(collection, docs) {
      return [...(await base.batch.insertNew(collection, docs))]
    },
    async updateWhere(collection, id, where, patch) {
      const t = await ensure(db, collection)
      const sql = new Sql()
      const expr = patchSql(sql, patch)
      const res = await db.query(
        `update ${t} set doc = ${expr} where id = ${sql.bind(id)} and ${whereSql(sql, where)}`,
        sql.params,
      )
      wrote(collection, res.affectedRows ?? 0)
      return (res.affectedRows ?? 0) > 0
    },
    async remove(collection, id) {
      const t = await ensure(db, collection)
      const res = await db.query(`delete from ${t} where id = $1`, [id])
      wrote(collection, res.affectedRows ?? 0)
      return (res.affectedRows ?? 0) > 0
    },
    async query<T extends Doc>(collection: string, options: QueryOptions = {}): Promise<Page<T>> {
      const t = await ensure(db, collection)
      const limit = Math.min(Math.max(1, options.limit ?? 100), MAX_LIMIT)
      const orderBy = (options.orderBy ?? []).map(([f, dir]) => {
        // as strict as CloudBase's orderBy, which refuses any other direction
        if (dir !== 'asc' && dir !== 'desc') throw new Error(`invalid sort direction: ${String(dir)}`)
        return [f, dir] as const
      })
      const sql = new Sql()
      const conditions = [whereSql(sql, options.where)]
      // Keyset paging: the next page starts after the last row's sort keys and id, so a page
      // costs the same wherever it is (an offset would rescan every row before it).
      if (options.cursor) conditions.push(afterSql(sql, orderBy, decodeKeyset(options.cursor, orderBy.length)))
      const keys = orderBy.map(([f], i) => `${fieldExpr(f)}::text as k${i}`)
      const order = [...orderBy.map(([f, dir]) => `${fieldExpr(f)} ${dir}`), 'id asc']
      const { rows } = await db.query<Record<string, string | null> & { doc: T; id: string }>(
        `select doc, id${keys.map((k) => `, ${k}`).join('')} from ${t} where ${conditions.join(' and ')} order by ${order.join(', ')} limit ${sql.bind(limit + 1)}`,
        sql.params,
      )
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      const next = rows.length > limit && last ? encodeKeyset(orderBy.map((_, i) => last[`k${i}`] ?? null), last.id) : null
      return { docs: page.map((r) => r.doc), next }
    },
    async count(collection, where) {
      const t = await ensure(db, collection)
      const sql = new Sql()
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from ${t} where ${whereSql(sql, where)}`,
        sql.params,
      )
      return rows[0]?.n ?? 0
    },
    async countBy(collection, field, where) {
      const t = await ensure(db, collection)
      const sql = new Sql()
      const key = sql.path(field)
      const { rows } = await db.query<{ key: Scalar | undefined; count: number }>(
        `select ${key} as key, count(*)::int as count from ${t} where ${whereSql(sql, where)} group by 1 order by 1`,
        sql.params,
      )
      return rows.map((r) => ({ key: r.key ?? null, count: r.count }))
    },
    async transaction(fn) {
      return db.transaction((tx) => fn(txStore(tx, true)))
    },
    async prepare() {
      // One transaction under an advisory lock: two gateway processes starting on one PostgreSQL
      // would otherwise race on "create … if not exists" (it is not safe against a concurrent twin).
      await db.transaction(async (tx) => {
        await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`document-store:${schema}`])
        await runAll(tx, [`create schema if not exists "${schema}"`, ...Object.keys(indexes).flatMap(ddl)])
      })
      schemaReady = Promise.resolve()
      for (const collection of Object.keys(indexes)) ready.set(collection, Promise.resolve())
    },
    async listCollections() {
      const { rows } = await db.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = $1 order by 1`,
        [schema],
      )
      return rows.map((r) => r.name)
    },
  }
}
