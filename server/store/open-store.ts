/**
 * Opens the SQL store the gateway runs on: PostgreSQL when a `DATABASE_URL` is given (self-hosting),
 * else the embedded PGlite in a data folder, on a worker thread of its own when `thread` is set (the
 * gateway; pglite-worker.ts). Tables and indexes are created before the first request.
 */
import { INDEXES } from '../domain/shared/collections'
import type { SqlDocumentStore } from './document-store.pglite'
import { createPgliteStore } from './document-store.pglite'
import { openPglite } from './pglite-instance'
import { openPgliteWorker } from './pglite-worker'

export interface OpenedStore {
  store: SqlDocumentStore
  kind: 'postgres' | 'pglite'
  close(): Promise<void>
}

export async function openStore(options: { databaseUrl: string | null; dataDir: string; schema?: string; thread?: boolean }): Promise<OpenedStore> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg')
    const { createPostgresStore } = await import('./document-store.postgres')
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    const store = createPostgresStore(pool, { indexes: INDEXES, schema: options.schema })
    await store.prepare()
    return { store, kind: 'postgres', close: () => pool.end() }
  }
  const db = options.thread ? await openPgliteWorker(options.dataDir) : await openPglite(options.dataDir)
  const store = createPgliteStore(db, { indexes: INDEXES, schema: options.schema })
  await store.prepare()
  return { store, kind: 'pglite', close: () => db.close() }
}
