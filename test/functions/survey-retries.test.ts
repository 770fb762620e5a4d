/**
 * What survey writes do when their transaction fails (survey.usecases.ts): an answer whose day
 * counters lost a race to be created is written again (at most three attempts), and only a
 * duplicate answer reads as 已评价过; any other failure is not retried. A new station is retried only
 * when one of its codes was taken meanwhile; a request id is its manager's own.
 */
import type { survey as S } from '../../contracts'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { DuplicateIdError, type DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { addOtherBranchStaff, OTHER_BRANCH } from '../support/orgs'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

/** The store, whose next transactions fail with the queued errors before they write anything. */
function failingTransactions(inner: DocumentStore) {
  const queue: Error[] = []
  let attempts = 0
  const store = Object.assign(Object.create(inner) as DocumentStore, {
    transaction: (async (fn) => {
      attempts++
      const err = queue.shift()
      if (err) throw err
      return inner.transaction(fn)
    }) as DocumentStore['transaction'],
  })
  return {
    store,
    fail: (...errs: Error[]) => {
      queue.push(...errs)
      attempts = 0
    },
    attempts: () => attempts,
  }
}

const statRace = () => new DuplicateIdError(C.surveyStat, 'the day counters')

describe('an answer whose transaction fails', () => {
  let h: Harness
  let tx: ReturnType<typeof failingTransactions>
  let rider = 0
  beforeEach(async () => {
    tx = failingTransactions(await freshStore())
    h = await makeHarness({ store: tx.store })
  })

  async function answerWith(...errs: Error[]) {
    const openid = `wx-rider-${++rider}`
    const code = DEMO.stationChunjiang
    const { stations } = dataOf(await h.call<{ stations: S.StationView[] }>('survey', DEMO.secretaryOpenid, { action: 'listStations' }))
    const station = stations.find((s) => s.id === code) as S.StationView
    const form = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code: station.code }))
    h.clock.advance(5000)
    const before = await h.store.count(C.surveyResponse)
    tx.fail(...errs)
    const out = await h.call<S.SubmitResponseOutput>('survey', openid, { action: 'submitResponse', code: station.code, overall: 5, ticket: form.ticket })
    return { out, attempts: tx.attempts(), added: (await h.store.count(C.surveyResponse)) - before }
  }

  test('after a lost race to create the day counters it is written again and counted', async () => {
    const { out, attempts, added } = await answerWith(statRace(), statRace())
    expect(out).toMatchObject({ ok: true, data: { counted: true, outcome: 'counted' } })
    expect({ attempts, added }).toEqual({ attempts: 3, added: 1 })
  })

  test('after three lost races it fails, and nothing is written', async () => {
    const { out, attempts, added } = await answerWith(statRace(), statRace(), statRace(), statRace())
    expect(out).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect({ attempts, added }).toEqual({ attempts: 3, added: 0 })
  })

  test('another failure is not retried', async () => {
    const { out, attempts, added } = await answerWith(new Error('connection lost'), statRace())
    expect(out).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect({ attempts, added }).toEqual({ attempts: 1, added: 0 })
  })
})

describe('a new station', () => {
  test('a duplicate other than a taken code is not retried', async () => {
    const tx = failingTransactions(await freshStore())
    const h = await makeHarness({ store: tx.store })
    tx.fail(new DuplicateIdError(C.station, 'st_x'), new DuplicateIdError(C.station, 'st_x'))
    const out = await h.call('survey', DEMO.secretaryOpenid, { action: 'createStation', name: '新北站', windows: ['1号窗口'] })
    expect(out).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(tx.attempts()).toBe(1)
    expect(await h.store.count(C.station, { name: '新北站' })).toBe(0)
  })

  test('one request id used by two managers is two requests: each gets a station of their own branch', async () => {
    const h = await makeHarness()
    await addOtherBranchStaff(h)
    const create = async (openid: string) =>
      dataOf(await h.call<{ station: S.StationView }>('survey', openid, { action: 'createStation', name: '新北站', windows: ['1号窗口'], requestId: 'req-station-0001' })).station
    const mine = await create(DEMO.secretaryOpenid)
    const theirs = await create(OTHER_BRANCH.secretaryOpenid)
    expect(theirs.id).not.toBe(mine.id)
    expect([mine.branchId, theirs.branchId]).toEqual([DEMO.branchId, OTHER_BRANCH.branchId])
    expect((await create(DEMO.secretaryOpenid)).id).toBe(mine.id) // the same manager's retry: the same station
  })
})
