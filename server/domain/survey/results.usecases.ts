/** What a secretary reads of the survey: the dashboard from daily counters only, and the comments to review. */
import { DEFAULT_ASPECTS } from '../../../contracts/survey.contract'
import type * as S from '../../../contracts/survey.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireRole } from '../shared/actor'
import { C } from '../shared/collections'
import { forEachPage, queryAll, type Where } from '../../store/document-store'
import { cnDay, type ResponseDoc, type StationDoc, type StatDoc } from './survey.docs'
import { addCounters, addDays, daysBetween, emptyTally, headline, isoWeek, rate, wilson, type Tally } from './survey-stats'
import { COMMENT_UNCHECKED, currentDefinition } from './answers.usecases'
import { stationInScope } from './stations.usecases'

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
