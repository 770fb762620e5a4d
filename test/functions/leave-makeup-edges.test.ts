/**
 * Leave and 补录 at their edges (leave-makeup.usecases.ts), each case one a mutation run left
 * untested: who may ask for leave and until when, a second request, deciding one's own leave or a
 * leave that was never asked for, 补录 on a cancelled activity, at the start, for a member not on the
 * list, revoking what is not there, and twins racing (PostgreSQL's duplicate, staged on PGlite).
 */
import type { activity as A } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { DEMO } from '../../server/seed/demo'
import { DuplicateIdError, type DocumentStore } from '../../server/store/document-store'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, T0 } from '../support/harness'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const S = DEMO.secretaryOpenid
const M = (i: number) => DEMO.memberOpenid(i)
const MIN = 60_000
const iso = (ms: number) => new Date(T0.getTime() + ms).toISOString()

/**
 * The store, whose armed transaction fails: `twin` commits it first and then reports a duplicate of
 * `collection`, as PostgreSQL does to the loser of two twins; `error` fails it with that error, unwritten.
 */
function armable(inner: DocumentStore) {
  let armed: { kind: 'twin'; collection: string } | { kind: 'error'; error: Error } | null = null
  let attempts = 0
  const store = Object.assign(Object.create(inner) as DocumentStore, {
    transaction: (async (fn) => {
      attempts++
      const now = armed
      armed = null
      if (!now) return inner.transaction(fn)
      if (now.kind === 'error') throw now.error
      await inner.transaction(fn)
      throw new DuplicateIdError(now.collection, 'the twin')
    }) as DocumentStore['transaction'],
  })
  return {
    store,
    twin: (collection: string) => ((armed = { kind: 'twin', collection }), (attempts = 0)),
    fail: (error: Error) => ((armed = { kind: 'error', error }), (attempts = 0)),
    attempts: () => attempts,
  }
}

async function setup(store?: DocumentStore) {
  const h = await makeHarness(store ? { store } : {})
  const create = async (extra: Record<string, unknown> = {}) =>
    dataOf(await h.call<{ activity: A.ActivityView }>('activity', S, { action: 'createActivity', kind: 'theme_day', title: '主题党日', startAt: iso(10 * MIN), endAt: iso(120 * MIN), place: '会议室', ...extra })).activity
  const call = (openid: string, action: string, input: Record<string, unknown>) => h.call<Record<string, unknown>>('activity', openid, { action, ...input })
  return { h, create, call, id: (i: number) => memberIdFor(h.runtime, M(i)) }
}

describe('requestLeave', () => {
  test('refused on a cancelled activity, to a member not on its list, to an admin, and once it has ended (at its end exactly)', async () => {
    const { h, create, call, id } = await setup()
    const cancelled = await create()
    dataOf(await call(S, 'cancelActivity', { activityId: cancelled.id, reason: '改期' }))
    const listed = await create({ expectedMemberIds: [id(2)] })
    const open = await create()
    const before = await h.counts()
    expect(await call(M(1), 'requestLeave', { activityId: cancelled.id, reason: '出差' })).toMatchObject({ error: { code: 'ACTIVITY.CANCELLED' } })
    expect(await call(M(1), 'requestLeave', { activityId: listed.id, reason: '出差' })).toMatchObject({ error: { code: 'ACTIVITY.NOT_EXPECTED' } })
    expect(await call(DEMO.adminOpenid, 'requestLeave', { activityId: cancelled.id, reason: '出差' })).toMatchObject({ error: { code: 'ACTIVITY.NOT_EXPECTED' } })
    h.clock.set(open.endAt)
    expect(await call(M(1), 'requestLeave', { activityId: open.id, reason: '出差' })).toMatchObject({ error: { code: 'ACTIVITY.ENDED' } })
    expect(await h.counts()).toEqual(before)
  })

  test('a second request replaces a pending leave’s reason; an approved leave stands', async () => {
    const { h, create, call, id } = await setup()
    const a = await create()
    dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '出差' }))
    expect(dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '家中有事' }))).toMatchObject({ leave: { reason: '家中有事', status: 'pending' } })
    dataOf(await call(S, 'decideLeave', { activityId: a.id, memberId: id(1), approve: true }))
    expect(dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '又有事' }))).toMatchObject({ leave: { reason: '家中有事', status: 'approved' } })
    const [leave] = (await h.store.query<{ _id: string; reason: string; status: string }>(C.activityLeave, { where: { activityId: a.id } })).docs
    expect(leave).toMatchObject({ reason: '家中有事', status: 'approved' })
  })

  test('a request that loses the race to its twin answers with the leave; another failure is not retried', async () => {
    const race = armable(await freshStore())
    const { h, create, call } = await setup(race.store)
    const a = await create()
    race.twin(C.activityLeave)
    expect(dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '出差' }))).toMatchObject({ leave: { status: 'pending', reason: '出差' } })
    expect(race.attempts()).toBe(2)
    race.fail(new Error('connection lost'))
    expect(await call(M(2), 'requestLeave', { activityId: a.id, reason: '出差' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(race.attempts()).toBe(1)
    expect(await h.store.count(C.activityLeave, { activityId: a.id })).toBe(1)
  })
})

