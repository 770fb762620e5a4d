/**
 * The one contract every DocumentStore adapter must pass. Each adapter's test file calls
 * `describeDocumentStoreContract` with a factory that yields a fresh, empty store.
 */
import { DuplicateIdError, getAll, InvalidCursorError, queryAll, upsert, writeAll, type DocumentStore } from '../../server/store/document-store'

/** A document for writeAll (a literal typed as Doc would refuse its other fields). */
const d = <T extends { _id: string }>(doc: T): T => doc

export function describeDocumentStoreContract(
  name: string,
  makeStore: () => Promise<DocumentStore>,
  cleanup?: () => Promise<void>,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore
    beforeEach(async () => {
      store = await makeStore()
    })
    if (cleanup) afterAll(cleanup)

    test('gets back what was inserted, and null for an unknown id', async () => {
      await store.insert('thing', { _id: 'a', n: 1, nested: { x: '中文' }, list: [1, 2] })
      expect(await store.get('thing', 'a')).toEqual({ _id: 'a', n: 1, nested: { x: '中文' }, list: [1, 2] })
      expect(await store.get('thing', 'nope')).toBeNull()
    })

    test('rejects a second insert of the same _id and keeps the first document', async () => {
      await store.insert('thing', { _id: 'a', v: 'first' })
      await expect(store.insert('thing', { _id: 'a', v: 'second' })).rejects.toBeInstanceOf(DuplicateIdError)
      expect(await store.get('thing', 'a')).toMatchObject({ v: 'first' })
    })

    test('two simultaneous inserts of one _id give exactly one success', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.insert('race', { _id: 'same', i })),
      )
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(rejected).toHaveLength(19)
      for (const r of rejected) expect(r.reason).toBeInstanceOf(DuplicateIdError)
      expect(await store.count('race')).toBe(1)
    })

    test('insertMany skips duplicates and reports the new ids', async () => {
      await store.insert('thing', { _id: 'b' })
      const added = await store.insertMany('thing', [{ _id: 'a' }, { _id: 'b' }, { _id: 'c' }])
      expect(added.sort()).toEqual(['a', 'c'])
      expect(await store.count('thing')).toBe(3)
    })

    test('update sets fields and increments numbers, missing numbers counting as 0', async () => {
      await store.insert('thing', { _id: 'a', name: 'x', n: 1 })
      expect(await store.update('thing', 'a', { set: { name: 'y' }, inc: { n: 2, fresh: 5 } })).toBe(true)
      expect(await store.get('thing', 'a')).toEqual({ _id: 'a', name: 'y', n: 3, fresh: 5 })
      expect(await store.update('thing', 'missing', { set: { name: 'z' } })).toBe(false)
      expect(await store.get('thing', 'missing')).toBeNull()
    })

    test('concurrent increments are not lost', async () => {
      await store.insert('counter', { _id: 'c', n: 0 })
      await Promise.all(Array.from({ length: 50 }, () => store.update('counter', 'c', { inc: { n: 1 } })))
      expect(await store.get('counter', 'c')).toMatchObject({ n: 50 })
    })

    test('updateWhere changes the document only while the condition holds', async () => {
      await store.insert('invite', { _id: 'i', uses: 0, max: 2 })
      const tries = await Promise.all(
        Array.from({ length: 5 }, () => store.updateWhere('invite', 'i', { uses: { $lt: 2 } }, { inc: { uses: 1 } })),
      )
      expect(tries.filter(Boolean)).toHaveLength(2)
      expect(await store.get('invite', 'i')).toMatchObject({ uses: 2 })
    })

    test('updateWhere never touches another document, whatever the condition', async () => {
      await store.insertMany('thing', [
        { _id: 'a', k: 1 },
        { _id: 'b', k: 1 },
      ])
      await store.updateWhere('thing', 'a', { k: 1 }, { set: { touched: true } })
      expect(await store.get('thing', 'b')).toEqual({ _id: 'b', k: 1 })
    })

    test('query filters by every key given, with operators and dotted paths', async () => {
      await store.insertMany('act', [
        { _id: '1', branch: 'b1', kind: 'x', at: '2026-01-01', n: 1, meta: { tag: 't' } },
        { _id: '2', branch: 'b1', kind: 'y', at: '2026-02-01', n: 2 },
        { _id: '3', branch: 'b2', kind: 'x', at: '2026-03-01', n: 3, gone: null },
        { _id: '4', branch: 'b1', kind: 'x', at: '2026-04-01', n: 4 },
      ])
      const ids = async (where: Parameters<DocumentStore['count']>[1]) =>
        (await store.query('act', { where })).docs.map((d) => d._id).sort()
      expect(await ids({ branch: 'b1', kind: 'x' })).toEqual(['1', '4'])
      expect(await ids({ kind: { $in: ['y', 'z'] } })).toEqual(['2'])
      expect(await ids({ kind: { $ne: 'x' } })).toEqual(['2'])
      expect(await ids({ n: { $gt: 2 } })).toEqual(['3', '4'])
      expect(await ids({ n: { $gte: 2, $lt: 4 } })).toEqual(['2', '3'])
      expect(await ids({ at: { $lte: '2026-02-01' } })).toEqual(['1', '2'])
      expect(await ids({ 'meta.tag': 't' })).toEqual(['1'])
      expect(await ids({ gone: null, branch: 'b2' })).toEqual(['3'])
      expect(await ids({ meta: null })).toEqual(['2', '3', '4'])
      expect(await store.count('act', { branch: 'b1' })).toBe(3)
      expect(await store.count('empty_collection')).toBe(0)
    })

    test('query orders, limits and pages with a cursor until the last page', async () => {
      await store.insertMany(
        'row',
        Array.from({ length: 25 }, (_, i) => ({ _id: `r${String(i).padStart(2, '0')}`, n: i % 5, i })),
      )
      const first = await store.query('row', { orderBy: [['i', 'desc']], limit: 10 })
      expect(first.docs.map((d) => d.i)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15])
      expect(first.next).not.toBeNull()
      const all = await queryAll(store, 'row', { orderBy: [['n', 'asc']] })
      expect(all).toHaveLength(25)
      expect(new Set(all.map((d) => d._id)).size).toBe(25)
      // ties on n are broken by _id ascending
      expect(all.slice(0, 5).map((d) => d._id)).toEqual(['r00', 'r05', 'r10', 'r15', 'r20'])
      const last = await store.query('row', { limit: 10, cursor: (await store.query('row', { limit: 20 })).next })
      expect(last.docs).toHaveLength(5)
      expect(last.next).toBeNull()
    })

    test('pages through a mixed-direction order with ties and missing keys: every document exactly once, in order', async () => {
      // 60 rows: g has ties, h is missing on every fourth row, s sorts descending
      const rows = Array.from({ length: 60 }, (_, i) => ({
        _id: `x${String((i * 37) % 60).padStart(2, '0')}`,
        g: i % 3,
        s: `v${String(i % 7)}`,
        ...(i % 4 === 0 ? {} : { h: i % 5 }),
      }))
      await store.insertMany('keyset', rows)
      const orderBy = [['g', 'asc'], ['h', 'desc'], ['s', 'asc']] as const
      const whole = (await store.query('keyset', { orderBy, limit: 1000 })).docs.map((d) => d._id)
      for (const limit of [1, 7, 13]) {
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const page: Awaited<ReturnType<typeof store.query>> = await store.query('keyset', { orderBy, limit, cursor })
          seen.push(...page.docs.map((d) => d._id))
          cursor = page.next
        } while (cursor)
        expect(seen).toEqual(whole)
      }
      expect(new Set(whole).size).toBe(60)
    })

    test('a document inserted before the cursor does not shift the next page (keyset, not offset)', async () => {
      await store.insertMany('shift', Array.from({ length: 10 }, (_, i) => ({ _id: `s${i}`, at: 10 + i })))
      const first = await store.query('shift', { orderBy: [['at', 'asc']], limit: 5 })
      expect(first.docs.map((d) => d._id)).toEqual(['s0', 's1', 's2', 's3', 's4'])
      await store.insert('shift', { _id: 'early', at: 1 })
      const second = await store.query('shift', { orderBy: [['at', 'asc']], limit: 5, cursor: first.next })
      expect(second.docs.map((d) => d._id)).toEqual(['s5', 's6', 's7', 's8', 's9'])
    })

    test('a cursor that is not one this store handed out is refused with InvalidCursorError', async () => {
      await store.insertMany('cur', [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c', n: 3 }])
      const page = await store.query('cur', { orderBy: [['n', 'asc']], limit: 1 })
      // a cursor of a one-key order used with a two-key order, and plain garbage
      await expect(store.query('cur', { orderBy: [['n', 'asc'], ['m', 'asc']], cursor: page.next })).rejects.toBeInstanceOf(InvalidCursorError)
      await expect(store.query('cur', { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursorError)
    })

    test('countBy groups matching documents by a field', async () => {
      await store.insertMany('vote', [
        { _id: '1', s: 'a', v: 5 },
        { _id: '2', s: 'a', v: 4 },
        { _id: '3', s: 'a', v: 5 },
        { _id: '4', s: 'b', v: 5 },
      ])
      const groups = await store.countBy('vote', 'v', { s: 'a' })
      expect(groups.sort((x, y) => Number(x.key) - Number(y.key))).toEqual([
        { key: 4, count: 1 },
        { key: 5, count: 2 },
      ])
    })

    test('remove deletes one document', async () => {
      await store.insertMany('thing', [{ _id: 'a' }, { _id: 'b' }])
      expect(await store.remove('thing', 'a')).toBe(true)
      expect(await store.remove('thing', 'a')).toBe(false)
      expect(await store.count('thing')).toBe(1)
    })

    test('a transaction commits all its writes together', async () => {
      await store.insert('acct', { _id: 'a', n: 10 })
      await store.transaction(async (tx) => {
        const a = await tx.get<{ _id: string; n: number }>('acct', 'a')
        await tx.update('acct', 'a', { inc: { n: -(a?.n ?? 0) } })
        await tx.insert('acct', { _id: 'b', n: a?.n ?? 0 })
      })
      expect(await store.get('acct', 'a')).toMatchObject({ n: 0 })
      expect(await store.get('acct', 'b')).toMatchObject({ n: 10 })
    })

    test('a transaction that throws leaves nothing behind', async () => {
      await store.insert('acct', { _id: 'a', n: 10 })
      await expect(
        store.transaction(async (tx) => {
          await tx.update('acct', 'a', { inc: { n: -10 } })
          await tx.insert('acct', { _id: 'b', n: 10 })
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await store.get('acct', 'a')).toMatchObject({ n: 10 })
      expect(await store.get('acct', 'b')).toBeNull()
    })

    test('a duplicate insert inside a transaction fails it as a whole', async () => {
      await store.insert('acct', { _id: 'b', n: 1 })
      await expect(
        store.transaction(async (tx) => {
          await tx.update('acct', 'b', { inc: { n: 1 } })
          await tx.insert('acct', { _id: 'b', n: 99 })
        }),
      ).rejects.toBeInstanceOf(DuplicateIdError)
      expect(await store.get('acct', 'b')).toMatchObject({ n: 1 })
    })

    test('upsert creates the document when absent, then applies the patch to the one there', async () => {
      expect(store.upsert).toBeDefined()
      await upsert(store, 'tally', { _id: 't', n: 1, mark: 'first' }, { inc: { n: 1 } })
      expect(await store.get('tally', 't')).toEqual({ _id: 't', n: 1, mark: 'first' })
      await upsert(store, 'tally', { _id: 't', n: 1, mark: 'first' }, { inc: { n: 2 }, set: { mark: 'later' } })
      expect(await store.get('tally', 't')).toEqual({ _id: 't', n: 3, mark: 'later' })
    })

    test('concurrent upserts of one new id lose no increment and create one document', async () => {
      await Promise.all(Array.from({ length: 20 }, () => upsert(store, 'tally', { _id: 'u', n: 1 }, { inc: { n: 1 } })))
      expect(await store.get('tally', 'u')).toEqual({ _id: 'u', n: 20 })
      expect(await store.count('tally')).toBe(1)
    })

    test('an upsert inside a transaction commits or rolls back with it', async () => {
      await store.transaction(async (tx) => {
        await upsert(tx, 'tally', { _id: 'v', n: 5 }, { inc: { n: 5 } })
        await upsert(tx, 'tally', { _id: 'v', n: 5 }, { inc: { n: 5 } })
      })
      expect(await store.get('tally', 'v')).toEqual({ _id: 'v', n: 10 })
      await expect(
        store.transaction(async (tx) => {
          await upsert(tx, 'tally', { _id: 'v', n: 1 }, { inc: { n: 1 } })
          await upsert(tx, 'tally', { _id: 'w', n: 1 }, { inc: { n: 1 } })
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await store.get('tally', 'v')).toEqual({ _id: 'v', n: 10 })
      expect(await store.get('tally', 'w')).toBeNull()
    })

    test('a duplicate insert caught inside a transaction leaves the transaction usable', async () => {
      await store.insert('acct', { _id: 'b', n: 1 })
      await store.transaction(async (tx) => {
        await expect(tx.insert('acct', { _id: 'b', n: 99 })).rejects.toBeInstanceOf(DuplicateIdError)
        await tx.update('acct', 'b', { inc: { n: 1 } })
        await tx.insert('acct', { _id: 'c', n: 1 })
      })
      expect(await store.get('acct', 'b')).toMatchObject({ n: 2 })
      expect(await store.get('acct', 'c')).toMatchObject({ n: 1 })
    })

    test('concurrent transactions that read-then-write do not lose updates', async () => {
      await store.insert('acct', { _id: 'a', n: 0 })
      await Promise.all(
        Array.from({ length: 10 }, () =>
          store.transaction(async (tx) => {
            const a = await tx.get<{ _id: string; n: number }>('acct', 'a')
            await tx.update('acct', 'a', { set: { n: (a?.n ?? 0) + 1 } })
          }),
        ),
      )
      expect(await store.get('acct', 'a')).toMatchObject({ n: 10 })
    })

    test('getAll reads documents of several collections in the order asked, null for an absent one, in and out of a transaction', async () => {
      await store.insert('acct', { _id: 'a', n: 1 })
      await store.insert('tally', { _id: 't', n: 2 })
      const refs = [['tally', 't'], ['acct', 'zz'], ['acct', 'a']] as const
      expect(await getAll(store, refs)).toEqual([{ _id: 't', n: 2 }, null, { _id: 'a', n: 1 }])
      expect(await store.transaction((tx) => getAll(tx, refs))).toEqual([{ _id: 't', n: 2 }, null, { _id: 'a', n: 1 }])
      expect(await getAll(store, [])).toEqual([])
    })

    test('writeAll makes inserts and upserts of several collections together', async () => {
      await store.insert('tally', { _id: 'old', n: 5, mark: 'x' })
      await store.transaction((tx) =>
        writeAll(tx, [
          { insert: 'acct', doc: d({ _id: 'e1', n: 1 }) },
          { upsert: 'tally', doc: d({ _id: 'old', n: 1 }), patch: { inc: { n: 2 }, set: { mark: 'y' } } },
          { upsert: 'tally', doc: d({ _id: 'new', n: 7 }), patch: { inc: { n: 7 } } },
        ]),
      )
      expect(await store.get('acct', 'e1')).toEqual({ _id: 'e1', n: 1 })
      expect(await store.get('tally', 'old')).toEqual({ _id: 'old', n: 7, mark: 'y' })
      expect(await store.get('tally', 'new')).toEqual({ _id: 'new', n: 7 })
    })

    test('writeAll with a taken id fails with DuplicateIdError naming it, and its transaction keeps none of the writes', async () => {
      await store.insert('acct', { _id: 'taken', n: 1 })
      await store.insert('tally', { _id: 't', n: 1 })
      const err = await store
        .transaction(async (tx) => {
          await tx.update('tally', 't', { inc: { n: 100 } })
          await writeAll(tx, [
            { upsert: 'tally', doc: d({ _id: 't', n: 1 }), patch: { inc: { n: 1 } } },
            { insert: 'acct', doc: d({ _id: 'fresh', n: 1 }) },
            { insert: 'acct', doc: d({ _id: 'taken', n: 99 }) },
            { upsert: 'tally', doc: d({ _id: 'u', n: 1 }), patch: { inc: { n: 1 } } },
          ])
        })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DuplicateIdError)
      expect(err).toMatchObject({ collection: 'acct', id: 'taken' })
      expect(await store.get('acct', 'taken')).toEqual({ _id: 'taken', n: 1 })
      expect(await store.get('acct', 'fresh')).toBeNull()
      expect(await store.get('tally', 't')).toEqual({ _id: 't', n: 1 })
      expect(await store.get('tally', 'u')).toBeNull()
    })

    test('writeAll refuses to write one document twice', async () => {
      const twice = [
        { upsert: 'tally', doc: d({ _id: 'd', n: 1 }), patch: { inc: { n: 1 } } },
        { upsert: 'tally', doc: d({ _id: 'd', n: 1 }), patch: { inc: { n: 1 } } },
      ]
      await expect(store.transaction((tx) => writeAll(tx, twice))).rejects.toThrow('twice')
      expect(await store.get('tally', 'd')).toBeNull()
    })

    test('concurrent transactions that read with getAll and write with writeAll do not lose updates', async () => {
      // the tables first: PostgreSQL's "create table if not exists" is not safe against a concurrent twin (prepare() makes them at start)
      await store.insert('acct', { _id: 'a', n: 0 })
      await store.insert('tally', { _id: 'other', n: 0 })
      await store.insert('log', { _id: 'seed', saw: -1 })
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.transaction(async (tx) => {
            const [a] = (await getAll(tx, [['acct', 'a'], ['tally', 'none']])) as [{ n: number } | null, unknown]
            await writeAll(tx, [
              { upsert: 'acct', doc: d({ _id: 'a', n: 0 }), patch: { set: { n: (a?.n ?? 0) + 1 } } },
              { insert: 'log', doc: d({ _id: `l${i}`, saw: a?.n ?? 0 }) },
            ])
          }),
        ),
      )
      expect(await store.get('acct', 'a')).toMatchObject({ n: 10 })
      // each transaction saw the one before it
      expect((await queryAll<{ _id: string; saw: number }>(store, 'log')).map((l) => l.saw).sort((x, y) => x - y)).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    })

    test('lists the collections that were written to', async () => {
      await store.insert('alpha', { _id: '1' })
      await store.insert('beta', { _id: '1' })
      expect(await store.listCollections()).toEqual(expect.arrayContaining(['alpha', 'beta']))
    })

    test('refuses collection names and field paths that could inject', async () => {
      await expect(store.insert('bad"; drop table x; --', { _id: '1' })).rejects.toThrow()
      await expect(store.query('thing', { where: { "a'); drop": 1 } })).rejects.toThrow()
    })

    test('refuses a sort direction other than asc or desc, as CloudBase does', async () => {
      await store.insert('thing', { _id: '1', n: 1 })
      await expect(store.query('thing', { orderBy: [['n', '' as 'asc']] })).rejects.toThrow()
      await expect(store.query('thing', { orderBy: [['n', 'ascending' as 'asc']] })).rejects.toThrow()
      expect((await store.query('thing', { orderBy: [['n', 'desc']] })).docs).toHaveLength(1)
    })
  })
}
