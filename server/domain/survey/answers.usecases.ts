/**
 * The commuter's side of the survey: the questionnaire (its versions), the public form and the
 * anonymous submission, counted once per person, station and day.
 *
 * A respondent is a keyed hash of their OPENID (WeChat) or device cookie (browser), scoped to the
 * day, and exists only inside the counted response's id: no document stores who answered.
 */
import { DEFAULT_ASPECTS, type SurveyDefinition } from '../../../contracts/survey.contract'
import type * as S from '../../../contracts/survey.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireRole } from '../shared/actor'
import { C } from '../shared/collections'
import { DuplicateIdError, upsert } from '../../store/document-store'
import { cnDay, FAST_ANSWER_MS, statId, type ResponseDoc, type StationDoc, type StatDoc, type SurveyCodeDoc, type SurveyConfigDoc, type SurveyDefinitionDoc } from './survey.docs'
import { screenText } from '../shared/content'

/** A response whose comment only the word list screened (the platform's check did not answer). */
export const COMMENT_UNCHECKED = 'comment_unchecked'

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

export async function currentDefinition(deps: Deps, branchId: string): Promise<SurveyDefinition> {
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
