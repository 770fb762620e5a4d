/**
 * P5 (issue 9): store reads, writes and documents read per action, for the main member and secretary
 * actions, at branches of 20, 200 and 2,000 members, each with one year of history and then two.
 * Each branch and history is seeded straight into a fresh embedded store (bench/org-seed.ts: 4 activities a month,
 * 85 % attendance, points, lectures), then every action goes through its function's real main()
 * with the store behind a counting wrapper (bench/store-ops.ts).
 *
 * Issue 13's writes follow (bench/actions.ts, ISSUE_13_WRITES), each staged by calls not measured.
 *
 * Goals: documents read independent of history length (the same with two years as with one, at
 * every size) and bounded by the branch (≤ 3 per member + 100). Writes "## Store operations per
 * action (P5)" into bench/REPORT.md.
 *   npx tsx bench/p5-store-ops.ts
 */
import { performance } from 'node:perf_hooks'
import { makeHarness, type Harness } from '../test/support/harness'
import { freshStore } from '../test/support/store'
import { ACTIONS, ISSUE_13_WRITES, runActions, YEAR } from './actions'
import { pairsOfYear, seedBar, seedOrg, seedYear, type Org } from './org-seed'
import { writeReportSection } from './report-section'
import { opCounter, type Ops } from './store-ops'

const SIZES = [20, 200, 2000] as const
const HEADING = '## Store operations per action (P5)'

async function measureAll(h: Harness, take: () => Ops, org: Org): Promise<Map<string, Ops>> {
  const out = new Map<string, Ops>()
  await runActions(h, org, 0, async (a, call) => {
    take()
    await call()
    out.set(a.name, take())
  }, [...ACTIONS, ...ISSUE_13_WRITES])
  return out
}

/** A fresh store with one branch of `n` members and `years` years of history up to YEAR; every action measured once. */
async function scenario(n: number, years: number): Promise<Map<string, Ops>> {
  const t = performance.now()
  const counted = opCounter(await freshStore())
  const h = await makeHarness({ store: counted.store, seed: false })
  const org = await seedOrg(counted.store, h.runtime.ids, `org_p5_${n}_${years}`, [{ id: `br_p5_${n}_${years}`, members: n }])
  const bar = seedBar()
  bar.start(pairsOfYear(org) * years, 0)
  for (let y = YEAR - years + 1; y <= YEAR; y++) await seedYear(counted.store, h.runtime.ids, org, y, bar)
  bar.stop()
  const out = await measureAll(h, counted.take, org)
  console.log(`branch of ${n.toLocaleString('en')} members, ${years} year${years > 1 ? 's' : ''} of history: seeded and measured in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  return out
}

async function main(): Promise<void> {
  const results: Record<number, { one: Map<string, Ops>; two: Map<string, Ops> }> = {}
  for (const n of SIZES) results[n] = { one: await scenario(n, 1), two: await scenario(n, 2) }

  const cell = (o: Ops | undefined) => (o ? `${o.docs} (${o.reads} r, ${o.writes} w)` : '–')
  const rows = [...ACTIONS, ...ISSUE_13_WRITES].filter((a) => !a.setup).map((a) => {
    const history = SIZES.every((n) => (results[n]?.two.get(a.name)?.docs ?? Infinity) <= (results[n]?.one.get(a.name)?.docs ?? -1))
    const bounded = SIZES.every((n) => (results[n]?.two.get(a.name)?.docs ?? Infinity) <= 3 * n + 100)
    const big = results[2000]?.two.get(a.name)
    const top = big ? Object.entries(big.byCollection).sort((x, y) => y[1] - x[1]).slice(0, 3).map(([c, d]) => `${c} ${d}`).join(', ') : ''
    return `| ${a.name} (${a.who}) | ${SIZES.map((n) => cell(results[n]?.one.get(a.name))).join(' | ')} | ${cell(big)} | ${top || '–'} | ${history ? 'pass' : 'miss'} | ${bounded ? 'pass' : 'miss'} |`
  })
  const section = [
    HEADING,
    '',
    `\`npx tsx bench/p5-store-ops.ts\` (${new Date().toISOString().slice(0, 10)}): one branch of 20, 200 and 2,000 members seeded straight into the embedded store (4 activities a month, 85 % attendance, a points entry per attendance, 24 lectures a year studied by 60 %), each action sent once through its function's main(), in one store with one year of history (${YEAR}) and in another with two (${YEAR - 1} and ${YEAR}). Each cell: documents read (store reads, writes); a read is a get, a query page, a count or a batch get. Issue 13's writes follow the main actions, each staged by calls not measured: signInByPersonalCode signs member 2 in by the code getMyPersonalCode gave them; joinOnline is member 3's, marked 流动 by setMobile, with the 会议口令 of openOnlineCode; saveRecord writes the activity's first 纪实 (3 blocks, 2 decisions); reviewRelaySignIn confirms member 5, who with member 4 signed in from one phone. Goals: documents read with two years ≤ with one, at every size (independent of history), and ≤ 3 per member + 100 (bounded by the branch).`,
    '',
    '| action | 20 members | 200 | 2,000 | 2,000, two years | most documents from (2,000, two years) | independent of history | bounded by the branch |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n')
  console.log(section)
  writeReportSection(HEADING, section)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
