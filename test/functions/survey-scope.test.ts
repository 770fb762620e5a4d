/**
 * Whose stations and whose answers each manager reads (survey.usecases.ts, listStations and the
 * dashboard's scope), with stations in the home branch, in 第三党支部 of the same organisation and
 * in organisation B: a secretary reads their own branch's only, also when they name no branch; an
 * admin the whole organisation and nothing of another; one station's dashboard that station only.
 * Every query the dashboard sends for stations and counters names its organisation, branch or
 * station.
 */
import type { survey as S } from '../../contracts'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import type { DocumentStore, Where } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { addOtherBranchStaff, ORG_B, OTHER_BRANCH, seedOrgB } from '../support/orgs'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

type Stations = { stations: S.StationView[] }

const HOME = DEMO.secretaryOpenid
const OTHER = OTHER_BRANCH.secretaryOpenid
const ADMIN = DEMO.adminOpenid

describe('survey scope across branches and organisations', () => {
  let h: Harness
  const reads: Array<{ collection: string; where: Where }> = []
  let otherStation: { id: string; code: string }
  let homeStation: S.StationView
  let orgB: Awaited<ReturnType<typeof seedOrgB>>

  const stationNames = async (openid: string, input: Record<string, unknown> = {}) =>
    dataOf(await h.call<Stations>('survey', openid, { action: 'listStations', ...input })).stations.map((s) => s.name).sort()
  const stats = async (openid: string, input: Record<string, unknown> = {}) =>
    dataOf(await h.call<S.GetStatsOutput>('survey', openid, { action: 'getStats', ...input }))
  async function answer(openid: string, code: string) {
    const form = dataOf(await h.call<S.GetFormOutput>('survey', openid, { action: 'getForm', code }))
    h.clock.advance(5000)
    return dataOf(await h.call<S.SubmitResponseOutput>('survey', openid, { action: 'submitResponse', code, overall: 5, ticket: form.ticket }))
  }

  beforeAll(async () => {
    const inner = await freshStore()
    const store = Object.assign(Object.create(inner) as DocumentStore, {
      query: ((collection, options) => {
        reads.push({ collection, where: options?.where ?? {} })
        return inner.query(collection, options)
      }) as DocumentStore['query'],
    })
    h = await makeHarness({ store })
    await addOtherBranchStaff(h)
    orgB = await seedOrgB(h)
    otherStation = dataOf(await h.call<{ station: { id: string; code: string } }>('survey', OTHER, { action: 'createStation', name: '青山站', windows: ['1号窗口'] })).station
    const home = dataOf(await h.call<Stations>('survey', HOME, { action: 'listStations' })).stations
    homeStation = home.find((s) => s.id === DEMO.stationChunjiang) as S.StationView
  })

  test('listStations: a secretary their branch’s, named or not; an admin the organisation’s', async () => {
    expect(await stationNames(HOME)).toEqual(['孟河站', '春江站'].sort())
    expect(await stationNames(HOME, { branchId: DEMO.branchId })).toEqual(['孟河站', '春江站'].sort())
    expect(await stationNames(OTHER)).toEqual(['青山站'])
    expect(await stationNames(ADMIN)).toEqual(['孟河站', '春江站', '青山站'].sort())
    expect(await stationNames(ADMIN, { branchId: OTHER_BRANCH.branchId })).toEqual(['青山站'])
    expect(await stationNames(ORG_B.secretaryOpenid)).toEqual(['城东站'])
  })

  test('the dashboard counts the answers in scope only', async () => {
    const before = { home: (await stats(HOME)).total, other: (await stats(OTHER)).total, admin: (await stats(ADMIN)).total, b: (await stats(ORG_B.adminOpenid)).total }
    expect(await answer('wx-rider-1', homeStation.code)).toMatchObject({ counted: true })
    expect(await answer('wx-rider-2', otherStation.code)).toMatchObject({ counted: true })
    expect(await answer('wx-rider-3', orgB.stationCode)).toMatchObject({ counted: true })

    reads.length = 0
    const home = await stats(HOME)
    expect(home.total).toBe(before.home + 1)
    expect(home.byWindow.every((w) => !w.key.startsWith(`${otherStation.id}|`) && !w.key.startsWith(`${orgB.stationId}|`))).toBe(true)
    expect((await stats(OTHER)).total).toBe(before.other + 1)
    expect((await stats(ADMIN)).total).toBe(before.admin + 2)
    expect((await stats(ORG_B.adminOpenid)).total).toBe(before.b + 1)
    const one = await stats(ADMIN, { stationId: otherStation.id })
    expect(one.total).toBe(1)
    expect(one.byWindow.map((w) => w.name)).toEqual(['青山站（全站码）'])

    const scoped = (w: Where) => 'orgId' in w || 'branchId' in w || 'stationId' in w || '_id' in w
    const unbounded = reads.filter((r) => (r.collection === C.station || r.collection === C.surveyStat) && !scoped(r.where))
    expect(unbounded).toEqual([])
  })
})
