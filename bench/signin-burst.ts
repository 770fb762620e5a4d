/**
 * P1: 1,000 members sign in at the same moment through the real gateway (a child process, as in
 * production), on the embedded PGlite and — when DATABASE_URL or TEST_DATABASE_URL names one — on
 * PostgreSQL. Prints sign-ins/s against the same store's raw single-insert rate measured in the same
 * run (the ratio is the figure; the goal is ≥ 0.3×), p50/p95/p99 latency, lost and duplicated, and
 * writes them into bench/REPORT.md under "## Sign-in burst (P1)".
 *   npm run bench:signin [-- --members 1000]
 */
import { randomBytes } from 'node:crypto'
import { writeReportSection } from './report-section'
import { mkdtempSync, readFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { seededMember } from '../server/domain/shared/actor'
import { INDEXES } from '../server/domain/shared/collections'
import { cryptoIds } from '../server/platform/ids'
import { createPgliteStore, type SqlDocumentStore } from '../server/store/document-store.pglite'
import { createPostgresStore } from '../server/store/document-store.postgres'
import { openPglite, closeAllPglite } from '../server/store/pglite-instance'
import { api, exited, killAllGateways, startGatewayProcess, type GatewayProcess } from '../test/support/gateway-process'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const MEMBERS = arg('members', 1000)
const ROUNDS = arg('rounds', 5)
const DB_URL = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || ''

async function seed(store: SqlDocumentStore): Promise<void> {
  await store.prepare()
  const at = new Date().toISOString()
  const ids = { ids: cryptoIds }
  await store.insertMany('organization', [{ _id: 'org_bench', name: '压测党委', createdAt: at }])
  await store.insertMany('branch', [{ _id: 'branch_bench', orgId: 'org_bench', name: '千人党支部', createdAt: at }])
  await store.insertMany('member', [
    seededMember(ids, { openid: 'bench-sec', orgId: 'org_bench', branchId: 'branch_bench', name: '压测书记', role: 'secretary', at }),
    ...Array.from({ length: MEMBERS }, (_, i) => seededMember(ids, { openid: `bench-${i}`, orgId: 'org_bench', branchId: 'branch_bench', name: `党员${i}`, role: 'member', at })),
  ])
}

/** The store's own single-document insert rate, one after another: the baseline. */
async function rawInsertRate(store: SqlDocumentStore, n: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < n; i++) await store.insert('bench_raw', { _id: `raw_${i}`, i, at: new Date().toISOString() })
  return n / ((performance.now() - started) / 1000)
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN
  try {
    // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return NaN
  }
}

/**
 * The bench's client: node:http on a keep-alive agent with no socket limit, a new one each round (a
 * connection per member, as 1,000 phones would open). fetch (undici) cost this process about 1.2 ms of CPU a
 * request, more than the gateway spent on a sign-in, on the same two cores; node:http about half.
 */
function post(agent: http.Agent, base: string, pathname: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: pathname, method: body ? 'POST' : 'GET', agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}
const signIn = (agent: http.Agent, base: string, token: string, openid: string) =>
  post(agent, base, '/api/activity', JSON.stringify({ action: 'signIn', token }), { 'x-dev-openid': openid }).then((r) => (JSON.parse(r.text) as { ok: boolean }).ok)

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

/** One burst on a running gateway: a new activity, its code, then every member but the first at once, on fresh connections. */
async function round(g: GatewayProcess) {
  const sec = { 'x-dev-openid': 'bench-sec' }
  const created = await api(g.base, 'activity', {
    action: 'createActivity', kind: 'theme_day', title: '千人同时签到', startAt: new Date(Date.now() - 60_000).toISOString(), endAt: new Date(Date.now() + 3_600_000).toISOString(),
  }, sec)
  if (!created.ok) throw new Error(`createActivity: ${JSON.stringify(created)}\n${g.log()}`)
  const activityId = (created.data as { activity: { id: string } }).activity.id
  const token = ((await api(g.base, 'activity', { action: 'getSignInCode', activityId }, sec)).data as { token: string }).token
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
  // warm-up: one sign-in outside the measurement
  await signIn(agent, g.base, token, 'bench-0')
  const latencies: number[] = []
  let failed = 0
  const cpuBefore = cpuMs(g.child.pid)
  const clientBefore = process.cpuUsage()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: MEMBERS - 1 }, async (_, k) => {
      const t0 = performance.now()
      const ok = await signIn(agent, g.base, token, `bench-${k + 1}`).catch(() => false)
      latencies.push(performance.now() - t0)
      if (!ok) failed++
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpuPerSignIn = (cpuMs(g.child.pid) - cpuBefore) / (MEMBERS - 1)
  const client = process.cpuUsage(clientBefore)
  // the gateway's own floor, on the connections the burst opened: as many requests at once that reach no store (a 404)
  const floorStarted = performance.now()
  await Promise.all(Array.from({ length: MEMBERS }, () => post(agent, g.base, '/api/no-such-function', '{}', {}).catch(() => null)))
  const floorMs = performance.now() - floorStarted
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    activityId,
    rate: (MEMBERS - 1) / seconds,
    cpuPerSignIn,
    clientCpuPerSignIn: (client.user + client.system) / 1000 / (MEMBERS - 1),
    floorMs,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    failed,
  }
}

