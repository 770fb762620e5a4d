/**
 * Survey use cases: stations and their printed codes, the public form, anonymous submissions
 * counted once per person, station and day, and the dashboard read from daily counters only.
 *
 * A respondent is a keyed hash of their OPENID (WeChat) or device cookie (browser), scoped to the
 * day, and exists only inside the counted response's id: no document stores who answered.
 */
import {
  DEFAULT_ASPECTS,
  type SurveyDefinition,
} from '../../../contracts/survey.contract'
import type * as S from '../../../contracts/survey.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireRole } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { DuplicateIdError, forEachPage, queryAll, upsert, type Where } from '../../store/document-store'
import {
  CODE_ALPHABET,
  cnDay,
  FAST_ANSWER_MS,
  statId,
  type ResponseDoc,
  type StationDoc,
  type StatDoc,
  type SurveyCodeDoc,
  type SurveyConfigDoc,
  type SurveyDefinitionDoc,
} from './survey.docs'
import { addCounters, addDays, daysBetween, emptyTally, headline, isoWeek, rate, wilson, type Tally } from './survey-stats'
import { screenText } from '../shared/content'

/** A response whose comment only the word list screened (the platform's check did not answer). */
const COMMENT_UNCHECKED = 'comment_unchecked'

export const SURVEY_PAGE = '/pages/survey/index'
/**
 * The mini-program page a code opens: the survey's independent subpackage, so a first scan does not
 * download the main package; `pages/survey/index` stays for codes already printed and redirects.
 */
export const SURVEY_MINI_PAGE = 'survey/index'

/** Bursts worth a flag within ten minutes: from one respondent, and from one network address. */
const BURST_WINDOW_MS = 10 * 60 * 1000
const BURST_PER_RESPONDENT = 3
const BURST_PER_ADDRESS = 30

