/**
 * The store contract on PGlite on its own worker thread (server/store/pglite-worker.ts), as the
 * gateway process runs it: every statement, transaction, rollback and PostgreSQL error crosses the
 * thread boundary.
 */
import { INDEXES } from '../../server/domain/shared/collections'
import { createPgliteStore } from '../../server/store/document-store.pglite'
import { openPgliteWorker, type WorkerPglite } from '../../server/store/pglite-worker'
import { describeDocumentStoreContract } from './document-store.contract'

let db: Promise<WorkerPglite> | null = null
let n = 0
const fresh = async () => createPgliteStore(await (db ??= openPgliteWorker()), { schema: `w_${process.pid}_${++n}`, indexes: INDEXES })

describeDocumentStoreContract('embedded PGlite on a worker thread', fresh, async () => {
  await (await db)?.close()
  db = null
})
