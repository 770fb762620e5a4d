/**
 * Self-hosting on a real PostgreSQL (`TEST_DATABASE_URL`, set by .ci/run): the sign-in burst through
 * the handlers, and two gateway processes on one database sharing a 1,000-member burst — every
 * sign-in and every points entry exactly once. Skipped, and says so, without a database.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { activity as A } from '../../contracts'
import type { ActionOutput } from '../../contracts/functions'
import { seededMember } from '../../server/domain/shared/actor'
import { INDEXES } from '../../server/domain/shared/collections'
import { cryptoIds } from '../../server/platform/ids'
import { DEMO } from '../../server/seed/demo'
import { createPostgresStore } from '../../server/store/document-store.postgres'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { api, killAllGateways, startGatewayProcess } from '../support/gateway-process'
import { dataOf, makeHarness, T0 } from '../support/harness'
import { closePostgres, freshPostgresStore, TEST_DATABASE_URL } from '../support/store'

afterAll(async () => {
  await killAllGateways()
  await closePostgres()
  await closeAllPglite()
})

const maybe = TEST_DATABASE_URL ? describe : describe.skip
if (!TEST_DATABASE_URL) test.skip('self-hosting on PostgreSQL: skipped, TEST_DATABASE_URL is not set (.ci/run sets it)', () => {})

maybe('self-hosting on PostgreSQL', () => {
  test('200 members each firing 3 concurrent sign-ins through the handlers: exactly 200 sign-ins and 200 ledger entries', async () => {
    const h = await makeHarness({ store: await freshPostgresStore() })
    const at = T0.toISOString()
    const openids = Array.from({ length: 200 }, (_, i) => `pg-burst-${i}`)
    await h.store.insertMany('branch', [{ _id: 'branch_pg', orgId: DEMO.orgId, name: '联合党支部', createdAt: at }])
    await h.store.insertMany('member', [
      seededMember(h.runtime, { openid: 'pg-sec', orgId: DEMO.orgId, branchId: 'branch_pg', name: '赵书记', role: 'secretary', at }),
      ...openids.map((o, i) => seededMember(h.runtime, { openid: o, orgId: DEMO.orgId, branchId: 'branch_pg', name: `党员${i}`, role: 'member', at })),
    ])
    const created = dataOf(
      await h.call<ActionOutput<'activity', 'createActivity'>>('activity', 'pg-sec', {
        action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: new Date(T0.getTime() - 60_000).toISOString(), endAt: new Date(T0.getTime() + 3_600_000).toISOString(),
      }),
    )
    const { token } = dataOf(await h.call<A.GetSignInCodeOutput>('activity', 'pg-sec', { action: 'getSignInCode', activityId: created.activity.id }))
    const results = await Promise.all(openids.flatMap((o) => [1, 2, 3].map(() => h.call<A.SignInOutput>('activity', o, { action: 'signIn', token }))))
    expect(h.errors.map(String).slice(0, 3)).toEqual([])
    expect(results.filter((r) => !r.ok)).toEqual([])
    expect(results.filter((r) => r.ok && !r.data.alreadySignedIn)).toHaveLength(200)
    expect(await h.store.count('activity_sign_in', { activityId: created.activity.id })).toBe(200)
    expect(await h.store.count('points_entry', { 'source.ref': created.activity.id })).toBe(200)
    expect(h.errors).toEqual([])
  })

  test('two gateway processes on one PostgreSQL share a 1,000-member sign-in burst: every sign-in and every points entry once', async () => {
    const schema = `gw_${randomBytes(4).toString('hex')}`
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL as string, max: 4 })
    try {
      const store = createPostgresStore(pool, { schema, indexes: INDEXES })
      await store.prepare()
      const at = new Date().toISOString()
      const ids = { ids: cryptoIds }
      const openids = Array.from({ length: 1000 }, (_, i) => `gw-member-${i}`)
      await store.insertMany('organization', [{ _id: 'org_gw', name: '测试党委', createdAt: at }])
      await store.insertMany('branch', [{ _id: 'branch_gw', orgId: 'org_gw', name: '千人党支部', createdAt: at }])
      await store.insertMany('member', [
        seededMember(ids, { openid: 'gw-sec', orgId: 'org_gw', branchId: 'branch_gw', name: '钱书记', role: 'secretary', at }),
        ...openids.map((o, i) => seededMember(ids, { openid: o, orgId: 'org_gw', branchId: 'branch_gw', name: `党员${i}`, role: 'member', at })),
      ])
      const env = { DATABASE_URL: TEST_DATABASE_URL as string, DATABASE_SCHEMA: schema, SEED_DEMO: '0', APP_SECRET: 'two-gateways-secret-0123456789', STATIC_DIR: '/nonexistent' }
      const g1 = await startGatewayProcess(env)
      const g2 = await startGatewayProcess(env)
      const sec = { 'x-dev-openid': 'gw-sec' }
      const created = await api(g1.base, 'activity', {
        action: 'createActivity', kind: 'theme_day', title: '千人签到', startAt: new Date(Date.now() - 60_000).toISOString(), endAt: new Date(Date.now() + 3_600_000).toISOString(),
      }, sec)
      expect(created.ok).toBe(true)
      const activityId = (created.data as { activity: { id: string } }).activity.id
      const token = ((await api(g2.base, 'activity', { action: 'getSignInCode', activityId }, sec)).data as { token: string }).token

      // every member twice, once on each gateway, 64 requests in flight at a time
      const jobs = openids.flatMap((o, i) => [[i % 2 ? g1 : g2, o] as const, [i % 2 ? g2 : g1, o] as const])
      const outcomes: Array<{ ok: boolean; first: boolean }> = []
      let next = 0
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          while (next < jobs.length) {
            const job = jobs[next++]
            if (!job) break
            const [g, o] = job
            const r = await api(g.base, 'activity', { action: 'signIn', token }, { 'x-dev-openid': o })
            outcomes.push({ ok: r.ok, first: r.ok && !(r.data as { alreadySignedIn: boolean }).alreadySignedIn })
          }
        }),
      )
      expect(outcomes.filter((o) => !o.ok)).toHaveLength(0)
      expect(outcomes.filter((o) => o.first)).toHaveLength(1000)
      expect(await store.count('activity_sign_in', { activityId })).toBe(1000)
      expect(await store.count('points_entry', { 'source.ref': activityId })).toBe(1000)
      const balances = await store.countBy('points_balance', 'total')
      expect(balances).toEqual([{ key: 2, count: 1000 }])
      await pool.query(`drop schema "${schema}" cascade`)
    } finally {
      await pool.end()
    }
  }, 300_000)
})