export function defaultDefinition(): SurveyDefinition {
  return {
    version: 1,
    title: '收费站服务满意度调查',
    invitation: '扫码评价窗口服务，只需几秒，匿名填写',
    aspects: DEFAULT_ASPECTS.map((a) => ({ ...a })),
    commentMax: 200,
  }
}

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
async function stationInScope(deps: Deps, caller: Caller, stationId: string): Promise<{ station: StationDoc; actor: MemberDoc }> {
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

async function currentDefinition(deps: Deps, branchId: string): Promise<SurveyDefinition> {
  const config = await deps.store.get<SurveyConfigDoc>(C.surveyConfig, branchId)
  if (!config) return defaultDefinition()
  const doc = await deps.store.get<SurveyDefinitionDoc>(C.surveyDefinition, `${branchId}_v${config.version}`)
  if (!doc) return defaultDefinition()
  return { version: doc.version, title: doc.title, invitation: doc.invitation, aspects: doc.aspects, commentMax: doc.commentMax }
}

export async function getDefinition(deps: Deps, caller: Caller, input: In<S.GetDefinitionInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  return { definition: await currentDefinition(deps, branch._id) }
}

/** Editing makes a new version; earlier responses keep the version they answered. */
export async function updateDefinition(deps: Deps, caller: Caller, input: In<S.UpdateDefinitionInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const now = deps.clock.now().toISOString()
  const definition = await deps.store.transaction(async (tx) => {
    const config = await tx.get<SurveyConfigDoc>(C.surveyConfig, branch._id)
    const version = (config?.version ?? 1) + 1
    const def: SurveyDefinition = { version, title: input.title, invitation: input.invitation, aspects: input.aspects, commentMax: 200 }
    await tx.insert(C.surveyDefinition, { _id: `${branch._id}_v${version}`, branchId: branch._id, createdAt: now, ...def } satisfies SurveyDefinitionDoc)
    if (config) await tx.update(C.surveyConfig, branch._id, { set: { version } })
    else await tx.insert(C.surveyConfig, { _id: branch._id, branchId: branch._id, version } satisfies SurveyConfigDoc)
    return def
  })
  return { definition }
}

async function resolveCode(deps: Deps, code: string): Promise<{ codeDoc: SurveyCodeDoc; station: StationDoc }> {
  const codeDoc = await deps.store.get<SurveyCodeDoc>(C.surveyCode, code)
  if (!codeDoc) throw new AppError('SURVEY.UNKNOWN_CODE')
  const station = await deps.store.get<StationDoc>(C.station, codeDoc.stationId)
  if (!station) throw new AppError('SURVEY.UNKNOWN_CODE')
  return { codeDoc, station }
}

/** Public: what a commuter sees after scanning. The ticket lets the server time the answer itself. */
export async function getForm(deps: Deps, _caller: Caller, input: In<S.GetFormInput>): Promise<S.GetFormOutput> {
  const { codeDoc, station } = await resolveCode(deps, input.code)
  const issued = deps.clock.now().getTime()
  return {
    station: station.name,
    window: codeDoc.window,
    definition: await currentDefinition(deps, station.branchId),
    ticket: `${issued}.${deps.keys.hmac('form-ticket', `${input.code}.${issued}`).slice(0, 22)}`,
  }
}

function elapsedFromTicket(deps: Deps, code: string, ticket: string | undefined, now: number): number | null {
  const m = ticket ? /^(\d{10,15})\.([A-Za-z0-9_-]{22})$/.exec(ticket) : null
  if (!m?.[1] || !m[2]) return null
  if (deps.keys.hmac('form-ticket', `${code}.${m[1]}`).slice(0, 22) !== m[2]) return null
  const elapsed = now - Number(m[1])
  return elapsed >= 0 && elapsed < 24 * 3600 * 1000 ? elapsed : null
}

const THANKS = {
  counted: '感谢您的评价！您的意见已计入统计。',
  already_counted: '您今天已经评价过这个收费站了，感谢支持！本次不重复计入。',
  // No server timing (a missing, forged or day-old ticket): the page was not opened from the card.
  too_fast: '感谢您的参与！本次作答未能验证，未计入统计，请重新扫描窗口二维码后评价。',
} as const

/**
 * Public: one counted response per person, station and China day. Counted: the response (its id
 * derived from the day-scoped respondent key) and the day's counters, in one transaction — two
 * writes. A fast answer with a genuine ticket counts like any other, flagged `fast`. Without a
 * valid ticket (missing, forged, expired): kept and flagged, counted nowhere but in `u`.
 */
export async function submitResponse(deps: Deps, caller: Caller, input: In<S.SubmitResponseInput>): Promise<S.SubmitResponseOutput> {
  const { codeDoc, station } = await resolveCode(deps, input.code)
  const who = caller.openid ? `o:${caller.openid}` : caller.deviceId ? `d:${caller.deviceId}` : null
  if (!who) throw new AppError('SURVEY.NO_RESPONDENT')
  const definition = await currentDefinition(deps, station.branchId)
  const known = new Set(definition.aspects.map((a) => a.key))
  const aspects = input.aspects ?? {}
  const unknown = Object.keys(aspects).filter((k) => !known.has(k))
  if (unknown.length) {
    throw new AppError('SURVEY.UNKNOWN_ASPECT', undefined, unknown.map((k) => ({ path: `aspects.${k}`, message: '问卷中没有这个评价项目' })))
  }
  const now = deps.clock.now()
  const day = cnDay(now)
  const serverElapsed = elapsedFromTicket(deps, input.code, input.ticket, now.getTime())
  // Only the server's own timing decides: the client's elapsedMs is kept for reference, never
  // believed (a forged or missing ticket must not be rescued by a number the client made up).
  const elapsed = serverElapsed ?? input.elapsedMs ?? null
  // Historical name: "not timed by the server", not "answered quickly" (a quick answer counts).
  const tooFast = serverElapsed === null
  const comment = input.comment ? input.comment : null
  const screened = comment ? await screenText(deps, comment, caller) : null
  const commentStatus: ResponseDoc['commentStatus'] = screened?.status ?? 'none'
  const flags: string[] = []
  // Soft signals, never blocks: many phones share one carrier address.
  const respondentKey = deps.keys.hmac('respondent', `${day}|${who}`)
  if (deps.signals.hit(`survey-respondent:${respondentKey}`, BURST_WINDOW_MS, now.getTime()) > BURST_PER_RESPONDENT) flags.push('busy_respondent')
  if (caller.clientIp && deps.signals.hit(`survey-address:${deps.keys.hmac('address', caller.clientIp)}`, BURST_WINDOW_MS, now.getTime()) > BURST_PER_ADDRESS) {
    flags.push('busy_address')
  }
  if (serverElapsed === null) flags.push(input.ticket ? 'bad_ticket' : 'no_ticket')
  if (tooFast) flags.push('too_fast')
  else if (serverElapsed < FAST_ANSWER_MS) flags.push('fast')
  if (commentStatus === 'held') flags.push('comment_held')
  // The platform's check did not answer: the reviewer sees the comment marked as such.
  if (screened?.platformUnchecked) flags.push(COMMENT_UNCHECKED)
  const base = {
    orgId: station.orgId,
    branchId: station.branchId,
    stationId: station._id,
    window: codeDoc.window === null ? null : input.code,
    day,
    at: now.toISOString(),
    version: definition.version,
    overall: input.overall,
    aspects,
    comment,
    commentStatus,
    hasComment: comment !== null,
    flags,
    elapsedMs: elapsed,
  }
  const sid = statId(station._id, base.window, day)
  const freshStat = (): StatDoc => ({
    _id: sid, orgId: station.orgId, branchId: station.branchId, stationId: station._id, window: base.window, day,
    n: 0, sat: 0, o1: 0, o2: 0, o3: 0, o4: 0, o5: 0, u: 0,
  })

  if (tooFast) {
    await deps.store.transaction(async (tx) => {
      await tx.insert(C.surveyResponse, { _id: `u_${deps.ids.random(12)}`, ...base, counted: false } satisfies ResponseDoc)
      await upsert(tx, C.surveyStat, { ...freshStat(), u: 1 }, { inc: { u: 1 } })
    })
    return { counted: false, outcome: 'too_fast', message: THANKS.too_fast }
  }

  const responseId = `r_${deps.ids.derive('survey', station._id, day, respondentKey)}`
  const inc: Record<string, number> = { n: 1, [`o${input.overall}`]: 1 }
  if (input.overall >= 4) inc.sat = 1
  for (const [k, v] of Object.entries(aspects)) {
    inc[`a_${k}_s`] = v
    inc[`a_${k}_n`] = 1
  }
  const write = () =>
    deps.store.transaction(async (tx) => {
      await tx.insert(C.surveyResponse, { _id: responseId, ...base, counted: true } satisfies ResponseDoc)
      // The day's counters, created by the first answer or incremented: one statement on the SQL stores.
      const stat: Record<string, unknown> = { ...freshStat() }
      for (const [k, v] of Object.entries(inc)) stat[k] = ((stat[k] as number | undefined) ?? 0) + v
      await upsert(tx, C.surveyStat, stat as unknown as StatDoc, { inc })
    })
  for (let attempt = 0; ; attempt++) {
    try {
      await write()
      return { counted: true, outcome: 'counted', message: THANKS.counted }
    } catch (err) {
      if (!(err instanceof DuplicateIdError)) throw err
      if (err.collection === C.surveyResponse) return { counted: false, outcome: 'already_counted', message: THANKS.already_counted }
      // Two first answers of the day raced to create the counters (only on a store without a
      // one-statement upsert): the loser retries as an update.
      if (attempt >= 2) throw err
    }
  }
}

/** The counter documents a dashboard reads: one per (station, window, day) with data. */
async function statsScope(deps: Deps, caller: Caller, input: { stationId?: string; branchId?: string }): Promise<{ where: Where; stations: StationDoc[] }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  if (input.stationId) {
    const { station } = await stationInScope(deps, caller, input.stationId)
    return { where: { stationId: station._id }, stations: [station] }
  }
  const where: Where =
    actor.role === 'admin' && !input.branchId ? { orgId: actor.orgId } : { branchId: (await branchInScope(deps, actor, input.branchId))._id }
  return { where, stations: await queryAll<StationDoc>(deps.store, C.station, { where }) }
}

