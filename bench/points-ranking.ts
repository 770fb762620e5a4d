/**
 * bench/points-ranking: what getRanking and getMyPoints cost as a branch grows and as the ledger's
 * history grows. Each scenario is loaded straight into a fresh embedded store (members, their
 * per-member-year balances, and H ledger entries per member), then the two actions are called
 * through the points function's real main() and timed (best of RUNS), with the documents they read
 * counted per collection by a wrapper around the store (a get that finds a document counts 1, a
 * query the documents it returns).
 *
 * 1. One branch of 20, 200 and 2,000 members (20 entries each): time and documents read, and the
 *    ratio 2,000 ÷ 20. The ranking reads members and balances (one each per member) and no ledger
 *    entry; my points reads one balance, the rules and only the caller's own entries.
 * 2. An organisation of 10 branches × 200 members: one branch's ranking against a lone 200 branch.
 * 3. A 200-member branch with 0 and with 100 entries per member: the ranking's time ratio (goal ≤ 1.5,
 *    i.e. independent of the ledger's history length).
 *
 * Run: `npx tsx bench/points-ranking.ts` (`--json` adds one JSON line for bench/run-all.mjs).
 */
import { performance } from 'node:perf_hooks'
import type { PointsBalanceDoc, PointsEntryDoc } from '../server/domain/points/ledger'
import { seededMember } from '../server/domain/shared/actor'
import { C, type BranchDoc, type MemberDoc } from '../server/domain/shared/collections'
import type { Doc, DocumentStore } from '../server/store/document-store'
import { makeHarness, type Harness } from '../test/support/harness'
import { freshStore } from '../test/support/store'

const RUNS = Number(process.env.RUNS ?? 5)
const YEAR = 2026
const ORG = 'org_bench'
const openidOf = (b: number, i: number) => `bench-${b}-${i}`

/** Counts the documents each read returns, by collection. */
function readCounter(inner: DocumentStore) {
  let read: Record<string, number> = {}
  const add = (c: string, n: number) => void (read[c] = (read[c] ?? 0) + n)
  const store: DocumentStore = {
    ...inner,
    get: async <T extends Doc>(c: string, id: string) => {
      const d = await inner.get<T>(c, id)
      if (d) add(c, 1)
      return d
    },
    query: async <T extends Doc>(c: string, o?: Parameters<DocumentStore['query']>[1]) => {
      const r = await inner.query<T>(c, o)
      add(c, r.docs.length)
      return r
    },
    insert: (c, d) => inner.insert(c, d),
    update: (c, id, p) => inner.update(c, id, p),
    transaction: (fn) => inner.transaction(fn),
  }
  return { store, take: () => ((r) => ((read = {}), r))(read) }
}

/** `branches` branches of `members` each, every member with a balance and `history` ledger entries of the year. */
async function load(h: Harness, store: DocumentStore, branches: number, members: number, history: number): Promise<void> {
  const at = '2026-01-02T00:00:00.000Z'
  await store.insertMany(C.organization, [{ _id: ORG, name: '积分测试党委', createdAt: at }])
  for (let b = 0; b < branches; b++) {
    const branchId = `br_${b}`
    await store.insertMany<BranchDoc>(C.branch, [{ _id: branchId, orgId: ORG, name: `第${b + 1}支部`, createdAt: at }])
    const people: MemberDoc[] = Array.from({ length: members }, (_, i) =>
      seededMember({ ids: h.runtime.ids }, { openid: openidOf(b, i), orgId: ORG, branchId, name: `党员${b}-${i}`, role: i === 0 ? 'secretary' : 'member', at }),
    )
    await store.insertMany(C.member, people)
    const balances: PointsBalanceDoc[] = []
    let entries: PointsEntryDoc[] = []
    for (const [i, m] of people.entries()) {
      const amounts = Array.from({ length: history }, (_, k) => ((i + k) % 3) + 1)
      const task = Math.min(70, amounts.reduce((s, a) => s + a, 0))
      balances.push({ _id: `${m._id}_${YEAR}`, orgId: ORG, branchId, memberId: m._id, year: YEAR, total: task, entries: history, base: 0, task, reward: 0, honour: 0 })
      for (const [k, amount] of amounts.entries()) {
        const when = new Date(Date.parse(at) + k * 3_600_000).toISOString()
        entries.push({ _id: `e_${m._id}_${k}`, orgId: ORG, branchId, memberId: m._id, year: YEAR, amount, requested: amount, category: 'task', status: 'final', rulesFrom: null, reason: '签到', source: { type: 'activity_sign_in', ref: `a${k}` }, reverses: null, recordedBy: m._id, at: when })
        if (entries.length >= 5000) {
          await store.insertMany(C.pointsEntry, entries)
          entries = []
        }
      }
    }
    if (entries.length) await store.insertMany(C.pointsEntry, entries)
    await store.insertMany(C.pointsBalance, balances)
  }
}

