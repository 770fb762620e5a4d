/**
 * A counted survey answer in SQL statements, counted under the store (BEGIN and COMMIT included):
 * the day's counters are one upsert, so the day's first answer costs what every later one costs,
 * and an answer costs the same whatever the station's history.
 */
import type { survey as S } from '../../contracts'
import { INDEXES } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { createPgliteStore, type SqlClient, type SqlDatabase } from '../../server/store/document-store.pglite'
import { closeAllPglite, openPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

async function countedHarness(): Promise<{ h: Harness; statements: () => number; reset: () => void }> {
  const pg = await openPglite()
  let n = 0
  const counted = (c: SqlClient): SqlClient => ({
    query: (sql, params) => {
      n++
      return c.query(sql, params)
    },
  })
  const db: SqlDatabase = {
    ...counted(pg),
    transaction: (fn) =>
      pg.transaction((tx) => {
        n += 2
        return fn(counted(tx))
      }),
  }
  const store = createPgliteStore(db, { schema: `t_stmts_${process.pid}_${Math.random().toString(36).slice(2, 8)}`, indexes: INDEXES })
  await store.prepare()
  const h = await makeHarness({ store })
  return { h, statements: () => n, reset: () => (n = 0) }
}

describe('a counted answer in statements', () => {
  test("the day's first answer costs what a later one costs: the counters are one upsert", async () => {
    const { h, statements, reset } = await countedHarness()
    const code = dataOf(await h.call<S.ListCodesOutput>('survey', DEMO.secretaryOpenid, { action: 'listCodes', stationId: DEMO.stationChunjiang })).codes[1]?.code ?? ''
    const answer = async (openid: string) => {
      const form = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code }))
      h.clock.advance(5000)
      reset()
      const out = dataOf(await h.call<S.SubmitResponseOutput>('survey', openid, { action: 'submitResponse', code, overall: 5, ticket: form.ticket }))
      expect(out.outcome).toBe('counted')
      return statements()
    }
    // Warm-up on another day, so that every table exists before counting.
    await answer('wx-warm')
    h.clock.advance(24 * 3600 * 1000)
    const first = await answer('wx-first')
    const second = await answer('wx-second')
    const third = await answer('wx-third')
    expect(first).toBe(second)
    expect(third).toBe(second)
  })
})
