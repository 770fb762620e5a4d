/**
 * Store faults in multi-write use cases: a successful call is run once to list its write points
 * (writes and commits); then, on fresh fixtures, each point n = 1..k in turn fails. The call must
 * answer an error and leave every collection exactly as it was; with faults off the same call
 * must then complete, and a second retry must change nothing (exactly once).
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { statusOf, type Result } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { mountFunctions, type CloudFunctionName } from '../../server/functions'
import { localFileStore } from '../../server/platform/files.local'
import { contextFor } from '../../server/platform/runtime'
import { localRuntime } from '../../server/platform/runtime.local'
import type { Runtime } from '../../server/platform/runtime'
import { DEMO, seedDemo } from '../../server/seed/demo'
import { queryAll, type Doc, type DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dumpCollections } from '../support/dump'
import { faultyStore, InjectedFault, type FaultyStore } from '../support/faulty-store'
import { T0, TestClock } from '../support/harness'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)
const M2 = DEMO.memberOpenid(2)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

type Answer = Result<Record<string, unknown>> & { status: number }

/** The test harness, on a store wrapped in the fault injector (faults off while seeding). */
interface FaultHarness {
  store: DocumentStore
  faults: FaultyStore
  clock: TestClock
  runtime: Runtime
  errors: unknown[]
  call(fn: CloudFunctionName, openid: string | null, event: unknown): Promise<Answer>
}

async function faultHarness(): Promise<FaultHarness> {
  const inner = await freshStore()
  const faults = faultyStore(inner)
  const clock = new TestClock()
  const errors: unknown[] = []
  const runtime = localRuntime(faults.store, {
    clock,
    logError: (e) => errors.push(e),
    secret: 'test-secret-0123456789',
    publicOrigin: 'https://dj.example.cn',
    files: localFileStore(mkdtempSync(path.join(os.tmpdir(), 'djfaults-'))),
  })
  await seedDemo(runtime)
  const mains = mountFunctions(runtime)
  return {
    store: inner,
    faults,
    clock,
    runtime,
    errors,
    async call(fn, openid, event) {
      const main = mains[fn]
      if (!main) throw new Error(`no function ${fn}`)
      const r = (await main(event, contextFor(openid))) as Result<Record<string, unknown>>
      return { ...r, status: r.ok ? 200 : statusOf(r.error.code) }
    },
  }
}

