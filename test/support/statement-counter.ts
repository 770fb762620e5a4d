/** A harness whose SQL store counts every statement it sends (BEGIN and COMMIT included): for statement budgets in tests and benches. */
import type { PGlite } from '@electric-sql/pglite'
import { INDEXES } from '../../server/domain/shared/collections'
import { createPgliteStore, type SqlClient, type SqlDatabase } from '../../server/store/document-store.pglite'
import { makeHarness, type Harness } from './harness'

/** PGlite as the SQL adapter's database, counting what is sent through it. */
export function countedDatabase(pg: PGlite): { db: SqlDatabase; statements: () => number; reset: () => void } {
  let n = 0
  const counted = (c: SqlClient): SqlClient => ({
    query: (sql, params) => {
      n++
      return c.query(sql, params)
    },
  })
  const db: SqlDatabase = {
    ...counted(pg),
    transaction: (fn) =>
      pg.transaction((tx) => {
        n += 2 // BEGIN, COMMIT
        return fn(counted(tx))
      }),
  }
  return { db, statements: () => n, reset: () => (n = 0) }
}

export async function countedHarness(pg: PGlite, schema: string): Promise<{ h: Harness; statements: () => number; reset: () => void }> {
  const { db, statements, reset } = countedDatabase(pg)
  // tables and indexes made before counting starts
  const store = createPgliteStore(db, { schema, indexes: INDEXES })
  await store.prepare()
  const h = await makeHarness({ store })
  return { h, statements, reset }
}
