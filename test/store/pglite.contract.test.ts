import { describeDocumentStoreContract } from './document-store.contract'
import { freshStore } from '../support/store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import type { DocumentStore, TxStore } from '../../server/store/document-store'

describeDocumentStoreContract('embedded PGlite', freshStore, closeAllPglite)

/** Without getAll and writeAll, as the CloudBase adapter is: the helpers read and write one document at a time. */
function oneAtATime(store: DocumentStore): DocumentStore {
  const strip = <S extends TxStore>({ getAll: _g, writeAll: _w, ...rest }: S): Omit<S, 'getAll' | 'writeAll'> => rest
  return { ...strip(store), transaction: (fn) => store.transaction((tx) => fn(strip(tx))) }
}
describeDocumentStoreContract('embedded PGlite, getAll and writeAll one at a time (as on CloudBase)', async () => oneAtATime(await freshStore()))
