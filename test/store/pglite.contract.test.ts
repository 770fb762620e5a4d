import { describeDocumentStoreContract } from './document-store.contract'
import { freshStore } from '../support/store'
import { closeAllPglite } from '../../server/store/pglite-instance'

describeDocumentStoreContract('embedded PGlite', freshStore, closeAllPglite)
