/**
 * Issue 9, item 8 (no head-of-line blocking on the embedded store): a 2,000-member branch with a
 * year of weekly activities (test/functions/attendance-scale.fixture.ts) in the gateway's PGlite,
 * then `/healthz` and a cheap member action (getMe) timed one after another, first idle, then while
 * each of the secretary's heaviest pages (attendanceStats, absenceAlerts of the year) loads again and again. Goal: `/healthz`
 * p95 ≤ 100 ms under load. Writes "## Head-of-line blocking (item 8)" into bench/REPORT.md.
 *   npx tsx bench/head-of-line.ts
 */
import { mkdtempSync } from 'node:fs'
import { writeReportSection } from './report-section'
import os from 'node:os'
import path from 'node:path'
import { repairAttendanceCounters } from '../server/domain/activity/attendance-repair'
import { INDEXES } from '../server/domain/shared/collections'
import { cryptoIds } from '../server/platform/ids'
import { createPgliteStore } from '../server/store/document-store.pglite'
import { openPglite, closeAllPglite } from '../server/store/pglite-instance'
import { BIG, loadBigBranch } from '../test/functions/attendance-scale.fixture'
import { api, exited, killAllGateways, startGatewayProcess } from '../test/support/gateway-process'

const SAMPLES = 60
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djhol-'))
  const store = createPgliteStore(await openPglite(dataDir), { indexes: INDEXES })
  await store.prepare()
  const t = performance.now()
  process.stdout.write('seeding 2,000 members × 52 weekly activities … ')
  await loadBigBranch(store, cryptoIds)
  await repairAttendanceCounters(store, { fix: true })
  console.log(`${((performance.now() - t) / 1000).toFixed(1)} s`)
  await closeAllPglite()

  const g = await startGatewayProcess({ DATA_DIR: dataDir, SEED_DEMO: '0', APP_SECRET: 'bench-secret-0123456789abcdef', STATIC_DIR: '/nonexistent' })
  const healthz = async () => {
    const t0 = performance.now()
    await (await fetch(`${g.base}/healthz`)).text()
    return performance.now() - t0
  }
  const getMe = async () => {
    const t0 = performance.now()
    await api(g.base, 'member', { action: 'getMe' }, { 'x-dev-openid': BIG.memberOpenid(7) })
    return performance.now() - t0
  }
  const page = (action: 'attendanceStats' | 'absenceAlerts') => async () => {
    const t0 = performance.now()
    const r = await api(g.base, 'activity', { action, year: BIG.year }, { 'x-dev-openid': BIG.secretaryOpenid })
    if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`)
    return performance.now() - t0
  }
  const sample = async (probe: () => Promise<number>, whileRunning?: () => boolean) => {
    const out: number[] = []
    while (out.length < SAMPLES || (whileRunning?.() ?? false)) {
      out.push(await probe())
      await new Promise((r) => setTimeout(r, 10))
      if (whileRunning && !whileRunning()) break
    }
    return out
  }
  const HEAVY = ['attendanceStats', 'absenceAlerts'] as const
  const alone: Record<string, number[]> = {}
  for (const name of HEAVY) {
    alone[name] = []
    for (let i = 0; i < 4; i++) alone[name].push(await page(name)()) // the first warms up
    alone[name].shift()
  }
  const idle = { healthz: await sample(healthz), getMe: await sample(getMe) }
  const pageTimes: Record<string, number[]> = {}
  const underLoad = async (heavy: (typeof HEAVY)[number], probe: () => Promise<number>) => {
    let running = true
    const times = (pageTimes[heavy] ??= [])
    const loads = (async () => {
      for (let i = 0; i < 3; i++) times.push(await page(heavy)())
      running = false
    })()
    const xs = await sample(probe, () => running)
    await loads
    return xs
  }
  const loaded = Object.fromEntries(HEAVY.map((h) => [h, { healthz: [] as number[], getMe: [] as number[] }]))
  for (const h of HEAVY) {
    const l = loaded[h] as { healthz: number[]; getMe: number[] }
    l.healthz = await underLoad(h, healthz)
    l.getMe = await underLoad(h, getMe)
  }
  g.child.kill('SIGTERM')
  await exited(g.child)

  const ms = (x: number) => `${Math.round(x)} ms`
  const row = (name: string, a: number[], b: number[], goal: string, pass: boolean | null) =>
    `| ${name} | ${ms(pct(a, 95))} | ${ms(pct(b, 95))} | ${(pct(b, 95) / Math.max(1, pct(a, 95))).toFixed(1)}× | ${goal} | ${pass === null ? '–' : pass ? 'pass' : 'miss'} |`
  const worst = (xs: number[]) => ms(Math.max(...xs))
  const section = [
    '## Head-of-line blocking (item 8)',
    '',
    `\`npx tsx bench/head-of-line.ts\` (${new Date().toISOString().slice(0, 10)}, this shared 2-core machine): the gateway on PGlite with a 2,000-member branch and a year of weekly activities; each probe sent one after another (10 ms apart), idle, then while one of the secretary's two heaviest pages of the year loads three times in a row. The pages read their 2,000 members and marks 200 documents at a time and combine them 200 members at a time, letting the event loop turn in between (attendance.usecases.ts); before that (8eade0f) \`/healthz\` p95 was 290 ms here while attendanceStats loaded.`,
    '',
    `Page times: ${HEAVY.map((h) => `${h} alone ${(alone[h] ?? []).map(ms).join(', ')}; under the probes ${(pageTimes[h] ?? []).map(ms).join(', ')}`).join('; ')}.`,
    '',
    '| probe | p95 idle | p95 while the heavy page loads | ratio | goal | |',
    '|---|---|---|---|---|---|',
    ...HEAVY.flatMap((h) => {
      const l = loaded[h] as { healthz: number[]; getMe: number[] }
      return [
        row(`\`/healthz\` while ${h} loads (worst ${worst(l.healthz)})`, idle.healthz, l.healthz, '≤ 100 ms', pct(l.healthz, 95) <= 100),
        row(`getMe (a member's cheapest action) while ${h} loads`, idle.getMe, l.getMe, '–', null),
      ]
    }),
    '',
  ].join('\n')
  console.log(section)
  writeReportSection('## Head-of-line blocking (item 8)', section)
}

main()
  .catch((err: unknown) => {
    console.error(err)
    process.exitCode = 1
  })
  .finally(() => void killAllGateways())
