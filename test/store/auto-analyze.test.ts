/**
 * The embedded store ANALYZEs a table once enough of it has changed (PGlite has no autovacuum):
 * without statistics the planner walked a grown table's primary key instead of the query's index.
 * reltuples is -1 until a table is first analysed, then about its row count.
 */
import { openPglite, closeAllPglite } from '../../server/store/pglite-instance'
import { createPgliteStore } from '../../server/store/document-store.pglite'

afterAll(closeAllPglite)

let n = 0
async function storeOn(options: { autoAnalyze?: boolean } = {}) {
  const db = await openPglite()
  const schema = `aa_${process.pid}_${++n}`
  const store = createPgliteStore(db, { schema, indexes: { doc: [['k']] }, ...options })
  await store.prepare()
  /** Statistics of the table as the planner sees them; queued after anything the store queued before. */
  const stats = async () => {
    const { rows } = await db.query<{ tuples: number; analysed: number }>(
      `select c.reltuples::float8 as tuples, (select count(*)::int from pg_stats s where s.schemaname = $1 and s.tablename = 'doc') as analysed
         from pg_class c join pg_namespace ns on ns.oid = c.relnamespace where ns.nspname = $1 and c.relname = 'doc'`,
      [schema],
    )
    return rows[0]
  }
  return { store, stats }
}
const docs = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ _id: `d${from + i}`, k: (from + i) % 7 }))

test('a table is analysed once 1,000 rows have been written, not before', async () => {
  const { store, stats } = await storeOn()
  await store.insertMany('doc', docs(0, 999))
  expect(await stats()).toEqual({ tuples: -1, analysed: 0 })
  await store.insert('doc', { _id: 'one-more', k: 1 })
  const after = await stats()
  expect(after?.tuples).toBe(1000)
  expect(after?.analysed).toBeGreaterThan(0)
})

test('after that, again once 1,000 + 10 % of its rows have changed; updates and removals count', async () => {
  const { store, stats } = await storeOn()
  await store.insertMany('doc', docs(0, 2000))
  expect((await stats())?.tuples).toBe(2000)
  // 1,000 + 200 changes are needed now: 1,100 more rows are not enough
  await store.insertMany('doc', docs(2000, 1100))
  expect((await stats())?.tuples).toBe(2000)
  // 99 updates and a removal make it 1,200
  for (let i = 0; i < 99; i++) await store.update('doc', `d${i}`, { set: { k: 100 } })
  expect((await stats())?.tuples).toBe(2000)
  await store.remove('doc', 'd2000')
  expect((await stats())?.tuples).toBe(3099)
})

test('writes in transactions and batch upserts count as well', async () => {
  const { store, stats } = await storeOn()
  await store.transaction(async (tx) => {
    if (!tx.batch) throw new Error('the SQL store has batch operations')
    await tx.batch.upsertMany('doc', docs(0, 600), { set: ['k'] })
    await tx.batch.insertNew('doc', docs(600, 400))
  })
  expect((await stats())?.tuples).toBe(1000)
})

test('turned off, nothing is analysed', async () => {
  const { store, stats } = await storeOn({ autoAnalyze: false })
  await store.insertMany('doc', docs(0, 1500))
  expect(await stats()).toEqual({ tuples: -1, analysed: 0 })
})
