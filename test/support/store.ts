/** Test support: a fresh, empty store on the shared in-memory PGlite of this test file, or on the PostgreSQL of `TEST_DATABASE_URL`. */
import pg from 'pg'
import { INDEXES } from '../../server/domain/shared/collections'
import { openPglite } from '../../server/store/pglite-instance'
import { createPgliteStore } from '../../server/store/document-store.pglite'
import { createPostgresStore } from '../../server/store/document-store.postgres'
import type { DocumentStore } from '../../server/store/document-store'

let n = 0
const uniqueSchema = () => `t_${process.pid}_${++n}_${Math.random().toString(36).slice(2, 8)}`

/** Each call gets its own PostgreSQL schema, so tests never see each other's documents. Tables and their indexes appear on first use. */
export async function freshStore(): Promise<DocumentStore> {
  return createPgliteStore(await openPglite(), { schema: uniqueSchema(), indexes: INDEXES })
}

/** The PostgreSQL the self-hosting suites run on (`TEST_DATABASE_URL`, set by .ci/run), or null. A separate name from the gateway's DATABASE_URL, so that gateways the tests start stay on their own PGlite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? null

const pools: pg.Pool[] = []

/** A fresh schema on the real PostgreSQL; close with `closePostgres` in afterAll. */
export async function freshPostgresStore(): Promise<DocumentStore> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set')
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 8 })
  pools.push(pool)
  // Tables up front, as the gateway does at start: concurrent transactions must not race to create them.
  const store = createPostgresStore(pool, { schema: uniqueSchema(), indexes: INDEXES })
  await store.prepare()
  return store
}

export async function closePostgres(): Promise<void> {
  await Promise.all(pools.splice(0).map((p) => p.end()))
}

/**
 * A fresh store with a door on its transactions: `hold()` keeps every transaction that starts from
 * then on waiting until `release()`; `transactions()` counts those started (held ones included).
 */
export async function gatedStore(): Promise<{ store: DocumentStore; hold: () => void; release: () => void; transactions: () => number }> {
  const inner = await freshStore()
  let gate: Promise<void> | null = null
  let open = () => {}
  let started = 0
  const store: DocumentStore = { ...inner, transaction: async (fn) => (started++, gate && (await gate), inner.transaction(fn)) }
  return {
    store,
    hold: () => void (gate = new Promise((r) => (open = r))),
    release: () => {
      gate = null
      open()
    },
    transactions: () => started,
  }
}
