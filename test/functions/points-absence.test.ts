/**
 * The automatic 基础分 deduction for unexcused absences: an ended activity's expected members who
 * neither signed in nor had a leave approved lose the rule's amount once (twice run, or a burst of
 * sweeps, deducts once); a later 补录 or leave approval reverses it in its own transaction; revoking
 * the 补录 deducts again; a cancelled activity is cleared by the next sweep; the floor holds; the
 * reversal names its cause; the end instant counts as ended; rules without the absence item deduct
 * nothing.
 */
import type { points as P } from '../../contracts'
import type { ActivityDoc } from '../../server/domain/activity/activity.docs'
import { markYearOf, memberYearId, type Marks } from '../../server/domain/activity/attendance-counters'
import { absenceDue, syncAbsence } from '../../server/domain/points/absence'
import type { PointsEntryDoc } from '../../server/domain/points/ledger'
import { DEFAULT_RULES } from '../../server/domain/points/rules'
import { memberIdFor } from '../../server/domain/shared/actor'
import type { MemberDoc } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import type { DocumentStore, QueryOptions } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const ADMIN = DEMO.adminOpenid
const M = [1, 2, 3, 4, 5].map((n) => DEMO.memberOpenid(n)) as [string, string, string, string, string]
const MIN = 60_000
const idOf = (h: Harness, openid: string) => memberIdFor(h.runtime, openid)
const pts = <D>(h: Harness, openid: string, action: string, input: Record<string, unknown> = {}) => h.call<D>('points', openid, { action, ...input })
const act = <D>(h: Harness, openid: string, action: string, input: Record<string, unknown> = {}) => h.call<D>('activity', openid, { action, ...input })
const settle = async (h: Harness, input: Record<string, unknown> = {}) => dataOf(await pts<P.SettleAbsencesOutput>(h, SECRETARY, 'settleAbsences', input))
const baseOf = async (h: Harness, openid: string) => dataOf(await pts<P.GetMyPointsOutput>(h, openid, 'getMyPoints')).byCategory.base
const must = <T>(doc: T | null): T => {
  if (doc === null) throw new Error('document missing')
  return doc
}
const absenceEntries = (h: Harness, activityId: string) =>
  h.store.query<PointsEntryDoc>('points_entry', { where: { 'source.ref': activityId, 'source.type': { $in: ['absence', 'absence_cleared'] } } }).then((r) => r.docs)

/**
 * An activity of five expected members, from 10 minutes ago for 100 minutes: M1 signs in, M2's leave
 * is approved, M3's leave is asked and never decided, M4 and M5 do nothing.
 */
async function heldActivity(h: Harness, title = '十一月主题党日') {
  const at = (ms: number) => new Date(h.clock.now().getTime() + ms).toISOString()
  const expectedMemberIds = M.map((o) => idOf(h, o))
  const a = dataOf(await act<{ activity: { id: string; endAt: string } }>(h, SECRETARY, 'createActivity', { kind: 'theme_day', title, startAt: at(-10 * MIN), endAt: at(100 * MIN), expectedMemberIds })).activity
  const code = dataOf(await act<{ token: string }>(h, SECRETARY, 'getSignInCode', { activityId: a.id }))
  dataOf(await act(h, M[0], 'signIn', { token: code.token }))
  dataOf(await act(h, M[1], 'requestLeave', { activityId: a.id, reason: '外出培训' }))
  dataOf(await act(h, SECRETARY, 'decideLeave', { activityId: a.id, memberId: idOf(h, M[1]), approve: true }))
  dataOf(await act(h, M[2], 'requestLeave', { activityId: a.id, reason: '家中有事' }))
  return a
}

