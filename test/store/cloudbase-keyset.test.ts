/**
 * The CloudBase adapter's keyset cursors, offline. CloudBase is unreachable from these machines, so
 * its database is stood in for at the SDK's transport only: the real @cloudbase/node-sdk builds and
 * serialises every query (where, orderBy, limit, projection) as it would for the service, and the
 * stand-in answers `database.getDocument` by evaluating that MongoDB query with mingo (an in-memory
 * implementation of MongoDB's query language, sort order included). The live check is
 * cloudbase.contract.test.ts, which runs the whole store contract when credentials exist.
 */
import tcb from '@cloudbase/node-sdk'
import { Db } from '@cloudbase/database'
import { EJSON } from 'bson'
import { Query } from 'mingo'
import { InvalidCursorError, type Doc, type QueryOptions } from '../../server/store/document-store'
import { createCloudbaseStore } from '../../server/store/document-store.cloudbase'

type Row = Record<string, unknown> & { _id: string }
const collections = new Map<string, Row[]>()
const requests: Array<{ action: string; query: unknown; order: unknown; limit: unknown; offset: unknown }> = []

/** The SDK's requester, answering reads from `collections` as MongoDB would. */
class MingoRequester {
  async send(action: string, param: { collectionName: string; query?: string; order?: string; limit?: number; offset?: number }) {
    const query = param.query ? (EJSON.parse(param.query, { relaxed: true }) as Record<string, unknown>) : {}
    // orderBy() keeps `{ field: 1 | -1 }` in the order the calls came
    const order = param.order ? (EJSON.parse(param.order, { relaxed: true }) as Record<string, 1 | -1>) : {}
    requests.push({ action, query, order, limit: param.limit, offset: param.offset })
    if (action !== 'database.getDocument') throw new Error(`not stood in for: ${action}`)
    const rows = collections.get(param.collectionName) ?? []
    let cursor = new Query(query).find<Row>(rows).sort(order)
    if (param.offset) cursor = cursor.skip(param.offset)
    const list = cursor.limit(param.limit ?? 100).all()
    return { data: { list: list.map((d) => EJSON.stringify(d, { relaxed: false })) }, requestId: 'offline' }
  }
}

function offlineStore() {
  const db = tcb.init({ env: 'offline-test', secretId: 'offline', secretKey: 'offline' }).database()
  // after init, which sets the SDK's own HTTP requester
  ;(Db as unknown as { reqClass: unknown }).reqClass = MingoRequester
  return createCloudbaseStore(db)
}

async function allPages(store: ReturnType<typeof offlineStore>, collection: string, options: QueryOptions, limit: number): Promise<string[]> {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page: { docs: Doc[]; next: string | null } = await store.query(collection, { ...options, limit, cursor })
    seen.push(...page.docs.map((d) => d._id))
    cursor = page.next
  } while (cursor)
  return seen
}

/** MongoDB's order, written out: a missing or null key before every value; ties by _id ascending. */
function expectedOrder(rows: Row[], orderBy: ReadonlyArray<readonly [string, 'asc' | 'desc']>): string[] {
  const cmp = (a: unknown, b: unknown) => (a === b ? 0 : a === undefined || a === null ? -1 : b === undefined || b === null ? 1 : (a as number) < (b as number) ? -1 : 1)
  return [...rows]
    .sort((x, y) => {
      for (const [f, d] of orderBy) {
        const c = cmp(x[f], y[f]) * (d === 'asc' ? 1 : -1)
        if (c) return c
      }
      return x._id < y._id ? -1 : 1
    })
    .map((r) => r._id)
}

beforeEach(() => {
  collections.clear()
  requests.length = 0
})

test('a mixed-direction order with ties and missing keys: every document once, in MongoDB order, at every page size, with no skip', async () => {
  const rows: Row[] = Array.from({ length: 60 }, (_, i) => ({
    _id: `x${String((i * 37) % 60).padStart(2, '0')}`,
    g: i % 3,
    s: `v${String(i % 7)}`,
    ...(i % 4 === 0 ? {} : { h: i % 5 }),
    ...(i % 6 === 0 ? { n: null } : { n: i % 2 }),
  }))
  collections.set('keyset', rows)
  const store = offlineStore()
  for (const orderBy of [
    [['g', 'asc'], ['h', 'desc'], ['s', 'asc']],
    [['h', 'asc'], ['n', 'desc']],
    [['n', 'asc'], ['g', 'desc']],
    [['_id', 'desc']],
  ] as const) {
    const whole = expectedOrder(rows, orderBy)
    expect((await store.query('keyset', { orderBy, limit: 1000 })).docs.map((d) => d._id)).toEqual(whole)
    for (const limit of [1, 7, 13]) expect(await allPages(store, 'keyset', { orderBy }, limit)).toEqual(whole)
  }
  expect(requests.some((r) => r.offset)).toBe(false)
})

test('a where and a cursor together; a document added before the cursor does not shift the next page', async () => {
  const rows: Row[] = Array.from({ length: 10 }, (_, i) => ({ _id: `s${i}`, at: 10 + i, branch: i % 2 ? 'b1' : 'b2' }))
  collections.set('shift', rows)
  const store = offlineStore()
  const first = await store.query('shift', { where: { branch: 'b1' }, orderBy: [['at', 'asc']], limit: 2 })
  expect(first.docs.map((d) => d._id)).toEqual(['s1', 's3'])
  rows.push({ _id: 'early', at: 1, branch: 'b1' })
  const second = await store.query('shift', { where: { branch: 'b1' }, orderBy: [['at', 'asc']], limit: 5, cursor: first.next })
  expect(second.docs.map((d) => d._id)).toEqual(['s5', 's7', 's9'])
  expect(second.next).toBeNull()
})

test('a page of exactly 1000 asks one more document to know whether another page follows', async () => {
  collections.set('big', Array.from({ length: 1001 }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}` })))
  const store = offlineStore()
  const page = await store.query('big', { limit: 1000 })
  expect(page.docs).toHaveLength(1000)
  const rest = await store.query('big', { limit: 1000, cursor: page.next })
  expect(rest.docs.map((d) => d._id)).toEqual(['d1000'])
  expect(rest.next).toBeNull()
})

test('a cursor of another order, or not one at all, is refused before any request', async () => {
  collections.set('cur', [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }])
  const store = offlineStore()
  const page = await store.query('cur', { orderBy: [['n', 'asc']], limit: 1 })
  requests.length = 0
  await expect(store.query('cur', { orderBy: [['n', 'asc'], ['m', 'asc']], cursor: page.next })).rejects.toBeInstanceOf(InvalidCursorError)
  await expect(store.query('cur', { cursor: Buffer.from(JSON.stringify({ k: [{ $gt: '' }] })).toString('base64url') })).rejects.toBeInstanceOf(InvalidCursorError)
  await expect(store.query('cur', { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(InvalidCursorError)
  expect(requests).toEqual([])
})
