/** PGlite on its own thread (server/store/pglite-worker.ts): what the contract suite does not show. */
import { openPgliteWorker } from '../../server/store/pglite-worker'

/** Turns of this thread's event loop while `work` runs. */
async function turnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0
  let done = false
  const spin = () => {
    if (done) return
    turns++
    setImmediate(spin)
  }
  setImmediate(spin)
  await work
  done = true
  return turns
}

const HEAVY = 'select count(*)::int as n from generate_series(1, 2000000) g where g % 7 = 3'

test('a long statement runs on the thread: the event loop here keeps turning meanwhile', async () => {
  const db = await openPgliteWorker()
  try {
    const work = db.query<{ n: number }>(HEAVY)
    const turns = await turnsDuring(work)
    expect((await work).rows).toEqual([{ n: 285714 }])
    // on the gateway's own thread the statement would hold the loop from start to end (0 turns)
    expect(turns).toBeGreaterThan(10)
  } finally {
    await db.close()
  }
})

test('a PostgreSQL error crosses with its fields; a throwing transaction is rolled back; other work goes on', async () => {
  const db = await openPgliteWorker()
  try {
    await db.exec('create table t (id text primary key, n int)')
    await db.query('insert into t values ($1, $2)', ['a', 1])
    const dup = await db.query('insert into t values ($1, $2)', ['a', 2]).catch((e: unknown) => e)
    expect(dup).toBeInstanceOf(Error)
    expect(dup).toMatchObject({ code: '23505', table: 't', detail: 'Key (id)=(a) already exists.' })
    await expect(
      db.transaction(async (tx) => {
        await tx.exec(`insert into t values ('b', 3)`)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await db.transaction(async (tx) => (await tx.query<{ id: string }>('select id from t order by id')).rows)).toEqual([{ id: 'a' }])
  } finally {
    await db.close()
  }
})

test('closed: every call after close is refused, close twice is harmless', async () => {
  const db = await openPgliteWorker()
  expect(db.closed).toBe(false)
  await db.close()
  await db.close()
  expect(db.closed).toBe(true)
  await expect(db.exec('select 1')).rejects.toThrow('the PGlite thread is closed')
})
