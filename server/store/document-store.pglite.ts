/**
 * The embedded adapter: each collection is a table of JSONB documents in PostgreSQL — PGlite
 * (PostgreSQL compiled to WASM, in-process) for `npm start` and the tests. Every field path and
 * value goes in as a bound parameter; only validated collection names are spliced into SQL.
 */
import {
  assertCollection,
  assertField,
  decodeCursor,
  DuplicateIdError,
  encodeCursor,
  MAX_LIMIT,
  type Doc,
  type DocumentStore,
  type Page,
  type Patch,
  type QueryOptions,
  type Scalar,
  type TxStore,
  type Where,
} from './document-store'

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
}

class Sql {
  readonly params: unknown[] = []
  /** Binds a value and returns its placeholder. */
  bind(value: unknown, cast = ''): string {
    this.params.push(value)
    return `$${this.params.length}${cast}`
  }
  path(field: string): string {
    assertField(field)
    return `doc #> ${this.bind(field.split('.'), '::text[]')}`
  }
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

function patchSql(sql: Sql, patch: Patch): string {
  let expr = 'doc'
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
    incs.push(`${key}, coalesce((doc ->> ${key})::numeric, 0) + ${sql.bind(by, '::numeric')}`)
  }
  // One jsonb_build_object for every increment keeps the statement linear in the number of fields.
  if (incs.length) expr = `(${expr} || jsonb_build_object(${incs.join(', ')}))`
  return expr
}

export function createPgliteStore(db: SqlDatabase, options: PgliteStoreOptions = {}): DocumentStore {
  const schema = options.schema ?? 'docs'
  assertCollection(schema)
  const ready = new Map<string, Promise<void>>()
  let schemaReady: Promise<void> | null = null

  const table = (collection: string) => `"${schema}"."${collection}"`

  /**
   * Creates the collection's table on first use. Inside a transaction the DDL is part of the
   * transaction and may roll back, so it is not remembered there.
   */
  async function ensure(client: SqlClient, collection: string, inTx = false): Promise<string> {
    assertCollection(collection)
    if (inTx) {
      if (!ready.has(collection)) {
        await client.query(`create schema if not exists "${schema}"`)
        await client.query(`create table if not exists ${table(collection)} (id text primary key, doc jsonb not null)`)
      }
      return table(collection)
    }
    schemaReady ??= client.query(`create schema if not exists "${schema}"`).then(() => undefined)
    await schemaReady
    let p = ready.get(collection)
    if (!p) {
      p = client
        .query(`create table if not exists ${table(collection)} (id text primary key, doc jsonb not null)`)
        .then(() => undefined)
      ready.set(collection, p)
      p.catch(() => ready.delete(collection))
    }
    await p
    return table(collection)
  }

  function txStore(client: SqlClient, inTx: boolean): TxStore {
    return {
      async get<T extends Doc>(collection: string, id: string) {
        const t = await ensure(client, collection, inTx)
        const { rows } = await client.query<{ doc: T }>(`select doc from ${t} where id = $1`, [id])
        return rows[0]?.doc ?? null
      },
      async insert(collection, doc) {
        const t = await ensure(client, collection, inTx)
        const res = await client.query(
          `insert into ${t} (id, doc) values ($1, $2::jsonb) on conflict (id) do nothing`,
          [doc._id, JSON.stringify(doc)],
        )
        if (!res.affectedRows) throw new DuplicateIdError(collection, doc._id)
      },
      async update(collection, id, patch) {
        const t = await ensure(client, collection, inTx)
        const sql = new Sql()
        const expr = patchSql(sql, patch)
        const res = await client.query(`update ${t} set doc = ${expr} where id = ${sql.bind(id)}`, sql.params)
        return (res.affectedRows ?? 0) > 0
      },
    }
  }

  const base = txStore(db, false)

  return {
    ...base,
    async insertMany(collection, docs) {
      if (!docs.length) return []
      const t = await ensure(db, collection)
      const { rows } = await db.query<{ id: string }>(
        `insert into ${t} (id, doc) select d->>'_id', d from jsonb_array_elements($1::jsonb) d
         on conflict (id) do nothing returning id`,
        [JSON.stringify(docs)],
      )
      return rows.map((r) => r.id)
    },
    async updateWhere(collection, id, where, patch) {
      const t = await ensure(db, collection)
      const sql = new Sql()
      const expr = patchSql(sql, patch)
      const res = await db.query(
        `update ${t} set doc = ${expr} where id = ${sql.bind(id)} and ${whereSql(sql, where)}`,
        sql.params,
      )
      return (res.affectedRows ?? 0) > 0
    },
    async remove(collection, id) {
      const t = await ensure(db, collection)
      const res = await db.query(`delete from ${t} where id = $1`, [id])
      return (res.affectedRows ?? 0) > 0
    },
    async query<T extends Doc>(collection: string, options: QueryOptions = {}): Promise<Page<T>> {
      const t = await ensure(db, collection)
      const limit = Math.min(Math.max(1, options.limit ?? 100), MAX_LIMIT)
      const offset = decodeCursor(options.cursor)
      const sql = new Sql()
      const where = whereSql(sql, options.where)
      const order = (options.orderBy ?? []).map(([f, dir]) => `${sql.path(f)} ${dir === 'desc' ? 'desc' : 'asc'}`)
      order.push('id asc')
      const { rows } = await db.query<{ doc: T }>(
        `select doc from ${t} where ${where} order by ${order.join(', ')} limit ${sql.bind(limit + 1)} offset ${sql.bind(offset)}`,
        sql.params,
      )
      const more = rows.length > limit
      return { docs: rows.slice(0, limit).map((r) => r.doc), next: more ? encodeCursor(offset + limit) : null }
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
    async listCollections() {
      const { rows } = await db.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = $1 order by 1`,
        [schema],
      )
      return rows.map((r) => r.name)
    },
  }
}