interface Measure {
  ms: number
  read: Record<string, number>
  docs: number
}

async function measure(h: Harness, take: () => Record<string, number>, openid: string, event: Record<string, unknown>): Promise<Measure> {
  let best = Infinity
  let read: Record<string, number> = {}
  for (let r = 0; r < RUNS; r++) {
    take()
    const t = performance.now()
    const out = await h.call('points', openid, event)
    best = Math.min(best, performance.now() - t)
    read = take()
    if (!out.ok) throw new Error(`${String(event.action)}: ${out.error.code}`)
  }
  return { ms: best, read, docs: Object.values(read).reduce((s, n) => s + n, 0) }
}

async function scenario(label: string, branches: number, members: number, history: number) {
  const counted = readCounter(await freshStore())
  const h = await makeHarness({ store: counted.store, seed: false })
  const t = performance.now()
  await load(h, counted.store, branches, members, history)
  const ledger = await counted.store.count(C.pointsEntry, {})
  const loaded = ((performance.now() - t) / 1000).toFixed(1)
  const ranking = await measure(h, counted.take, openidOf(0, 0), { action: 'getRanking', year: YEAR })
  const mine = await measure(h, counted.take, openidOf(0, 1), { action: 'getMyPoints', year: YEAR })
  const show = (name: string, m: Measure) => `${name} ${m.ms.toFixed(1)} ms, ${m.docs} documents read (${Object.entries(m.read).map(([c, n]) => `${c} ${n}`).join(', ')})`
  console.log(`${label} [ledger ${ledger.toLocaleString('en')} entries, loaded in ${loaded} s]\n    ${show('getRanking', ranking)}\n    ${show('getMyPoints', mine)}`)
  return { ledger, ranking, mine }
}

async function main(): Promise<void> {
  console.log(`points ranking bench: best of ${RUNS} runs per call`)
  const sizes: Record<number, Awaited<ReturnType<typeof scenario>>> = {}
  for (const n of [20, 200, 2000]) sizes[n] = await scenario(`branch of ${n.toLocaleString('en')} members, 20 entries each`, 1, n, 20)
  const org = await scenario('organisation of 10 branches × 200 members, 20 entries each (one branch read)', 10, 200, 20)
  const bare = await scenario('branch of 200 members, no ledger history', 1, 200, 0)
  const long = await scenario('branch of 200 members, 100 entries each', 1, 200, 100)

  const [s20, s200, s2000] = [sizes[20], sizes[200], sizes[2000]]
  if (!s20 || !s200 || !s2000) throw new Error('missing scenario')
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
  const figures = {
    rankingTime2000v20: ratio(s2000.ranking.ms, s20.ranking.ms),
    rankingDocs2000v20: ratio(s2000.ranking.docs, s20.ranking.docs),
    mineTime2000v20: ratio(s2000.mine.ms, s20.mine.ms),
    mineDocs2000v20: ratio(s2000.mine.docs, s20.mine.docs),
    rankingLedgerReads: Math.max(...[s20, s200, s2000, org, bare, long].map((s) => s.ranking.read[C.pointsEntry] ?? 0)),
    mineOthersEntries: Math.max(...[s20, s200, s2000, org, long].map((s) => (s.mine.read[C.pointsEntry] ?? 0) - 20 * (s === long ? 5 : 1))),
    orgBranchVsLone200: ratio(org.ranking.ms, s200.ranking.ms),
    rankingTimeHistory100v0: ratio(long.ranking.ms, bare.ranking.ms),
  }
  console.log(`
ratios
  getRanking 2,000 ÷ 20 members: time ${figures.rankingTime2000v20}×, documents ${figures.rankingDocs2000v20}× (linear in members: it returns every member)
  getMyPoints 2,000 ÷ 20 members: time ${figures.mineTime2000v20}×, documents ${figures.mineDocs2000v20}× (goal: independent of the branch)
  ledger entries read by getRanking, any scenario: ${figures.rankingLedgerReads} (goal 0)
  entries of other members read by getMyPoints: ${figures.mineOthersEntries} (goal 0)
  one branch of a 10-branch organisation ÷ a lone 200 branch, getRanking time: ${figures.orgBranchVsLone200}×
  getRanking, 100 ÷ 0 entries per member (200 members): time ${figures.rankingTimeHistory100v0}× (goal ≤ 1.5)`)
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures))
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