/** ROUNDS bursts on one gateway process; the median round (by sign-ins/s) is the figure, every round checked for lost and duplicated. */
async function burst(env: Record<string, string>, count: (activityId: string) => Promise<{ signIns: number; entries: number }>) {
  const g = await startGatewayProcess({ SEED_DEMO: '0', APP_SECRET: 'bench-secret-0123456789abcdef', STATIC_DIR: '/nonexistent', ...env })
  const rounds: Array<Awaited<ReturnType<typeof round>>> = []
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(g))
  g.child.kill('SIGTERM')
  await exited(g.child)
  let lost = 0
  let duplicated = 0
  for (const r of rounds) {
    const stored = await count(r.activityId)
    lost += MEMBERS - stored.signIns - r.failed
    duplicated += Math.max(0, stored.entries - stored.signIns)
  }
  const byRate = [...rounds].sort((a, b) => a.rate - b.rate)
  const median = byRate[Math.floor(byRate.length / 2)] ?? rounds[0]
  if (!median) throw new Error('no round')
  return { ...median, lost, duplicated, rates: rounds.map((r) => r.rate), p99s: rounds.map((r) => r.p99) }
}

type Row = { store: string; raw: number } & Awaited<ReturnType<typeof burst>>

async function onPglite(): Promise<Row> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djbench-'))
  const db = await openPglite(dataDir)
  const store = createPgliteStore(db, { indexes: INDEXES })
  await seed(store)
  const raw = await rawInsertRate(store, 1000)
  await closeAllPglite() // the gateway process opens the folder itself
  const result = await burst({ DATA_DIR: dataDir }, async (activityId) => {
    const again = createPgliteStore(await openPglite(dataDir), { indexes: INDEXES })
    return { signIns: await again.count('activity_sign_in', { activityId }), entries: await again.count('points_entry', { 'source.ref': activityId }) }
  })
  await closeAllPglite()
  return { store: 'PGlite (embedded)', raw, ...result }
}

async function onPostgres(): Promise<Row> {
  const schema = `bench_${randomBytes(4).toString('hex')}`
  const pool = new pg.Pool({ connectionString: DB_URL, max: 4 })
  try {
    const store = createPostgresStore(pool, { schema, indexes: INDEXES })
    await seed(store)
    const raw = await rawInsertRate(store, 1000)
    const result = await burst({ DATABASE_URL: DB_URL, DATABASE_SCHEMA: schema }, async (activityId) => ({
      signIns: await store.count('activity_sign_in', { activityId }),
      entries: await store.count('points_entry', { 'source.ref': activityId }),
    }))
    await pool.query(`drop schema "${schema}" cascade`)
    return { store: 'PostgreSQL', raw, ...result }
  } finally {
    await pool.end()
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [await onPglite()]
  if (DB_URL) rows.push(await onPostgres())
  else console.log('PostgreSQL: skipped (no DATABASE_URL / TEST_DATABASE_URL)')
  const ms = (x: number) => `${Math.round(x)} ms`
  const lines = [
    '## Sign-in burst (P1)',
    '',
    `\`npm run bench:signin\` (${new Date().toISOString().slice(0, 10)}, this 2-core machine): ${MEMBERS} members of one branch sign in at the same moment through the gateway (a child process), ${ROUNDS} rounds on one gateway (each a new activity, on new connections); the figures are the median round's by sign-ins/s, "rounds" lists every round's ratio and p99. Baseline = the same store's single-document insert rate, one after another, in the same run. Goals: sign-ins/s ≥ 0.3 × baseline, p99 ≤ 1 s, none lost or duplicated (over every round). "${MEMBERS} × 404" = as many requests at once to a function that does not exist, sent after the burst on its connections: what the gateway and this client cost without the sign-in. "gateway CPU" = the gateway process's CPU time (user + system, /proc) over the burst per sign-in; "client CPU" = this bench process's (node:http; the same client on fetch cost about 1.2 ms, more than the gateway's work, on the same two cores).`,
    '',
    `| store | raw inserts/s | sign-ins/s | ratio | p50 | p95 | p99 | lost | duplicated | ${MEMBERS} × 404 | gateway CPU / sign-in | client CPU / sign-in | rounds (ratio, p99) | goal |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const ratio = r.rate / r.raw
      const pass = ratio >= 0.3 && r.p99 <= 1000 && r.lost === 0 && r.duplicated === 0
      const each = r.rates.map((rate, i) => `${(rate / r.raw).toFixed(2)}, ${(r.p99s[i] ?? 0) >= 10_000 ? '>10 s' : `${Math.round(r.p99s[i] ?? 0)}`}`).join('; ')
      return `| ${r.store} | ${Math.round(r.raw)} | ${Math.round(r.rate)} | ${ratio.toFixed(2)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.lost} | ${r.duplicated} | ${ms(r.floorMs)} | ${r.cpuPerSignIn.toFixed(2)} ms | ${r.clientCpuPerSignIn.toFixed(2)} ms | ${each} | ${pass ? 'pass' : 'miss'} |`
    }),
    '',
  ]
  const section = lines.join('\n')
  console.log(section)
  writeReportSection('## Sign-in burst (P1)', section)
}

main()
  .catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => void killAllGateways())
