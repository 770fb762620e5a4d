/**
 * A member's scan in SQL statements, counted under the store (BEGIN and COMMIT included): a first
 * sign-in is the two lookups (the member and the activity, read together as one statement), the
 * record's insert, the award's reads (the rules in force and the balance) as one statement and its
 * writes with the live count and the mark as another (writeAll).
 * With the statements counted, the same scans must still score by the rules of their day, stop at
 * the cap and write every document once.
 */
import { award, balanceId, type PointsBalanceDoc } from '../../server/domain/points/ledger'
import { DEFAULT_RULES } from '../../server/domain/points/rules'
import { memberIdFor } from '../../server/domain/shared/actor'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite, openPglite } from '../../server/store/pglite-instance'
import { dataOf, type Harness } from '../support/harness'
import { countedHarness } from '../support/statement-counter'

afterAll(closeAllPglite)

const MIN = 60_000
const counted = async () => countedHarness(await openPglite(), `t_signin_${process.pid}_${Math.random().toString(36).slice(2, 8)}`)

async function openActivity(h: Harness, title: string): Promise<{ id: string; token: string }> {
  const at = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
  const { activity } = dataOf(await h.call<{ activity: { id: string } }>('activity', DEMO.secretaryOpenid, { action: 'createActivity', kind: 'theme_day', title, startAt: at(-10 * MIN), endAt: at(100 * MIN) }))
  const { token } = dataOf(await h.call<{ token: string }>('activity', DEMO.secretaryOpenid, { action: 'getSignInCode', activityId: activity.id }))
  return { id: activity.id, token }
}
const signIn = async (h: Harness, openid: string, token: string) => dataOf(await h.call<{ points: number; alreadySignedIn: boolean }>('activity', openid, { action: 'signIn', token }))

describe('a sign-in in statements', () => {
  test('first of the year 6, once the counters exist 6, a repeat 5; every document written once', async () => {
    const { h, statements, reset } = await counted()
    const warm = await openActivity(h, '预热')
    await signIn(h, DEMO.memberOpenid(20), warm.token) // every table used once before counting
    const a = await openActivity(h, '主题党日')
    const m = memberIdFor(h.runtime, DEMO.memberOpenid(1))

    reset()
    expect(await signIn(h, DEMO.memberOpenid(1), a.token)).toMatchObject({ alreadySignedIn: false, points: 2 })
    expect(statements()).toBe(6)
    reset()
    expect(await signIn(h, DEMO.memberOpenid(1), a.token)).toMatchObject({ alreadySignedIn: true, points: 0 })
    expect(statements()).toBe(5)
    const b = await openActivity(h, '第二次')
    reset()
    expect(await signIn(h, DEMO.memberOpenid(1), b.token)).toMatchObject({ alreadySignedIn: false, points: 2 })
    expect(statements()).toBe(6)

    const entries = await h.store.query<{ _id: string; amount: number }>('points_entry', { where: { memberId: m } })
    expect(entries.docs.map((e) => e.amount)).toEqual([2, 2])
    expect(await h.store.get('points_balance', balanceId(m, 2026))).toMatchObject({ total: 4, task: 4, entries: 2 })
    expect(await h.store.get('attendance_activity', a.id)).toMatchObject({ signed: 1 })
    expect(await h.store.get('attendance_activity', b.id)).toMatchObject({ signed: 1 })
    const marks = await h.store.query<{ _id: string } & Record<string, unknown>>('attendance_member_year', { where: { memberId: m } })
    expect(marks.docs).toHaveLength(1)
    expect(marks.docs[0]?.[`s_${a.id}`]).toMatchObject({ m: 'scan' })
    expect(marks.docs[0]?.[`s_${b.id}`]).toMatchObject({ m: 'scan' })
  })

  test('rules saved between two sign-ins score the second from its day on, read in the same statement as the balance', async () => {
    const { h } = await counted()
    expect((await signIn(h, DEMO.memberOpenid(1), (await openActivity(h, '十一月')).token)).points).toBe(2)
    h.clock.advance(MIN)
    const rules = { ...DEFAULT_RULES, attendance: { ...DEFAULT_RULES.attendance, theme_day: 5 } }
    // in force from today: the very next scan, in this process or any other, reads it
    const today = h.clock.now().toISOString().slice(0, 10)
    dataOf(await h.call('points', DEMO.adminOpenid, { action: 'saveRules', rules, effectiveFrom: today }))
    expect((await signIn(h, DEMO.memberOpenid(1), (await openActivity(h, '同一天')).token)).points).toBe(5)
    const m = memberIdFor(h.runtime, DEMO.memberOpenid(1))
    const entries = await h.store.query<{ _id: string; amount: number; rulesFrom: string | null }>('points_entry', { where: { memberId: m }, orderBy: [['at', 'asc']] })
    expect(entries.docs.map((e) => [e.amount, e.rulesFrom])).toEqual([
      [2, null],
      [5, today],
    ])
  })

  test('a scan near the 任务分 cap counts what fits, on the balance read in the transaction', async () => {
    const { h } = await counted()
    const m = memberIdFor(h.runtime, DEMO.memberOpenid(1))
    const at = h.clock.now().toISOString()
    await h.store.transaction((tx) =>
      award(tx, { id: 'x69', orgId: DEMO.orgId, branchId: DEMO.branchId, memberId: m, year: 2026, at, occurredAt: at, rule: { kind: 'reviewed', category: 'task', amount: 69 }, reason: '测试', source: { type: 'test', ref: 'x' }, recordedBy: 'test' }),
    )
    expect((await signIn(h, DEMO.memberOpenid(1), (await openActivity(h, '差一分')).token)).points).toBe(1)
    expect((await signIn(h, DEMO.memberOpenid(1), (await openActivity(h, '已满')).token)).points).toBe(0)
    expect(await h.store.get<PointsBalanceDoc>('points_balance', balanceId(m, 2026))).toMatchObject({ task: 70, total: 70, entries: 3 })
  })
})
