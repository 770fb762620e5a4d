/**
 * bench/survey-stats: does the station dashboard stay constant-time as responses grow?
 *
 * 1. Loads 1,000 responses for 春江站 (9 codes × the last 30 days), times `survey.getStats` for the
 *    station's 30-day dashboard; then grows the same station to 1,000,000 responses over the same
 *    days and times it again, in the same run: prints both and the ratio (goal ≤ 2).
 *    Bulk loading writes responses in batches and the same per-(station, window, day) counters the
 *    submit path increments; the run checks that the dashboard's total equals what was loaded.
 * 2. Submissions per second through the real HTTP gateway (concurrent, distinct respondents), and
 *    store writes per counted submission (goal ≤ 2), counted by a wrapper around the store.
 *
 * Run: `npm run bench:survey` (tsx). Uses a temporary data folder; prints figures only.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Result } from '../contracts'
import type { GetFormOutput, GetStatsOutput } from '../contracts/survey.contract'
import { C } from '../server/domain/shared/collections'
import { cnDay, statId, type ResponseDoc, type StationDoc, type StatDoc } from '../server/domain/survey/survey.docs'
import { mountFunctions } from '../server/functions'
import { createGateway } from '../server/gateway/gateway'
import { contextFor } from '../server/platform/runtime'
import { localFileStore } from '../server/platform/files.local'
import { localRuntime } from '../server/platform/runtime.local'
import { DEMO, seedDemo } from '../server/seed/demo'
import { INDEXES } from '../server/domain/shared/collections'
import { createPgliteStore } from '../server/store/document-store.pglite'
import { openPglite } from '../server/store/pglite-instance'
import { countingStore } from '../test/support/counting-store'

const DAYS = 30
const BATCH = 5000
const QUERY_RUNS = 15

function progress(label: string, done: number, total: number, started: number): void {
  const width = 30
  const filled = Math.round((done / total) * width)
  const rate = done / ((performance.now() - started) / 1000)
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done.toLocaleString()}/${total.toLocaleString()} (${Math.round(rate).toLocaleString()}/s)`)
  if (done === total) process.stderr.write('\n')
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-survey-'))
  const pg = await openPglite(dataDir)
  const base = createPgliteStore(pg, { indexes: INDEXES })
  const counting = countingStore(base)
  const runtime = localRuntime(counting.store, { secret: 'bench-secret-0123456789', publicOrigin: 'http://127.0.0.1', files: localFileStore(path.join(dataDir, 'files')) })
  await seedDemo(runtime)
  const survey = mountFunctions(runtime).survey
  if (!survey) throw new Error('no survey function')
  const station = await base.get<StationDoc>(C.station, DEMO.stationChunjiang)
  if (!station) throw new Error('no seeded station')
  const codes: Array<string | null> = [null, ...station.windows.map((w) => w.code)]
  const today = cnDay(new Date())
  const days = Array.from({ length: DAYS }, (_, i) => cnDay(new Date(Date.now() - i * 86400000)))
  const ctx = contextFor(DEMO.secretaryOpenid)

  const stats = async (): Promise<GetStatsOutput> => {
    const r = (await survey({ action: 'getStats', stationId: station._id, from: days[DAYS - 1], to: today }, ctx)) as Result<GetStatsOutput>
    if (!r.ok) throw new Error(r.error.message)
    return r.data
  }
  const timeStats = async () => {
    const times: number[] = []
    let last: GetStatsOutput | null = null
    for (let i = 0; i < 5; i++) await stats() // warm-up: JIT and PGlite caches, untimed
    for (let i = 0; i < QUERY_RUNS; i++) {
      const t = performance.now()
      last = await stats()
      times.push(performance.now() - t)
    }
    return { ms: median(times), last }
  }

  let loaded = 0
  /** Loads `n` more counted responses spread over the codes and days, with their counters. */
  const load = async (n: number) => {
    const counters = new Map<string, StatDoc>()
    const started = performance.now()
    for (let off = 0; off < n; off += BATCH) {
      const docs: ResponseDoc[] = []
      for (let i = off; i < Math.min(n, off + BATCH); i++) {
        const seq = loaded + i
        const window = codes[seq % codes.length] ?? null
        const day = days[Math.floor(seq / codes.length) % DAYS] ?? today
        const overall = seq % 50 === 0 ? 3 : seq % 7 === 0 ? 4 : 5
        docs.push({
          _id: `r_bench_${seq}`, orgId: station.orgId, branchId: station.branchId, stationId: station._id, window, day,
          at: `${day}T02:00:00.000Z`, version: 1, overall, aspects: { courtesy: 5, speed: overall }, comment: null,
          commentStatus: 'none', hasComment: false, counted: true, flags: [], elapsedMs: 6000,
        })
        const id = statId(station._id, window, day)
        const c = counters.get(id) ?? ({ _id: id, orgId: station.orgId, branchId: station.branchId, stationId: station._id, window, day, n: 0, sat: 0, o1: 0, o2: 0, o3: 0, o4: 0, o5: 0, u: 0 } as StatDoc)
        c.n += 1
        if (overall >= 4) c.sat += 1
        c[`o${overall}` as 'o3' | 'o4' | 'o5'] += 1
        c.a_courtesy_s = (c.a_courtesy_s ?? 0) + 5
        c.a_courtesy_n = (c.a_courtesy_n ?? 0) + 1
        c.a_speed_s = (c.a_speed_s ?? 0) + overall
        c.a_speed_n = (c.a_speed_n ?? 0) + 1
        counters.set(id, c)
      }
      await base.insertMany(C.surveyResponse, docs)
      progress(`loading ${n.toLocaleString()} responses`, Math.min(n, off + BATCH), n, started)
    }
    for (const c of counters.values()) {
      const { _id, orgId: _o, branchId: _b, stationId: _s, window: _w, day: _d, ...inc } = c
      if (!(await base.update(C.surveyStat, _id, { inc: inc as Record<string, number> }))) await base.insert(C.surveyStat, c)
    }
    loaded += n
  }

  console.log(`bench/survey-stats — PGlite in ${dataDir}; dashboard = 春江站, ${DAYS} days, ${codes.length} codes; median of ${QUERY_RUNS} queries after 5 untimed`)
  await load(1_000)
  const small = await timeStats()
  if (small.last?.total !== loaded) throw new Error(`dashboard total ${small.last?.total} ≠ loaded ${loaded}`)
  await load(999_000)
  const large = await timeStats()
  if (large.last?.total !== loaded) throw new Error(`dashboard total ${large.last?.total} ≠ loaded ${loaded}`)
  const responses = await base.count(C.surveyResponse, { stationId: station._id })

  console.log('')
  console.log('responses   dashboard getStats (median)   counter docs read   headline')
  console.log(`${(1000).toLocaleString().padStart(9)}   ${small.ms.toFixed(2).padStart(10)} ms${' '.repeat(17)}${String(small.last?.docsRead).padStart(5)}   ${small.last?.headline}`)
  console.log(`${responses.toLocaleString().padStart(9)}   ${large.ms.toFixed(2).padStart(10)} ms${' '.repeat(17)}${String(large.last?.docsRead).padStart(5)}   ${large.last?.headline}`)
  console.log(`ratio 1,000,000 : 1,000 = ${(large.ms / small.ms).toFixed(2)} (goal ≤ 2)`)

  // Through the HTTP gateway: distinct respondents, 16 in flight.
  const server = createGateway({ functions: mountFunctions(runtime), mode: 'dev', staticDir: null, maxBodyBytes: 65536, rateLimitPerMinute: 1e9, logError: (e) => console.error(e) })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/survey`
  const post = async (openid: string, body: unknown) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-openid': openid }, body: JSON.stringify(body) })
    return (await res.json()) as Result<unknown>
  }
  const N = 2000
  const code = station.windows[0]?.code ?? station.code
  const tickets: string[] = []
  for (let i = 0; i < N; i++) {
    const r = (await post(`bench-driver-${i}`, { action: 'getForm', code })) as Result<GetFormOutput>
    if (!r.ok) throw new Error(r.error.message)
    tickets.push(r.data.ticket)
  }
  await new Promise((r) => setTimeout(r, 3100)) // tickets must be older than the minimum answering time
  counting.reset()
  let next = 0
  let counted = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < N) {
        const i = next++
        const r = (await post(`bench-driver-${i}`, { action: 'submitResponse', code, overall: 5, aspects: { courtesy: 5 }, ticket: tickets[i] })) as Result<{ counted: boolean }>
        if (r.ok && r.data.counted) counted++
        if ((i + 1) % 200 === 0) progress('submitting through the gateway', i + 1, N, started)
      }
    }),
  )
  const secs = (performance.now() - started) / 1000
  console.log(`gateway: ${N} submissions in ${secs.toFixed(1)} s = ${Math.round(N / secs)} submissions/s (16 concurrent, ${counted} counted)`)
  console.log(`store writes per counted submission: ${(counting.writes() / counted).toFixed(2)} (goal ≤ 2)`)
  server.close()
  await pg.close()
  rmSync(dataDir, { recursive: true, force: true })
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
