/**
 * bench/attendance-scale: the attendance reads on a 2,000-member branch with a year of weekly
 * activities (test/functions/attendance-scale.fixture.ts), and store statements per sign-in.
 *
 * 1. Statements per sign-in: a counting wrapper around the store counts every call that reaches it
 *    (reads, writes, queries, counts; a transaction counts its BEGIN and COMMIT as 2), for a
 *    member's first scan and for a repeated scan, and for the secretary's code refresh.
 * 2. Loads the big branch (records only), builds the counters with the repair (as on an upgrade), and
 *    times attendanceStats, absenceAlerts, listAttendance and myAttendance (best of RUNS).
 *
 * Run: `npx tsx bench/attendance-scale.ts`. Figures only; nothing is asserted.
 */
import { performance } from 'node:perf_hooks'
import { repairAttendanceCounters } from '../server/domain/activity/attendance-repair'
import { DEMO } from '../server/seed/demo'
import type { DocumentStore, TxStore } from '../server/store/document-store'
import { dataOf, makeHarness, T0 } from '../test/support/harness'
import { freshStore } from '../test/support/store'
import { BIG, loadBigBranch } from '../test/functions/attendance-scale.fixture'

const RUNS = Number(process.env.RUNS ?? 3)

/** Counts every statement the store is asked for, by kind. */
function statementCounter(inner: DocumentStore) {
  const log: string[] = []
  const wrapTx = (tx: TxStore, inTx: boolean): TxStore => ({
    get: (c, id) => (log.push(`${inTx ? 'tx.' : ''}get ${c}`), tx.get(c, id)),
    insert: (c, d) => (log.push(`${inTx ? 'tx.' : ''}insert ${c}`), tx.insert(c, d)),
    update: (c, id, p) => (log.push(`${inTx ? 'tx.' : ''}update ${c}`), tx.update(c, id, p)),
  })
  const store: DocumentStore = {
    ...inner,
    ...wrapTx(inner, false),
    insertMany: (c, d) => (log.push(`insertMany ${c}`), inner.insertMany(c, d)),
    updateWhere: (c, id, w, p) => (log.push(`updateWhere ${c}`), inner.updateWhere(c, id, w, p)),
    remove: (c, id) => (log.push(`remove ${c}`), inner.remove(c, id)),
    query: (c, o) => (log.push(`query ${c}`), inner.query(c, o)),
    count: (c, w) => (log.push(`count ${c}`), inner.count(c, w)),
    countBy: (c, f, w) => (log.push(`countBy ${c}`), inner.countBy(c, f, w)),
    transaction: async (fn) => {
      log.push('BEGIN')
      try {
        return await inner.transaction((tx) => fn(wrapTx(tx, true)))
      } finally {
        log.push('COMMIT')
      }
    },
  }
  return { store, take: () => log.splice(0) }
}

async function statementsPerSignIn(): Promise<void> {
  const counted = statementCounter(await freshStore())
  const h = await makeHarness({ store: counted.store })
  const create = async (title: string) =>
    dataOf(
      await h.call<{ activity: { id: string } }>('activity', DEMO.secretaryOpenid, {
        action: 'createActivity', kind: 'theme_day', title, startAt: new Date(T0.getTime() + 600_000).toISOString(), endAt: new Date(T0.getTime() + 7_200_000).toISOString(), place: '会议室',
      }),
    ).activity.id
  const earlier = await create('党小组学习')
  const activityId = await create('主题党日')
  const codeOf = async (id: string) => dataOf(await h.call<{ token: string }>('activity', DEMO.secretaryOpenid, { action: 'getSignInCode', activityId: id })).token
  // The member signs in to another activity first: the figures below are those of a usual scan,
  // not of the year's first (which also creates the member's points balance and counter document).
  dataOf(await h.call('activity', DEMO.memberOpenid(1), { action: 'signIn', token: await codeOf(earlier) }))
  counted.take()
  const token = await codeOf(activityId)
  const refresh = counted.take()
  dataOf(await h.call('activity', DEMO.memberOpenid(1), { action: 'signIn', token }))
  const first = counted.take()
  dataOf(await h.call('activity', DEMO.memberOpenid(1), { action: 'signIn', token }))
  const again = counted.take()
  const show = (label: string, log: string[]) => console.log(`${label}: ${log.filter((s) => s !== 'BEGIN' && s !== 'COMMIT').length} store calls, ${log.length} statements with BEGIN/COMMIT\n    ${log.join(' · ')}`)
  show('signIn, first scan', first)
  show('signIn, repeated scan', again)
  show('getSignInCode (code refresh)', refresh)
}

async function bigBranch(): Promise<void> {
  const store = await freshStore()
  const h = await makeHarness({ store, seed: false })
  let t = performance.now()
  await loadBigBranch(store, h.runtime.ids)
  console.log(`loaded 2,000 members × 52 weekly activities in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  t = performance.now()
  const report = await repairAttendanceCounters(store, { fix: true })
  console.log(`counters built by the repair in ${((performance.now() - t) / 1000).toFixed(1)} s (${report.differences.length} written)`)
  const calls: Array<[string, string, Record<string, unknown>]> = [
    ['attendanceStats', BIG.secretaryOpenid, { action: 'attendanceStats', year: BIG.year }],
    ['absenceAlerts', BIG.secretaryOpenid, { action: 'absenceAlerts', year: BIG.year }],
    ['listAttendance', BIG.secretaryOpenid, { action: 'listAttendance', activityId: 'act_big_040' }],
    ['myAttendance', BIG.memberOpenid(7), { action: 'myAttendance', year: BIG.year }],
  ]
  for (const [name, openid, event] of calls) {
    let best = Infinity
    let answer = ''
    for (let r = 0; r < RUNS; r++) {
      t = performance.now()
      const out = await h.call('activity', openid, event)
      best = Math.min(best, performance.now() - t)
      answer = out.ok ? 'ok' : `${out.error.code} (${out.error.message})`
    }
    console.log(`${name}: ${answer}, best of ${RUNS}: ${best.toFixed(0)} ms`)
  }
}

async function main(): Promise<void> {
  await statementsPerSignIn()
  await bigBranch()
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
