/**
 * The SQL adapter on a real PostgreSQL (self-hosting: `DATABASE_URL`), through node-postgres with a
 * pool. Same SQL as the embedded store; what differs is concurrency: transactions here really run
 * side by side, so reads inside one lock their row (`for update`) and a transaction that loses a
 * serialization or deadlock race is run again, as the port promises.
 */
import type { Pool, PoolClient } from 'pg'
import { createPgliteStore, type PgliteStoreOptions, type SqlClient, type SqlDatabase, type SqlDocumentStore } from './document-store.pglite'

const RETRYABLE = new Set(['40001', '40P01'])
const MAX_ATTEMPTS = 5

function clientOf(c: Pool | PoolClient): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const res = await c.query(sql, params)
      return { rows: res.rows as T[], affectedRows: res.rowCount ?? 0 }
    },
  }
}

export function postgresDatabase(pool: Pool): SqlDatabase {
  return {
    ...clientOf(pool),
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect()
        try {
          await client.query('begin')
          const out = await fn(clientOf(client))
          await client.query('commit')
          return out
        } catch (err) {
          await client.query('rollback').catch(() => undefined)
          const code = (err as { code?: string }).code
          if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw err
        } finally {
          client.release()
        }
      }
    },
  }
}

export function createPostgresStore(pool: Pool, options: PgliteStoreOptions = {}): SqlDocumentStore {
  return createPgliteStore(postgresDatabase(pool), { ...options, lockReads: true })
}