function period(deps: Deps, from?: string, to?: string): { from: string; to: string } {
  const today = cnDay(deps.clock.now())
  const end = to ?? today
  const start = from ?? addDays(end, -29)
  const span = daysBetween(start, end)
  if (span < 0 || span > 400) throw new AppError('SURVEY.BAD_PERIOD')
  return { from: start, to: end }
}

export async function getStats(deps: Deps, caller: Caller, input: In<S.GetStatsInput>): Promise<S.GetStatsOutput> {
  const { where, stations } = await statsScope(deps, caller, input)
  const { from, to } = period(deps, input.from, input.to)
  const total = emptyTally()
  const buckets = { day: new Map<string, Tally>(), week: new Map<string, Tally>(), month: new Map<string, Tally>(), window: new Map<string, Tally>() }
  const into = (m: Map<string, Tally>, k: string, d: StatDoc) => {
    const t = m.get(k) ?? emptyTally()
    addCounters(t, d)
    m.set(k, t)
  }
  // Counters only, bounded by the scope and the period (≤ 400 days), streamed page by page: an
  // organisation's year of (station, window, day) counters can outgrow any one read.
  const docsRead = await forEachPage<StatDoc>(
    deps.store,
    C.surveyStat,
    { where: { ...where, ...(input.window ? { window: input.window } : {}), day: { $gte: from, $lte: to } }, orderBy: [['day', 'asc']] },
    (docs) => {
      for (const d of docs) {
        addCounters(total, d)
        into(buckets.day, d.day, d)
        into(buckets.week, isoWeek(d.day), d)
        into(buckets.month, d.day.slice(0, 7), d)
        into(buckets.window, `${d.stationId}|${d.window ?? ''}`, d)
      }
    },
  )
  const list = (m: Map<string, Tally>) =>
    [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, t]) => ({ key, total: t.n, satisfied: t.sat, rate: rate(t.sat, t.n) }))
  const windowName = new Map<string, string>()
  for (const s of stations) {
    windowName.set(`${s._id}|`, `${s.name}（全站码）`)
    for (const w of s.windows) windowName.set(`${s._id}|${w.code}`, `${s.name} ${w.name}`)
  }
  const branchIds = [...new Set(stations.map((s) => s.branchId))]
  const labels = new Map<string, string>()
  for (const b of branchIds) for (const a of (await currentDefinition(deps, b)).aspects) labels.set(a.key, a.label)
  for (const a of DEFAULT_ASPECTS) if (!labels.has(a.key)) labels.set(a.key, a.label)
  const ci = wilson(total.sat, total.n)
  return {
    from,
    to,
    total: total.n,
    satisfied: total.sat,
    rate: rate(total.sat, total.n),
    interval: ci ? { low: Math.round(ci.low * 10000) / 10000, high: Math.round(ci.high * 10000) / 10000 } : null,
    headline: headline(total.sat, total.n),
    distribution: [...total.o],
    aspects: [...labels.entries()].map(([key, label]) => {
      const a = total.aspects.get(key)
      return { key, label, average: a && a.n ? Math.round((a.s / a.n) * 100) / 100 : null, answers: a?.n ?? 0 }
    }),
    uncounted: total.u,
    byDay: list(buckets.day),
    byWeek: list(buckets.week),
    byMonth: list(buckets.month),
    byWindow: list(buckets.window).map((b) => ({ ...b, name: windowName.get(b.key) ?? b.key })),
    docsRead,
  }
}

