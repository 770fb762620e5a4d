/**
 * The store contract on a real PostgreSQL (self-hosting), when `TEST_DATABASE_URL` names one: `.ci/run`
 * starts Debian's PostgreSQL and sets it. Without it the suite is skipped and says so.
 */
import { describeDocumentStoreContract } from './document-store.contract'
import { closePostgres, TEST_DATABASE_URL, freshPostgresStore } from '../support/store'

if (TEST_DATABASE_URL) {
  describeDocumentStoreContract('PostgreSQL (TEST_DATABASE_URL)', freshPostgresStore, closePostgres)
} else {
  test.skip('DocumentStore contract on PostgreSQL: skipped, TEST_DATABASE_URL is not set (.ci/run sets it)', () => {})
}
