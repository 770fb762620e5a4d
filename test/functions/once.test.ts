/** Exactly-once creates (server/domain/shared/once.ts) on the embedded store, without a function around them. */
import { once } from '../../server/domain/shared/once'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { countingStore } from '../support/counting-store'
import { makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

let h: Harness
beforeEach(async () => {
  h = await makeHarness({ seed: false })
})

const depsWith = (store: Harness['store']) => ({ ...h.runtime, store })

describe('once', () => {
  test('a retry with a used request id gets the first result without running the write again or writing anything', async () => {
    const counting = countingStore(h.store)
    const deps = depsWith(counting.store)
    let runs = 0
    const create = () =>
      once(deps, 'createThing:u1', 'req-00000001', async (tx) => {
        runs++
        await tx.insert('thing', { _id: `t${runs}`, n: runs })
        return { id: `t${runs}` }
      })
    expect(await create()).toEqual({ id: 't1' })
    expect(counting.writes()).toBe(2) // the record and its request key
    counting.reset()
    expect(await create()).toEqual({ id: 't1' })
    expect(runs).toBe(1)
    expect(counting.writes()).toBe(0)
    expect(await h.store.count('thing')).toBe(1)
  })

  test('the same request id in another scope (another user or action) is another request', async () => {
    const make = (scope: string) => once(h.runtime, scope, 'req-00000002', async (tx) => (await tx.insert('thing', { _id: scope }), { id: scope }))
    expect(await make('createThing:u1')).toEqual({ id: 'createThing:u1' })
    expect(await make('createThing:u2')).toEqual({ id: 'createThing:u2' })
    expect(await h.store.count('thing')).toBe(2)
  })

  test('without a request id every call writes, each in its own transaction', async () => {
    let n = 0
    const make = () => once(h.runtime, 'createThing:u1', undefined, async (tx) => (await tx.insert('thing', { _id: `x${++n}` }), n))
    await make()
    await make()
    expect(await h.store.count('thing')).toBe(2)
  })

  test('a write that fails leaves neither the record nor the key, and the retry then succeeds once', async () => {
    let fail = true
    const make = () =>
      once(h.runtime, 'createThing:u1', 'req-00000003', async (tx) => {
        await tx.insert('thing', { _id: 'only' })
        if (fail) throw new Error('disk full')
        return { id: 'only' }
      })
    await expect(make()).rejects.toThrow('disk full')
    expect(await h.store.count('thing')).toBe(0)
    expect(await h.store.count('request_key')).toBe(0)
    fail = false
    expect(await make()).toEqual({ id: 'only' })
    expect(await make()).toEqual({ id: 'only' })
    expect(await h.store.count('thing')).toBe(1)
  })
})