export async function listComments(deps: Deps, caller: Caller, input: In<S.ListCommentsInput>): Promise<S.ListCommentsOutput> {
  const { where, stations } = await statsScope(deps, caller, input)
  const page = await deps.store.query<ResponseDoc>(C.surveyResponse, {
    where: { ...where, hasComment: true, commentStatus: input.status },
    orderBy: [['at', 'desc']],
    limit: input.limit,
    cursor: input.cursor ?? null,
  })
  const byId = new Map(stations.map((s) => [s._id, s]))
  return {
    comments: page.docs.map((r) => {
      const s = byId.get(r.stationId)
      return {
        id: r._id,
        station: s?.name ?? '',
        window: r.window ? (s?.windows.find((w) => w.code === r.window)?.name ?? null) : null,
        overall: r.overall,
        comment: r.comment ?? '',
        day: r.day,
        status: r.commentStatus === 'none' ? 'visible' : r.commentStatus,
        ...(r.flags?.includes(COMMENT_UNCHECKED) ? { unchecked: true } : {}),
      }
    }),
    next: page.next,
  }
}

export async function reviewComment(deps: Deps, caller: Caller, input: In<S.ReviewCommentInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const response = await deps.store.get<ResponseDoc>(C.surveyResponse, input.responseId)
  const inScope = response && (actor.role === 'admin' ? response.orgId === actor.orgId : response.branchId === actor.branchId)
  if (!response || !inScope || !response.hasComment) throw new AppError('SURVEY.COMMENT_NOT_FOUND')
  const status = input.approve ? 'visible' : 'rejected'
  const changed = await deps.store.updateWhere(C.surveyResponse, response._id, { commentStatus: { $ne: status } }, { set: { commentStatus: status } })
  return { changed }
}