function dataOf(r: Answer): Record<string, unknown> {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`)
  return r.data
}

const all = <T extends Doc>(store: DocumentStore, c: string, where: Record<string, string | number | boolean | null> = {}) => queryAll<T>(store, c, { where }, 1_000_000)

// ---- invariants ------------------------------------------------------------------------------

interface EntryDoc extends Doc { memberId: string; year: number; amount: number; category?: string; source: { type: string; ref: string } }
interface BalanceDoc extends Doc { memberId: string; year: number; total: number; entries: number; base?: number; task?: number; reward?: number; honour?: number }

/** Every balance is the sum and count of its member-year's ledger entries, and none is missing. */
async function ledgerConsistent(store: DocumentStore): Promise<void> {
  const entries = await all<EntryDoc>(store, 'points_entry')
  const expected = new Map<string, { total: number; entries: number; base: number; task: number; reward: number; honour: number }>()
  for (const e of entries) {
    const k = `${e.memberId}_${e.year}`
    const b = expected.get(k) ?? { total: 0, entries: 0, base: 0, task: 0, reward: 0, honour: 0 }
    const c = (e.category ?? 'task') as 'base' | 'task' | 'reward' | 'honour'
    expected.set(k, { ...b, total: b.total + e.amount, entries: b.entries + 1, [c]: b[c] + e.amount })
  }
  const balances = await all<BalanceDoc>(store, 'points_balance')
  const stored = balances.map((b) => [b._id, { total: b.total, entries: b.entries, base: b.base ?? 0, task: b.task ?? 0, reward: b.reward ?? 0, honour: b.honour ?? 0 }])
  expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected))
}

async function ledgerEntries(store: DocumentStore, memberId: string, type: string): Promise<EntryDoc[]> {
  return all<EntryDoc>(store, 'points_entry', { memberId, 'source.type': type })
}

interface ResponseDoc extends Doc { stationId: string; window: string | null; day: string; overall: number; aspects: Record<string, number>; counted: boolean }

/** The survey counters are exactly a recount of the stored responses. */
async function statsMatchRecount(store: DocumentStore): Promise<void> {
  const recount = new Map<string, Record<string, number>>()
  for (const r of await all<ResponseDoc>(store, 'survey_response')) {
    const k = `${r.stationId}|${r.window ?? ''}|${r.day}`
    const s = recount.get(k) ?? { n: 0, sat: 0, o1: 0, o2: 0, o3: 0, o4: 0, o5: 0, u: 0 }
    if (!r.counted) s.u = (s.u ?? 0) + 1
    else {
      s.n = (s.n ?? 0) + 1
      s[`o${r.overall}`] = (s[`o${r.overall}`] ?? 0) + 1
      if (r.overall >= 4) s.sat = (s.sat ?? 0) + 1
      for (const [a, v] of Object.entries(r.aspects)) {
        s[`a_${a}_s`] = (s[`a_${a}_s`] ?? 0) + v
        s[`a_${a}_n`] = (s[`a_${a}_n`] ?? 0) + 1
      }
    }
    recount.set(k, s)
  }
  const stats = await all<Doc & Record<string, unknown>>(store, 'survey_stat')
  const stored = Object.fromEntries(
    stats.map((s) => [
      `${String(s.stationId)}|${(s.window as string | null) ?? ''}|${String(s.day)}`,
      Object.fromEntries(Object.entries(s).filter(([k, v]) => typeof v === 'number' && /^(n|sat|u|o[1-5]|a_.+_[sn])$/.test(k))),
    ]),
  )
  expect(stored).toEqual(Object.fromEntries(recount))
}

// ---- scenarios -------------------------------------------------------------------------------

interface Prepared {
  /** The call under test; the same event each time. */
  call: () => Promise<Answer>
  /** What must hold after the call has succeeded (once, or again on a retry). */
  check: (h: FaultHarness) => Promise<void>
}

interface Scenario {
  name: string
  /** Builds fresh fixtures with faults off. */
  prepare: (h: FaultHarness) => Promise<Prepared>
}

async function createActivity(h: FaultHarness, extra: Record<string, unknown> = {}): Promise<string> {
  const out = dataOf(await h.call('activity', SECRETARY, {
    action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(10 * MIN), endAt: iso(120 * MIN), ...extra,
  }))
  return (out.activity as { id: string }).id
}

const SCENARIOS: Scenario[] = [
  {
    name: 'activity.signIn: sign-in + ledger entry + balance',
    async prepare(h) {
      const activityId = await createActivity(h)
      const code = dataOf(await h.call('activity', SECRETARY, { action: 'getSignInCode', activityId }))
      const m = memberIdFor(h.runtime, M1)
      return {
        call: () => h.call('activity', M1, { action: 'signIn', token: code.token }),
        async check({ store }) {
          const signIns = await all(store, 'activity_sign_in', { activityId, memberId: m, state: 'active' })
          expect(signIns).toHaveLength(1)
          expect(await ledgerEntries(store, m, 'activity_sign_in')).toHaveLength(1)
          await ledgerConsistent(store)
        },
      }
    },
  },
  {
    name: 'survey.submitResponse: counted answer + day counters',
    async prepare(h) {
      const station = await h.store.get<Doc & { code: string }>('station', DEMO.stationChunjiang)
      if (!station) throw new Error('no demo station')
      // A real form ticket, 30 s old: only the server's timing makes an answer count.
      const form = dataOf(await h.call('survey', 'wx-fault-commuter', { action: 'getForm', code: station.code })) as { ticket: string }
      h.clock.advance(30_000)
      return {
        call: () => h.call('survey', 'wx-fault-commuter', { action: 'submitResponse', code: station.code, overall: 5, aspects: { courtesy: 4, speed: 5 }, ticket: form.ticket }),
        async check({ store }) {
          expect(await all(store, 'survey_response', { stationId: station._id, counted: true })).toHaveLength(1)
          await statsMatchRecount(store)
        },
      }
    },
  },
  {
    name: 'lecture.reportProgress (completing beat): progress + ledger entry + balance + day counter',
    async prepare(h) {
      const beat = { action: 'reportProgress', lectureId: 'lec_demo_audio', playing: true }
      dataOf(await h.call('lecture', M1, { ...beat, positionSec: 0 }))
      h.clock.advance(19_000) // the 20 s demo audio completes at 18 s
      const m = memberIdFor(h.runtime, M1)
      return {
        call: () => h.call('lecture', M1, { ...beat, positionSec: 19 }),
        async check({ store }) {
          const progress = await all<Doc & { completedAt: string | null; pointsAwarded: number }>(store, 'lecture_progress', { lectureId: 'lec_demo_audio', memberId: m })
          expect(progress).toHaveLength(1)
          expect(progress[0]?.completedAt).not.toBeNull()
          const entries = await ledgerEntries(store, m, 'lecture_completed')
          expect(entries).toHaveLength(1)
          expect(entries[0]?.amount).toBe(progress[0]?.pointsAwarded)
          const daily = await all<Doc & { points: number }>(store, 'study_daily', { memberId: m })
          expect(daily.reduce((a, d) => a + d.points, 0)).toBe(entries[0]?.amount)
          await ledgerConsistent(store)
        },
      }
    },
  },
  {
    name: 'member.joinBranch: invite use + member',
    async prepare(h) {
      const invite = dataOf(await h.call('member', SECRETARY, { action: 'createInvite', maxUses: 5 }))
      const openid = 'wx-fault-new-joiner'
      return {
        call: () => h.call('member', openid, { action: 'joinBranch', code: invite.code, name: '陈新民' }),
        async check({ store, runtime }) {
          const joined = await all(store, 'member', { joinedVia: String(invite.code) })
          expect(joined.map((d) => d._id)).toEqual([memberIdFor(runtime, openid)])
          expect(await store.get<Doc & { uses: number }>('member_invite', String(invite.code))).toMatchObject({ uses: 1 })
        },
      }
    },
  },
  {
    name: 'survey.createStation: request key + station + codes',
    async prepare(h) {
      const event = { action: 'createStation', name: '新港站', windows: ['1号窗口', '2号窗口'], requestId: 'fault-station-0001' }
      return {
        call: () => h.call('survey', SECRETARY, event),
        async check({ store }) {
          expect(await all(store, 'request_key', { state: 'done' })).toHaveLength(1)
          const stations = await all<Doc & { code: string; windows: Array<{ code: string }> }>(store, 'station', { name: '新港站' })
          expect(stations).toHaveLength(1)
          const st = stations[0] as Doc & { code: string; windows: Array<{ code: string }> }
          const codes = await all(store, 'survey_code', { stationId: st._id })
          expect(codes.map((c) => c._id).sort()).toEqual([st.code, ...st.windows.map((w) => w.code)].sort())
          // No code points at a station that does not exist.
          const stationIds = new Set((await all(store, 'station')).map((s) => s._id))
          expect((await all<Doc & { stationId: string }>(store, 'survey_code')).filter((c) => !stationIds.has(c.stationId))).toEqual([])
        },
      }
    },
  },
  {
    name: 'activity.createActivity: request key + activity',
    async prepare(h) {
      const event = { action: 'createActivity', kind: 'committee', title: '支委会', startAt: iso(10 * MIN), endAt: iso(70 * MIN), requestId: 'fault-activity-0001' }
      return {
        call: () => h.call('activity', SECRETARY, event),
        async check({ store }) {
          expect(await all(store, 'request_key', { state: 'done' })).toHaveLength(1)
          expect(await all(store, 'activity', { title: '支委会' })).toHaveLength(1)
        },
      }
    },
  },
  {
    name: 'activity.addMakeup: 补录 + audit + ledger entry + balance',
    async prepare(h) {
      const activityId = await createActivity(h)
      h.clock.advance(20 * MIN) // 补录 is for an activity that has started

      const m = memberIdFor(h.runtime, M2)
      return {
        call: () => h.call('activity', SECRETARY, { action: 'addMakeup', activityId, memberId: m, reason: '现场签到失败' }),
        async check({ store }) {
          expect(await all(store, 'activity_sign_in', { activityId, memberId: m, state: 'active', method: 'makeup' })).toHaveLength(1)
          expect(await all(store, 'activity_audit', { activityId, memberId: m, what: 'makeup' })).toHaveLength(1)
          expect(await ledgerEntries(store, m, 'activity_makeup')).toHaveLength(1)
          await ledgerConsistent(store)
        },
      }
    },
  },
  {
    name: 'points.finalize: ledger entry + balance + application final',
    async prepare(h) {
      const apply = dataOf(await h.call('points', M1, { action: 'apply', category: 'reward', amount: 3, title: '抢险保畅', evidence: '值守记录', requestId: 'fault-apply-0001' }))
      const applicationId = (apply.application as { id: string }).id
      dataOf(await h.call('points', SECRETARY, { action: 'review', applicationId, approve: true }))
      h.clock.advance(8 * 24 * 60 * MIN)
      const m = memberIdFor(h.runtime, M1)
      return {
        call: () => h.call('points', SECRETARY, { action: 'finalize', applicationId }),
        async check({ store }) {
          expect(await ledgerEntries(store, m, 'application')).toHaveLength(1)
          expect((await store.get<Doc & { status: string }>('points_application', applicationId))?.status).toBe('final')
          await ledgerConsistent(store)
        },
      }
    },
  },
  {
    name: 'points.reviewCommitment: ledger entry + balance + commitment scored',
    async prepare(h) {
      const filed = dataOf(await h.call('points', M1, { action: 'fileCommitment', month: '2026-10', post: '岗位承诺', service: '服务承诺' }))
      const commitmentId = (filed.commitment as { id: string }).id
      const m = memberIdFor(h.runtime, M1)
      return {
        call: () => h.call('points', SECRETARY, { action: 'reviewCommitment', commitmentId, score: 5 }),
        async check({ store }) {
          expect(await ledgerEntries(store, m, 'commitment')).toHaveLength(1)
          expect((await store.get<Doc & { score: number | null }>('points_commitment', commitmentId))?.score).toBe(5)
          await ledgerConsistent(store)
        },
      }
    },
  },
  {
    name: 'points.deduct: request key + ledger entry + balance',
    async prepare(h) {
      const m = memberIdFor(h.runtime, M1)
      return {
        call: () => h.call('points', SECRETARY, { action: 'deduct', memberId: m, item: 'unexcused_absence', note: '无故缺席', requestId: 'fault-deduct-0001' }),
        async check({ store }) {
          expect(await ledgerEntries(store, m, 'deduction')).toHaveLength(1)
          await ledgerConsistent(store)
        },
      }
    },
  },
  {
    name: 'points.freezeYear: snapshot + frozen year in the rules',
    async prepare(h) {
      const m = memberIdFor(h.runtime, M1)
      dataOf(await h.call('points', SECRETARY, { action: 'deduct', memberId: m, item: 'late_dues', note: '党费迟交', requestId: 'fault-deduct-0003' }))
      h.clock.set('2027-01-05T02:00:00.000Z')
      return {
        call: () => h.call('points', DEMO.adminOpenid, { action: 'freezeYear', year: 2026 }),
        async check({ store }) {
          expect(await all(store, 'points_year', { year: 2026 })).toHaveLength(1)
          expect((await store.get<Doc & { frozenYears: number[] }>('points_rules', DEMO.orgId))?.frozenYears).toEqual([2026])
        },
      }
    },
  },
  {
    name: 'points.reverse: reversing entry + balance',
    async prepare(h) {
      const m = memberIdFor(h.runtime, M1)
      const d = dataOf(await h.call('points', SECRETARY, { action: 'deduct', memberId: m, item: 'late_dues', note: '党费迟交', requestId: 'fault-deduct-0002' }))
      const entryId = (d.entry as { id: string }).id
      return {
        call: () => h.call('points', SECRETARY, { action: 'reverse', entryId, reason: '已补交' }),
        async check({ store }) {
          expect(await ledgerEntries(store, m, 'reversal')).toHaveLength(1)
          await ledgerConsistent(store)
        },
      }
    },
  },
]

/** Which collections differ between two dumps, with their document counts. */
function changedCollections(before: Record<string, Doc[]>, after: Record<string, Doc[]>): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return names
    .filter((c) => JSON.stringify(before[c] ?? []) !== JSON.stringify(after[c] ?? []))
    .map((c) => `${c} ${before[c]?.length ?? 0}→${after[c]?.length ?? 0}`)
}

const exercised: Record<string, string[]> = {}

afterAll(() => {
  const lines = Object.entries(exercised).map(([name, points]) => `  ${name}: ${points.length} (${points.join(', ')})`)
  const total = Object.values(exercised).reduce((a, p) => a + p.length, 0)
  console.log(`store faults: ${total} fault points exercised\n${lines.join('\n')}`)
})

/**
 * Runs one scenario through its fault points (those `only` keeps, default all); returns what went
 * wrong, step by step, so one run reports every failing point.
 */
async function exercise(s: Scenario, label = s.name, only: (point: string) => boolean = () => true): Promise<string[]> {
  // A clean run lists the write points and checks the happy path and its retry.
  const base = await faultHarness()
  const ready = await s.prepare(base)
  base.faults.failAt(null)
  dataOf(await ready.call())
  const points = base.faults.log()
  await ready.check(base)
  const chosen = points.map((point, i) => ({ point, n: i + 1 })).filter((x) => only(x.point))
  exercised[label] = chosen.map((x) => `${x.n}:${x.point}`)
  expect(chosen.length).toBeGreaterThan(0)

  const problems: string[] = []
  for (const { n } of chosen) {
    const h = await faultHarness()
    const p = await s.prepare(h)
    const before = await dumpCollections(h.store)
    h.faults.failAt(n)
    const failed = await p.call()
    const where = `fault ${n}/${points.length} at ${points[n - 1]}`
    if (!h.faults.fired()) problems.push(`${where}: not reached`)
    if (failed.ok) problems.push(`${where}: answered ok`)
    const leftover = changedCollections(before, await dumpCollections(h.store))
    if (leftover.length) problems.push(`${where}: left partial state in ${leftover.join(', ')}`)
    h.faults.reset()
    const unexpected = h.errors.filter((e) => !(e instanceof InjectedFault))
    if (unexpected.length) problems.push(`${where}: logged ${unexpected.map(String).join('; ')}`)

    const retry = await p.call()
    if (!retry.ok) {
      problems.push(`${where}: the retry answered ${retry.error.code}`)
      continue
    }
    try {
      await p.check(h)
      const once = await dumpCollections(h.store)
      const again = await p.call()
      if (!again.ok) problems.push(`${where}: the second retry answered ${again.error.code}`)
      const changed = changedCollections(once, await dumpCollections(h.store))
      if (changed.length) problems.push(`${where}: the second retry changed ${changed.join(', ')}`)
      await p.check(h)
    } catch (err) {
      problems.push(`${where}: after the retry, ${err instanceof Error ? err.message.split('\n').slice(0, 6).join(' ') : String(err)}`)
    }
  }
  return problems
}

describe('a failing store write leaves no partial state, and the retry completes exactly once', () => {
  const byName = (prefix: string) => SCENARIOS.find((s) => s.name.startsWith(prefix)) as Scenario

  // The creates with a request id write their records and the request key in one transaction
  // (server/domain/shared/once.ts): a fault at any point, the key included, leaves nothing.
  test.each(
    [
      'activity.signIn',
      'survey.submitResponse',
      'lecture.reportProgress',
      'member.joinBranch',
      'activity.addMakeup',
      'survey.createStation',
      'activity.createActivity',
      'points.finalize',
      'points.reviewCommitment',
      'points.deduct',
      'points.reverse',
      'points.freezeYear',
    ].map(
      (p) => [byName(p).name, byName(p)] as const,
    ),
  )('%s', async (_name, s) => {
    expect(await exercise(s)).toEqual([])
  })
})
