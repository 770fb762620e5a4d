/**
 * The shared DocumentStore contract against a live CloudBase environment, run only when credentials
 * are present: TCB_ENV (or CLOUDBASE_ENV_ID), TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY.
 * Without them the SDK is never even loaded: an unguarded query kills the process (TOOLCHAIN.md).
 */
import { describeDocumentStoreContract } from './document-store.contract'
import { COLLECTION_NAME, type DocumentStore } from '../../server/store/document-store'
import { createCloudbaseStore, type CloudbaseDb } from '../../server/store/document-store.cloudbase'

const envId = process.env.TCB_ENV || process.env.CLOUDBASE_ENV_ID
const secretId = process.env.TENCENTCLOUD_SECRETID
const secretKey = process.env.TENCENTCLOUD_SECRETKEY
const missing = [
  envId ? null : 'TCB_ENV (or CLOUDBASE_ENV_ID)',
  secretId ? null : 'TENCENTCLOUD_SECRETID',
  secretKey ? null : 'TENCENTCLOUD_SECRETKEY',
].filter((m): m is string => m !== null)

if (missing.length) {
  // Nothing below this line may run: without credentials the SDK's first query takes the process down.
  const why = `${missing.join(', ')} not set`
  console.log(`[store contract] CloudBase skipped: ${why}`)
  test.skip(`DocumentStore contract on CloudBase: skipped, ${why}`, () => {})
} else {
  /**
   * One prefix per run keeps concurrent runs apart. The server SDK cannot drop collections, so each
   * run leaves its (emptied) collections behind; TCB_TEST_PREFIX pins the prefix to reuse them.
   */
  const prefix = process.env.TCB_TEST_PREFIX ?? `ct${Date.now().toString(36)}_`
  const used = new Set<string>()
  let db: CloudbaseDb | undefined

  const database = async (): Promise<CloudbaseDb> => {
    if (!db) {
      const tcb = await import('@cloudbase/node-sdk')
      db = tcb.init({ env: envId, secretId, secretKey }).database()
    }
    return db
  }

  /** Removes every document of a collection; one that does not exist yet is already empty. */
  const wipe = async (d: CloudbaseDb, name: string) => {
    try {
      await d.collection(name).where({ _id: d.command.exists(true) }).remove()
    } catch (err) {
      const code = (err as { code?: unknown }).code
      if (code !== 'DATABASE_COLLECTION_NOT_EXIST') throw err
    }
  }

  /** The port's methods whose first argument is a collection (transactions always follow one). */
  const BY_COLLECTION = new Set<PropertyKey>([
    'get', 'insert', 'update', 'insertMany', 'updateWhere', 'remove', 'query', 'count', 'countBy',
  ])

  /**
   * Each test gets an empty store: a collection is wiped the first time the test touches it, so
   * documents of earlier tests (or of a crashed run under a pinned prefix) are never seen.
   */
  const makeStore = async (): Promise<DocumentStore> => {
    const d = await database()
    const store = createCloudbaseStore(d, { prefix })
    const wiped = new Map<string, Promise<void>>()
    const fresh = (collection: unknown) => {
      // Invalid names go straight to the adapter, which must refuse them.
      if (typeof collection !== 'string' || !COLLECTION_NAME.test(collection)) return Promise.resolve()
      used.add(collection)
      let p = wiped.get(collection)
      if (!p) {
        p = wipe(d, prefix + collection)
        wiped.set(collection, p)
      }
      return p
    }
    return new Proxy(store, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver)
        if (typeof value !== 'function' || !BY_COLLECTION.has(key)) return value
        return async (collection: unknown, ...rest: unknown[]) => {
          await fresh(collection)
          return Reflect.apply(value, target, [collection, ...rest])
        }
      },
    })
  }

  const cleanup = async () => {
    if (!db) return
    const d = db
    await Promise.all([...used].map((c) => wipe(d, prefix + c)))
    console.log(`[store contract] CloudBase: emptied ${used.size} collections under prefix ${prefix} (collections stay)`)
  }

  describeDocumentStoreContract(`CloudBase (${envId}, prefix ${prefix})`, makeStore, cleanup)
}
