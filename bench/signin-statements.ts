/**
 * SQL statements per sign-in on the embedded store: every statement the SQL adapter sends to
 * PGlite (BEGIN and COMMIT included), counted through a wrapper around the database, for a
 * member's first sign-in of the year, a sign-in once their counters exist (the steady state), a
 * repeated scan, the secretary's code with its live count, and per scan when 18 members scan at once
 * (group commit: one transaction for the group). Tables are created before counting.
 *
 *   npx tsx bench/signin-statements.ts        (prints a table; `--json` prints the figures)
 */
import { PGlite } from '@electric-sql/pglite'
import { dataOf } from '../test/support/harness'
import { countedHarness } from '../test/support/statement-counter'
import { DEMO } from '../server/seed/demo'

export async function signInStatements(): Promise<Record<string, number>> {
  const pg = await PGlite.create()
  const { h, reset, statements } = await countedHarness(pg, 'bench')
  const iso = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
  const activity = async (title: string) =>
    dataOf(await h.call<{ activity: { id: string } }>('activity', DEMO.secretaryOpenid, { action: 'createActivity', kind: 'theme_day', title, startAt: iso(-60_000), endAt: iso(3_600_000) })).activity.id
  const code = async (id: string) => dataOf(await h.call<{ token: string }>('activity', DEMO.secretaryOpenid, { action: 'getSignInCode', activityId: id })).token
  const measure = async (fn: () => Promise<unknown>) => {
    reset()
    await fn()
    return statements()
  }
  const signIn = (openid: string, token: string) => h.call('activity', openid, { action: 'signIn', token }).then((r) => dataOf(r))

  const first = await activity('第一次活动')
  const t1 = await code(first)
  await signIn(DEMO.memberOpenid(20), t1) // warms every table and index up
  const firstOfYear = await measure(() => signIn(DEMO.memberOpenid(1), t1))
  const repeat = await measure(() => signIn(DEMO.memberOpenid(1), t1))
  const second = await activity('第二次活动')
  const t2 = await code(second)
  const steady = await measure(() => signIn(DEMO.memberOpenid(1), t2))
  const liveCode = await measure(() => code(second))
  // the burst: 18 members' first scans at once go in one group (group commit); statements per scan
  const burst = Array.from({ length: 18 }, (_, i) => DEMO.memberOpenid(i + 2))
  const inBurst = (await measure(() => Promise.all(burst.map((o) => signIn(o, t2))))) / burst.length
  await pg.close()
  return { firstOfYear, steady, repeat, liveCode, inBurst: Math.round(inBurst * 100) / 100 }
}

async function main(): Promise<void> {
  const r = await signInStatements()
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r))
    return
  }
  console.log('SQL statements (BEGIN/COMMIT included), embedded PGlite')
  console.log(`  first sign-in of the member's year   ${r.firstOfYear}`)
  console.log(`  sign-in, counters already there       ${r.steady}`)
  console.log(`  repeated scan (already signed in)     ${r.repeat}`)
  console.log(`  secretary's code with the live count  ${r.liveCode}`)
  console.log(`  per scan, 18 first scans at once       ${r.inBurst}`)
}

if (import.meta.url === `file://${process.argv[1]}`) void main()
