/**
 * A counted survey answer in SQL statements, counted under the store (BEGIN and COMMIT included):
 * the day's counters are one upsert, so the day's first answer costs what every later one costs,
 * and an answer costs the same whatever the station's history.
 */
import type { survey as S } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite, openPglite } from '../../server/store/pglite-instance'
import { dataOf } from '../support/harness'
import { countedHarness } from '../support/statement-counter'

afterAll(closeAllPglite)

const counted = async () => countedHarness(await openPglite(), `t_stmts_${process.pid}_${Math.random().toString(36).slice(2, 8)}`)

describe('a counted answer in statements', () => {
  test("the day's first answer costs what a later one costs: the counters are one upsert", async () => {
    const { h, statements, reset } = await counted()
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
