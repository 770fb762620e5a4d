/**
 * Survey stations and their printed codes: a station with a code per window, more windows later,
 * the lists a secretary prints from, and the mini-program code's request.
 */
import type * as S from '../../../contracts/survey.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireRole } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { DuplicateIdError, queryAll, type Where } from '../../store/document-store'
import { CODE_ALPHABET, type StationDoc, type SurveyCodeDoc } from './survey.docs'

export const SURVEY_PAGE = '/pages/survey/index'
/**
 * The mini-program page a code opens: the survey's independent subpackage, so a first scan does not
 * download the main package; `pages/survey/index` stays for codes already printed and redirects.
 */
export const SURVEY_MINI_PAGE = 'survey/index'

function stationView(s: StationDoc): S.StationView {
  return { id: s._id, branchId: s.branchId, name: s.name, code: s.code, windows: s.windows }
}

async function newCode(deps: Deps): Promise<string> {
  for (let i = 0; i < 10; i++) {
    const code = deps.ids.randomCode(8, CODE_ALPHABET)
    if (!(await deps.store.get(C.surveyCode, code))) return code
  }
  throw new Error('could not find a free survey code')
}

/** Code documents for a station's new codes: written in the same transaction as the station. */
function codeDocs(station: StationDoc, codes: Array<{ code: string; window: string | null }>): SurveyCodeDoc[] {
  return codes.map((c) => ({ _id: c.code, orgId: station.orgId, branchId: station.branchId, stationId: station._id, window: c.window }))
}

/**
 * Runs `write` (a transaction that inserts fresh codes) again with new codes when another station
 * took one of them meanwhile: the insert fails on the duplicate id and the transaction leaves
 * nothing behind, so a retry is safe.
 */
async function withFreshCodes<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write()
    } catch (err) {
      if (!(err instanceof DuplicateIdError) || err.collection !== C.surveyCode || attempt >= 2) throw err
    }
  }
}

/** A station its caller manages; another branch's answers like an unknown one (existence is not revealed). */
export async function stationInScope(deps: Deps, caller: Caller, stationId: string): Promise<{ station: StationDoc; actor: MemberDoc }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const station = await deps.store.get<StationDoc>(C.station, stationId)
  const mine = station && station.orgId === actor.orgId && (actor.role === 'admin' || station.branchId === actor.branchId)
  if (!station || !mine) throw new AppError('SURVEY.STATION_NOT_FOUND')
  return { station, actor }
}

export async function createStation(deps: Deps, caller: Caller, input: In<S.CreateStationInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const names = [...new Set(input.windows)]
  // The codes, the station and the request key in one transaction: a fault part-way leaves no code
  // pointing nowhere; a code taken meanwhile rolls it all back and the attempt is made with fresh
  // codes. Codes are drawn before the transaction (drawing reads the store, which must not be
  // used from inside a transaction's callback).
  return withFreshCodes(async () => {
    const now = deps.clock.now().toISOString()
    const windows: StationDoc['windows'] = []
    for (const name of names) windows.push({ code: await newCode(deps), name })
    const station: StationDoc = {
      _id: `st_${deps.ids.random(9)}`,
      orgId: branch.orgId,
      branchId: branch._id,
      name: input.name,
      code: await newCode(deps),
      windows,
      createdAt: now,
      updatedAt: now,
    }
    const codes = codeDocs(station, [{ code: station.code, window: null }, ...windows.map((w) => ({ code: w.code, window: w.name }))])
    return once(deps, `createStation:${actor._id}`, input.requestId, async (tx) => {
      for (const c of codes) await tx.insert(C.surveyCode, c)
      await tx.insert(C.station, station)
      return { station: stationView(station) }
    })
  })
}

export async function addWindows(deps: Deps, caller: Caller, input: In<S.AddWindowsInput>) {
  const { station: read } = await stationInScope(deps, caller, input.stationId)
  return withFreshCodes(async () => {
    const fresh: StationDoc['windows'] = []
    const known = new Set(read.windows.map((w) => w.name))
    for (const name of new Set(input.windows)) if (!known.has(name)) fresh.push({ code: await newCode(deps), name })
    if (!fresh.length) return { station: stationView(read) }
    const now = deps.clock.now().toISOString()
    // Re-read inside the transaction so two concurrent additions do not drop each other's windows.
    const station = await deps.store.transaction(async (tx) => {
      const current = (await tx.get<StationDoc>(C.station, read._id)) ?? read
      const have = new Set(current.windows.map((w) => w.name))
      const added = fresh.filter((w) => !have.has(w.name))
      if (!added.length) return current
      for (const c of codeDocs(current, added.map((w) => ({ code: w.code, window: w.name })))) await tx.insert(C.surveyCode, c)
      const windows = [...current.windows, ...added]
      await tx.update(C.station, current._id, { set: { windows, updatedAt: now } })
      return { ...current, windows }
    })
    return { station: stationView(station) }
  })
}

export async function listStations(deps: Deps, caller: Caller, input: In<S.ListStationsInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const where: Where =
    actor.role === 'admin' && !input.branchId
      ? { orgId: actor.orgId }
      : { branchId: (await branchInScope(deps, actor, input.branchId))._id }
  const stations = await queryAll<StationDoc>(deps.store, C.station, { where, orderBy: [['name', 'asc']] })
  return { stations: stations.map(stationView) }
}

export function codePath(code: string): string {
  return `${SURVEY_PAGE}?c=${code}`
}

export async function listCodes(deps: Deps, caller: Caller, input: In<S.ListCodesInput>): Promise<S.ListCodesOutput> {
  const { station } = await stationInScope(deps, caller, input.stationId)
  const all = [{ code: station.code, window: null as string | null }, ...station.windows.map((w) => ({ code: w.code, window: w.name as string | null }))]
  return {
    station: stationView(station),
    codes: all.map((c) => ({ ...c, path: codePath(c.code), url: `${deps.publicOrigin}${codePath(c.code)}` })),
  }
}

/**
 * What `wxacode.getUnlimited` would be asked for a code (sent through CloudBase's open-API
 * gateway when deployed): the code is the scene, the survey page the target.
 */
export function miniCodeRequest(code: string): { apiName: string; requestData: Record<string, unknown> } {
  if (code.length > 32 || !/^[a-z2-9]+$/.test(code)) throw new Error(`not a scene-safe code: ${code}`)
  return {
    apiName: '/wxa/getwxacodeunlimit',
    requestData: { scene: code, page: SURVEY_MINI_PAGE, check_path: false, env_version: 'release', width: 430 },
  }
}
