/** Test support: a fresh, empty store on the shared in-memory PGlite of this test file. */
import { openPglite } from '../../server/store/pglite-instance'
import { createPgliteStore } from '../../server/store/document-store.pglite'
import type { DocumentStore } from '../../server/store/document-store'

let n = 0

/** Each call gets its own PostgreSQL schema, so tests never see each other's documents. */
export async function freshStore(): Promise<DocumentStore> {
  const pg = await openPglite()
  n += 1
  return createPgliteStore(pg, { schema: `t_${process.pid}_${n}_${Math.random().toString(36).slice(2, 8)}` })
}