describe('automatic deduction for unexcused absences', () => {
  test('nothing before the end; after it the unexcused (absent, leave never approved) lose 2 once, with the activity as source', async () => {
    const h = await makeHarness()
    const a = await heldActivity(h)
    expect(await settle(h)).toMatchObject({ activities: 0, deducted: 0, standing: 0 })
    h.clock.advance(101 * MIN)
    const first = await settle(h)
    expect(first).toMatchObject({ year: 2026, activities: 1, deducted: 3, cleared: 0, standing: 3 })
    expect([await baseOf(h, M[0]), await baseOf(h, M[1]), await baseOf(h, M[2]), await baseOf(h, M[3]), await baseOf(h, M[4])]).toEqual([20, 20, 18, 18, 18])
    const entries = await absenceEntries(h, a.id)
    expect(entries).toHaveLength(3)
    expect(entries.every((e) => e.category === 'base' && e.amount === -2 && e.source.type === 'absence' && e.reason.includes('十一月主题党日'))).toBe(true)
    const mine = dataOf(await pts<P.GetMyPointsOutput>(h, M[3], 'getMyPoints')).entries
    expect(mine).toEqual([expect.objectContaining({ sourceType: 'absence', amount: -2, recordedBy: idOf(h, SECRETARY) })])

    // running it again changes nothing
    expect(await settle(h)).toMatchObject({ deducted: 0, cleared: 0, standing: 3 })
    expect(await absenceEntries(h, a.id)).toHaveLength(3)
    // nor does the admin's sweep of the same branch, nor one bounded to the activity
    expect(dataOf(await pts<P.SettleAbsencesOutput>(h, ADMIN, 'settleAbsences', { branchId: DEMO.branchId }))).toMatchObject({ deducted: 0, standing: 3 })
    expect(await settle(h, { activityId: a.id })).toMatchObject({ activities: 1, deducted: 0, standing: 3 })
    expect(await absenceEntries(h, a.id)).toHaveLength(3)
  })

  test('a burst of concurrent sweeps deducts each member once', async () => {
    const h = await makeHarness()
    const a = await heldActivity(h)
    h.clock.advance(101 * MIN)
    const results = await Promise.all(Array.from({ length: 6 }, () => settle(h)))
    expect(results.reduce((n, r) => n + r.deducted, 0)).toBe(3)
    const entries = await absenceEntries(h, a.id)
    expect(entries).toHaveLength(3)
    expect(new Set(entries.map((e) => e.memberId)).size).toBe(3)
    expect(await baseOf(h, M[4])).toBe(18)
  })

  test('补录 and a late leave approval reverse the deduction at once; revoking the 补录 deducts again, once', async () => {
    const h = await makeHarness()
    const a = await heldActivity(h)
    h.clock.advance(101 * MIN)
    await settle(h)
    const m4 = idOf(h, M[3])
    dataOf(await act(h, SECRETARY, 'addMakeup', { activityId: a.id, memberId: m4, reason: '签到时手机没电' }))
    expect(await baseOf(h, M[3])).toBe(20)
    const cleared = (await absenceEntries(h, a.id)).filter((e) => e.memberId === m4)
    expect(cleared.map((e) => e.amount).sort()).toEqual([-2, 2])
    const reversal = cleared.find((e) => e.source.type === 'absence_cleared')
    expect(reversal?.reverses).toBe(cleared.find((e) => e.source.type === 'absence')?._id)
    expect(reversal?.reason).toContain('已补录出勤')
    // the leave nobody approved is approved after the end
    dataOf(await act(h, SECRETARY, 'decideLeave', { activityId: a.id, memberId: idOf(h, M[2]), approve: true }))
    expect(await baseOf(h, M[2])).toBe(20)
    const leaveReversal = (await absenceEntries(h, a.id)).find((e) => e.memberId === idOf(h, M[2]) && e.source.type === 'absence_cleared')
    expect(leaveReversal?.reason).toBe('冲正：无故缺席扣分（十一月主题党日，请假已批准）')
    expect(await settle(h)).toMatchObject({ deducted: 0, cleared: 0, standing: 1 })

    dataOf(await act(h, SECRETARY, 'revokeMakeup', { activityId: a.id, memberId: m4, reason: '补录有误' }))
    expect(await baseOf(h, M[3])).toBe(18)
    expect(await settle(h)).toMatchObject({ deducted: 0, standing: 2 })
    dataOf(await act(h, SECRETARY, 'addMakeup', { activityId: a.id, memberId: m4, reason: '核实确已参加' }))
    expect(await baseOf(h, M[3])).toBe(20)
    expect((await absenceEntries(h, a.id)).filter((e) => e.memberId === m4).map((e) => e.amount)).toHaveLength(4)
    // only attendance undoes it: the secretary's reversal refuses an absence entry
    const standing = (await absenceEntries(h, a.id)).find((e) => e.memberId === idOf(h, M[4]))
    expect(await pts(h, SECRETARY, 'reverse', { entryId: standing?._id, reason: '手工冲正' })).toMatchObject({ ok: false, error: { code: 'POINTS.NOT_REVERSIBLE' } })
  })

  test('a cancelled activity is cleared by the next sweep; the floor holds; a frozen year is left alone', async () => {
    const h = await makeHarness()
    dataOf(await pts(h, ADMIN, 'saveRules', { rules: { ...DEFAULT_RULES, deductions: [{ key: 'unexcused_absence', label: '无故缺席组织生活', amount: 15 }] }, effectiveFrom: '2026-11-20' }))
    const a = await heldActivity(h, '支部党员大会')
    const b = await heldActivity(h, '十一月组织生活会')
    h.clock.advance(101 * MIN)
    await settle(h)
    // two absences of 15 from 20: the second counts 5
    expect(await baseOf(h, M[4])).toBe(0)
    const m5 = (await absenceEntries(h, b.id)).concat(await absenceEntries(h, a.id)).filter((e) => e.memberId === idOf(h, M[4]))
    expect(m5.map((e) => e.amount).sort((x, y) => x - y)).toEqual([-15, -5])
    dataOf(await act(h, SECRETARY, 'cancelActivity', { activityId: b.id, reason: '记录有误' }))
    expect(await settle(h)).toMatchObject({ activities: 2, cleared: 3, standing: 3 })
    const cleared = (await absenceEntries(h, b.id)).filter((e) => e.source.type === 'absence_cleared')
    expect(cleared.every((e) => e.reason.includes('活动已取消'))).toBe(true)

    // after the year is frozen, nothing is written into it
    const c = await heldActivity(h, '十二月主题党日')
    h.clock.set('2027-01-05T02:00:00.000Z')
    dataOf(await pts(h, ADMIN, 'freezeYear', { year: 2026 }))
    const before = await h.store.count('points_entry', {})
    expect(await settle(h, { year: 2026 })).toMatchObject({ deducted: 0 })
    expect(await h.store.count('points_entry', {})).toBe(before)
    expect(await absenceEntries(h, c.id)).toEqual([])
  })

  test('a sweep racing a 补录 of the same member leaves them attended and not deducted; the sweep reads no ledger entry', async () => {
    const reads: string[] = []
    const inner = await freshStore()
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown
        if (prop === 'query' && typeof v === 'function') {
          return (collection: string, options?: QueryOptions) => (reads.push(collection), (v as (...a: unknown[]) => unknown).call(target, collection, options))
        }
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    }) as DocumentStore
    const h = await makeHarness({ store })
    const a = await heldActivity(h)
    h.clock.advance(101 * MIN)
    const m4 = idOf(h, M[3])
    reads.length = 0
    await Promise.all([settle(h), act(h, SECRETARY, 'addMakeup', { activityId: a.id, memberId: m4, reason: '签到表上有签名' }).then(dataOf)])
    expect(await baseOf(h, M[3])).toBe(20)
    expect((await absenceEntries(h, a.id)).filter((e) => e.memberId === m4).reduce((n, e) => n + e.amount, 0)).toBe(0)
    expect(await baseOf(h, M[4])).toBe(18)
    reads.length = 0
    await settle(h)
    expect(reads).not.toContain('points_entry')
    expect([...new Set(reads)].sort()).toEqual(['activity', 'attendance_member_year', 'member', 'points_balance'])
  })

  test('the reversal of one no longer expected says so: dropped from the list, or gone to another branch (even if their leave is approved after)', async () => {
    const h = await makeHarness()
    const a = await heldActivity(h)
    h.clock.advance(101 * MIN)
    expect(await settle(h)).toMatchObject({ deducted: 3 })
    // M5 dropped from the expected members
    const doc = must(await h.store.get<ActivityDoc>('activity', a.id))
    const kept = M.slice(0, 4).map((o) => idOf(h, o))
    dataOf(await act(h, SECRETARY, 'updateActivity', { activityId: a.id, kind: doc.kind, title: doc.title, startAt: doc.startAt, endAt: doc.endAt, expectedMemberIds: kept }))
    expect(await settle(h)).toMatchObject({ deducted: 0, cleared: 1, standing: 2 })
    const reasonOf = async (openid: string) => (await absenceEntries(h, a.id)).find((e) => e.memberId === idOf(h, openid) && e.source.type === 'absence_cleared')?.reason
    expect(await reasonOf(M[4])).toBe('冲正：无故缺席扣分（十一月主题党日，不再列为应到）')
    expect(await baseOf(h, M[4])).toBe(20)
    // M3 (leave asked, never decided) now belongs to another branch; the leave is approved afterwards
    await h.store.update('member', idOf(h, M[2]), { set: { branchId: DEMO.otherBranchId } })
    dataOf(await act(h, SECRETARY, 'decideLeave', { activityId: a.id, memberId: idOf(h, M[2]), approve: true }))
    expect(await reasonOf(M[2])).toBe('冲正：无故缺席扣分（十一月主题党日，不再列为应到）')
  })

  test('the end instant counts as ended: a sweep at exactly the end deducts', async () => {
    const h = await makeHarness()
    await heldActivity(h)
    h.clock.advance(100 * MIN - 1)
    expect(await settle(h)).toMatchObject({ activities: 0, deducted: 0, standing: 0 })
    h.clock.advance(1)
    expect(await settle(h)).toMatchObject({ activities: 1, deducted: 3, standing: 3 })
    expect(await baseOf(h, M[4])).toBe(18)
  })

  test('rules without the absence item deduct nothing, and the sweep still succeeds', async () => {
    const h = await makeHarness()
    dataOf(await pts(h, ADMIN, 'saveRules', { rules: { ...DEFAULT_RULES, deductions: [{ key: 'late_dues', label: '未按时交纳党费', amount: 2 }] }, effectiveFrom: '2026-11-20' }))
    const a = await heldActivity(h)
    h.clock.advance(101 * MIN)
    expect(await settle(h)).toMatchObject({ deducted: 0, standing: 3 })
    expect(await absenceEntries(h, a.id)).toEqual([])
    expect(await baseOf(h, M[4])).toBe(20)
  })

  test('absenceDue and syncAbsence before the end: nothing due (not even for a leave still pending), only the balance read; an unknown member: nothing', async () => {
    const reads: string[] = []
    const h = await makeHarness()
    const a = await heldActivity(h)
    const activity = must(await h.store.get<ActivityDoc>('activity', a.id))
    const m3 = must(await h.store.get<MemberDoc>('member', idOf(h, M[2])))
    const marks = ((await h.store.get('attendance_member_year', memberYearId(m3._id, activity.branchId, markYearOf(activity)))) ?? undefined) as Marks | undefined
    expect(marks).toBeDefined()
    const end = new Date(activity.endAt)
    expect(absenceDue(activity, m3, marks, new Date(end.getTime() - 1))).toBe(false)
    expect(absenceDue(activity, m3, marks, end)).toBe(true)

    const counting = (tx: Parameters<Parameters<DocumentStore['transaction']>[0]>[0]) =>
      new Proxy(tx, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown
          if (typeof v !== 'function') return v
          return (...args: unknown[]) => (reads.push(String(prop)), (v as (...x: unknown[]) => unknown).apply(target, args))
        },
      })
    expect(await h.store.transaction((tx) => syncAbsence(h.runtime, counting(tx), activity, m3._id, 'tester'))).toBeNull()
    // the balance only, for a deduction left from an end that was moved later: nothing
    expect(reads).toEqual(['get'])
    h.clock.advance(101 * MIN)
    const before = await h.store.count('points_entry', {})
    expect(await h.store.transaction((tx) => syncAbsence(h.runtime, tx, activity, 'no-such-member', 'tester'))).toBeNull()
    expect(await h.store.count('points_entry', {})).toBe(before)
    // the same call for M3 deducts: the two above were held back by the end and the missing member
    expect(await h.store.transaction((tx) => syncAbsence(h.runtime, tx, activity, m3._id, 'tester'))).toBe('deducted')
  })

  test('an end moved later after the deduction: a 补录 or an approved leave before the new end clears it at once; the new end deducts nobody twice', async () => {
    const h = await makeHarness()
    const a = await heldActivity(h)
    h.clock.advance(101 * MIN)
    await settle(h)
    const [m3, m4, m5] = [idOf(h, M[2]), idOf(h, M[3]), idOf(h, M[4])]
    expect([await baseOf(h, M[2]), await baseOf(h, M[3]), await baseOf(h, M[4])]).toEqual([18, 18, 18])
    // the secretary finds the meeting ran on: its end moves two hours later, into the future
    const activity = must(await h.store.get<ActivityDoc>('activity', a.id))
    const endAt = new Date(h.clock.now().getTime() + 120 * MIN).toISOString()
    dataOf(await act(h, SECRETARY, 'updateActivity', { activityId: a.id, kind: activity.kind, title: activity.title, startAt: activity.startAt, endAt, expectedMemberIds: activity.expectedMemberIds }))
    dataOf(await act(h, SECRETARY, 'addMakeup', { activityId: a.id, memberId: m4, reason: '会议延长后到场' }))
    dataOf(await act(h, SECRETARY, 'decideLeave', { activityId: a.id, memberId: m3, approve: true }))
    expect([await baseOf(h, M[2]), await baseOf(h, M[3])]).toEqual([20, 20])
    const reasons = (await absenceEntries(h, a.id)).filter((e) => e.source.type === 'absence_cleared').map((e) => [e.memberId, e.reason])
    expect(reasons).toEqual(expect.arrayContaining([[m4, expect.stringContaining('已补录出勤')], [m3, expect.stringContaining('请假已批准')]]))
    // after the new end the sweep finds only M5 still unexcused, already deducted once
    h.clock.advance(121 * MIN)
    expect(await settle(h)).toMatchObject({ deducted: 0, cleared: 0, standing: 1 })
    expect((await absenceEntries(h, a.id)).filter((e) => e.memberId === m5)).toHaveLength(1)
    expect(await baseOf(h, M[4])).toBe(18)
  })

  test('another branch\'s activity answers like an unknown one; a member cannot sweep', async () => {
    const h = await makeHarness()
    const a = await heldActivity(h)
    expect(await pts(h, M[0], 'settleAbsences')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await pts(h, ADMIN, 'settleAbsences', { branchId: DEMO.otherBranchId, activityId: a.id })).toMatchObject({ ok: false, error: { code: 'POINTS.NOT_FOUND' } })
  })
})