describe('decideLeave', () => {
  test('not one’s own leave; not a leave never asked for; a rejection is in the audit trail', async () => {
    const { h, create, call, id } = await setup()
    const a = await create()
    const self = memberIdFor(h.runtime, S)
    dataOf(await call(S, 'requestLeave', { activityId: a.id, reason: '开会' }))
    expect(await call(S, 'decideLeave', { activityId: a.id, memberId: self, approve: true })).toMatchObject({ error: { code: 'ACTIVITY.DECIDE_SELF' } })
    expect(await call(S, 'decideLeave', { activityId: a.id, memberId: id(3), approve: true })).toMatchObject({ status: 404, error: { code: 'ACTIVITY.LEAVE_NOT_FOUND' } })
    dataOf(await call(M(1), 'requestLeave', { activityId: a.id, reason: '出差' }))
    dataOf(await call(S, 'decideLeave', { activityId: a.id, memberId: id(1), approve: false }))
    const roll = dataOf(await h.call<A.ListAttendanceOutput>('activity', S, { action: 'listAttendance', activityId: a.id }))
    expect(roll.rows.find((r) => r.memberId === id(1))?.audit.map((e) => e.what)).toEqual(['leave_rejected'])
  })
})

describe('补录', () => {
  test('refused on a cancelled activity and for a member not on the list; allowed from the start exactly', async () => {
    const { h, create, call, id } = await setup()
    const cancelled = await create()
    dataOf(await call(S, 'cancelActivity', { activityId: cancelled.id, reason: '改期' }))
    const listed = await create({ expectedMemberIds: [id(2)] })
    const a = await create()
    h.clock.set(a.startAt)
    expect(await call(S, 'addMakeup', { activityId: cancelled.id, memberId: id(1), reason: '纸质签到' })).toMatchObject({ error: { code: 'ACTIVITY.CANCELLED' } })
    expect(await call(S, 'addMakeup', { activityId: listed.id, memberId: id(1), reason: '纸质签到' })).toMatchObject({ error: { code: 'ACTIVITY.NOT_EXPECTED' } })
    const stranger = memberIdFor(h.runtime, 'wx-nobody-here')
    await h.store.insert(C.member, { _id: stranger, openid: 'wx-nobody-here', orgId: DEMO.orgId, branchId: DEMO.otherBranchId, name: '外支部员', role: 'member', joinedAt: T0.toISOString(), joinedVia: 'seed', updatedAt: T0.toISOString() })
    expect(await call(S, 'addMakeup', { activityId: a.id, memberId: stranger, reason: '纸质签到' })).toMatchObject({ error: { code: 'ACTIVITY.MEMBER_NOT_IN_BRANCH' } })
    expect(dataOf(await call(S, 'addMakeup', { activityId: a.id, memberId: id(1), reason: '纸质签到' }))).toEqual({ changed: true })
  })

  test('revoking what is not an active 补录 changes nothing; a revocation leaves the record revoked and a ledger entry that says why', async () => {
    const { h, create, call, id } = await setup()
    const a = await create()
    h.clock.advance(15 * MIN)
    expect(dataOf(await call(S, 'revokeMakeup', { activityId: a.id, memberId: id(1), reason: '录错了人' }))).toEqual({ changed: false })
    dataOf(await call(S, 'addMakeup', { activityId: a.id, memberId: id(1), reason: '纸质签到' }))
    expect(dataOf(await call(S, 'revokeMakeup', { activityId: a.id, memberId: id(1), reason: '录错了人' }))).toEqual({ changed: true })
    expect(dataOf(await call(S, 'revokeMakeup', { activityId: a.id, memberId: id(1), reason: '录错了人' }))).toEqual({ changed: false })
    const [record] = (await h.store.query<{ _id: string; state: string }>(C.activitySignIn, { where: { activityId: a.id } })).docs
    expect(record?.state).toBe('revoked')
    const reversal = (await h.store.query<{ _id: string; reason: string; source: { type: string } }>(C.pointsEntry, { where: { 'source.ref': a.id }, limit: 10 })).docs.filter(
      (e) => e.source.type === 'activity_makeup_revoked',
    )
    expect(reversal.map((e) => e.reason)).toEqual(['撤销补录：主题党日（录错了人）'])
  })

  test('a 补录 whose write fails for another reason answers INTERNAL and records nothing', async () => {
    const race = armable(await freshStore())
    const { h, create, call, id } = await setup(race.store)
    const a = await create()
    h.clock.advance(15 * MIN)
    race.fail(new Error('connection lost'))
    expect(await call(S, 'addMakeup', { activityId: a.id, memberId: id(1), reason: '纸质签到' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(await h.store.count(C.activitySignIn, { activityId: a.id })).toBe(0)
    expect(await h.store.count(C.activityAudit, { activityId: a.id })).toBe(0)
  })

  test('a 补录 with no ledger entry (recorded before points were kept) is revoked all the same, once', async () => {
    const { h, create, call, id } = await setup()
    const a = await create()
    h.clock.advance(15 * MIN)
    dataOf(await call(S, 'addMakeup', { activityId: a.id, memberId: id(1), reason: '纸质签到' }))
    const entries = (await h.store.query<{ _id: string; source: { type: string } }>(C.pointsEntry, { where: { 'source.ref': a.id }, limit: 10 })).docs
    expect(entries.map((e) => e.source.type)).toEqual(['activity_makeup'])
    for (const e of entries) expect(await h.store.remove(C.pointsEntry, e._id)).toBe(true)
    const counted = async () => (await h.store.get<{ _id: string; makeup: number }>(C.attendanceActivity, a.id))?.makeup
    const audits = async () => (await h.store.query<{ _id: string; what: string }>(C.activityAudit, { where: { activityId: a.id }, limit: 20 })).docs.map((d) => d.what).sort()
    expect(await counted()).toBe(1)
    expect(dataOf(await call(S, 'revokeMakeup', { activityId: a.id, memberId: id(1), reason: '录错了人' }))).toEqual({ changed: true })
    expect(await counted()).toBe(0)
    const afterFirst = await audits()
    expect(afterFirst).toEqual(['makeup', 'revoke'])
    expect(dataOf(await call(S, 'revokeMakeup', { activityId: a.id, memberId: id(1), reason: '录错了人' }))).toEqual({ changed: false })
    expect(await counted()).toBe(0)
    expect(await audits()).toEqual(afterFirst)
    // nothing was there to reverse
    expect(await h.store.count(C.pointsEntry, { 'source.ref': a.id })).toBe(0)
  })

  test('a 补录 or revocation that loses the race to its twin answers "nothing changed", once written', async () => {
    const race = armable(await freshStore())
    const { h, create, call, id } = await setup(race.store)
    const a = await create()
    h.clock.advance(15 * MIN)
    race.twin(C.activitySignIn)
    expect(dataOf(await call(S, 'addMakeup', { activityId: a.id, memberId: id(1), reason: '纸质签到' }))).toEqual({ changed: false })
    expect(await h.store.count(C.activitySignIn, { activityId: a.id, state: 'active' })).toBe(1)
    race.twin(C.activitySignIn)
    expect(dataOf(await call(S, 'revokeMakeup', { activityId: a.id, memberId: id(1), reason: '录错了人' }))).toEqual({ changed: false })
    expect(await h.store.count(C.activitySignIn, { activityId: a.id, state: 'active' })).toBe(0)
  })
})
