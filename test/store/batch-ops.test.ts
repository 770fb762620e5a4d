/** The SQL stores' batch operations (group commit): getMany, insertNew and upsertMany, on PGlite and, when TEST_DATABASE_URL names one, PostgreSQL. */
import type { DocumentStore } from '../../server/store/document-store'
import { createPgliteStore } from '../../server/store/document-store.pglite'
import { closeAllPglite, openPglite } from '../../server/store/pglite-instance'
import { countedDatabase } from '../support/statement-counter'
import { closePostgres, freshPostgresStore, freshStore, TEST_DATABASE_URL } from '../support/store'

afterAll(async () => {
  await closeAllPglite()
  await closePostgres()
})

const stores: Array<[string, () => Promise<DocumentStore>]> = [['PGlite', freshStore]]
if (TEST_DATABASE_URL) stores.push(['PostgreSQL', freshPostgresStore])

describe.each(stores)('batch operations on %s', (_, make) => {
  test('insertNew inserts the free ids only and says which; getMany finds what exists', async () => {
    const store = await make()
    await store.insert('b', { _id: 'x', v: 0 })
    const got = await store.transaction(async (tx) => {
      const batch = tx.batch
      if (!batch) throw new Error('no batch operations')
      const inserted = await batch.insertNew('b', [{ _id: 'x', v: 1 }, { _id: 'y', v: 2 }, { _id: "z'", v: 3 }])
      return { inserted: [...inserted].sort(), found: await batch.getMany<{ _id: string; v: number }>('b', ['x', 'y', "z'", 'none']) }
    })
    expect(got.inserted).toEqual(['y', "z'"])
    expect([...got.found.entries()].sort()).toEqual([['x', { _id: 'x', v: 0 }], ['y', { _id: 'y', v: 2 }], ["z'", { _id: "z'", v: 3 }]])
  })

  test('upsertMany creates, or adds the inc fields and replaces the set fields; a repeated id is refused', async () => {
    const store = await make()
    await store.insert('c', { _id: 'a', n: 5, keep: 'k', 's_x-Y': 'old' })
    // field names as a mark's: an activity id with `-` in it
    await store.transaction(async (tx) => tx.batch?.upsertMany('c', [{ _id: 'a', n: -2, 's_x-Y': 'new', keep: 'ignored' }, { _id: 'b', n: 3, 's_x-Y': 'first' }], { inc: ['n'], set: ['s_x-Y'] }))
    expect(await store.get('c', 'a')).toEqual({ _id: 'a', n: 3, keep: 'k', 's_x-Y': 'new' })
    expect(await store.get('c', 'b')).toEqual({ _id: 'b', n: 3, 's_x-Y': 'first' })
    await expect(store.transaction(async (tx) => tx.batch?.upsertMany('c', [{ _id: 'a', n: 1 }, { _id: 'a', n: 1 }], { inc: ['n'] }))).rejects.toThrow(/repeated id/)
    expect(await store.get('c', 'a')).toMatchObject({ n: 3 })
  })

  test('gets outside a transaction that arrive together are answered each with its own copy', async () => {
    const store = await make()
    await store.insertMany('d', [{ _id: 'p', list: [1] }, { _id: 'q', list: [2] }])
    const got = await Promise.all(['p', 'q', 'p', 'none', 'p'].map((id) => store.get<{ _id: string; list: number[] }>('d', id)))
    expect(got.map((d) => d?._id ?? null)).toEqual(['p', 'q', 'p', null, 'p'])
    got[0]?.list.push(9)
    expect(got[2]?.list).toEqual([1])
  })

  test('gets of several collections asked at once are each answered from the right collection', async () => {
    const store = await make()
    await store.insertMany('d', [{ _id: 'p', in: 'd' }, { _id: 'shared', in: 'd' }])
    await store.insertMany('e', [{ _id: 'shared', in: 'e' }, { _id: "o'e", in: 'e' }])
    const got = await Promise.all([
      store.get('d', 'shared'),
      store.get('e', 'shared'),
      store.get('e', "o'e"),
      store.get('d', 'none'),
      store.get('e', 'p'),
      store.get('d', 'p'),
    ])
    expect(got).toEqual([{ _id: 'shared', in: 'd' }, { _id: 'shared', in: 'e' }, { _id: "o'e", in: 'e' }, null, null, { _id: 'p', in: 'd' }])
  })
})

describe('gets outside a transaction, in statements (PGlite)', () => {
  async function counted() {
    const { db, statements, reset } = countedDatabase(await openPglite())
    const store = createPgliteStore(db, { schema: `t_coalesce_${process.pid}_${Math.random().toString(36).slice(2, 8)}` })
    await store.insertMany('member', [{ _id: 'm1', name: '甲' }, { _id: 'm2', name: '乙' }])
    await store.insertMany('activity', [{ _id: 'a1', title: '主题党日' }])
    reset()
    return { store, statements }
  }

  test('asked in the same turn, whatever their collections, they share one statement; a later get has its own', async () => {
    const { store, statements } = await counted()
    const [m1, a1, m2] = await Promise.all([store.get('member', 'm1'), store.get('activity', 'a1'), store.get('member', 'm2')])
    expect([m1, a1, m2]).toEqual([{ _id: 'm1', name: '甲' }, { _id: 'a1', title: '主题党日' }, { _id: 'm2', name: '乙' }])
    expect(statements()).toBe(1)
    expect(await store.get('activity', 'a1')).toEqual({ _id: 'a1', title: '主题党日' })
    expect(statements()).toBe(2)
  })

  test('a collection name that is not one fails its own get only, before any statement', async () => {
    const { store, statements } = await counted()
    const [bad, good] = await Promise.allSettled([store.get('no such; drop', 'x'), store.get('member', 'm1')])
    expect(bad.status).toBe('rejected')
    expect(good).toEqual({ status: 'fulfilled', value: { _id: 'm1', name: '甲' } })
    expect(statements()).toBe(1)
  })
})
