/** The SQL stores' batch operations (group commit): getMany, insertNew and upsertMany, on PGlite and, when TEST_DATABASE_URL names one, PostgreSQL. */
import type { DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
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
})
