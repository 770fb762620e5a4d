/**
 * Rebuilds every attendance counter (attendance-counters.ts) from the records: each active
 * sign-in and each pending or approved leave, over the whole store in pages. Reports each
 * difference between what is stored and the recount; with `fix`, writes the recount. An offline
 * tool (`npm run repair:counters`): run it once after upgrading, and whenever a check is wanted;
 * on a store taking writes, a second run tells a real drift from a write that raced the first.
 */
import { C } from '../shared/collections'
import { pages, type Doc, type DocumentStore } from '../../store/document-store'
import type { ActivityDoc, LeaveDoc, SignInDoc } from './activity.docs'
import { leaveField, markYearOf, memberYearId, signField, type ActivityCounterDoc } from './attendance-counters'

export interface CounterDifference {
  collection: string
  id: string
  field: string
  stored: unknown
  expected: unknown
}

export interface RepairReport {
  differences: CounterDifference[]
  scanned: { activities: number; signIns: number; leaves: number; counters: number }
  fixed: boolean
}

type Fields = Record<string, unknown>

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** The fields a counter document is compared on: its numbers and its non-null marks. */
function comparable(doc: Fields | undefined, marks: boolean): Fields {
  const out: Fields = {}
  for (const [k, v] of Object.entries(doc ?? {})) {
    if (marks ? /^[sl]_/.test(k) && v !== null : k === 'signed' || k === 'makeup') out[k] = v
  }
  return out
}

export async function repairAttendanceCounters(store: DocumentStore, options: { fix: boolean }): Promise<RepairReport> {
  const scanned = { activities: 0, signIns: 0, leaves: 0, counters: 0 }
  const activities = new Map<string, ActivityDoc>()
  for await (const docs of pages<ActivityDoc>(store, C.activity)) for (const a of docs) activities.set(a._id, a)
  scanned.activities = activities.size

  const counters = new Map<string, ActivityCounterDoc>()
  for (const a of activities.values()) counters.set(a._id, { _id: a._id, branchId: a.branchId, signed: 0, makeup: 0 })
  const years = new Map<string, Fields & { _id: string; memberId: string; branchId: string; year: number }>()
  const mark = (a: ActivityDoc, memberId: string, field: string, value: unknown) => {
    const year = markYearOf(a)
    const id = memberYearId(memberId, a.branchId, year)
    const doc = years.get(id) ?? { _id: id, memberId, branchId: a.branchId, year }
    doc[field] = value
    years.set(id, doc)
  }
  for await (const docs of pages<SignInDoc>(store, C.activitySignIn)) {
    for (const s of docs) {
      scanned.signIns++
      const a = activities.get(s.activityId)
      if (!a || s.state !== 'active') continue
      const c = counters.get(a._id)
      if (c) c[s.method === 'makeup' ? 'makeup' : 'signed'] += 1
      mark(a, s.memberId, signField(a._id), { m: s.method, at: s.at })
    }
  }
  for await (const docs of pages<LeaveDoc>(store, C.activityLeave)) {
    for (const l of docs) {
      scanned.leaves++
      const a = activities.get(l.activityId)
      if (a && l.status !== 'rejected') mark(a, l.memberId, leaveField(a._id), l.status)
    }
  }

  const differences: CounterDifference[] = []
  const compare = async (collection: string, expected: Map<string, Fields & { _id: string }>, marks: boolean) => {
    const stored = new Map<string, Fields & { _id: string }>()
    for await (const docs of pages<Doc & Fields>(store, collection)) for (const d of docs) stored.set(d._id, d)
    scanned.counters += stored.size
    const toInsert: Array<Fields & { _id: string }> = []
    for (const id of new Set([...expected.keys(), ...stored.keys()])) {
      const want = expected.get(id)
      const have = stored.get(id)
      if (!have && want) {
        differences.push({ collection, id, field: '(document)', stored: null, expected: comparable(want, marks) })
        toInsert.push(want)
        continue
      }
      const w = comparable(want, marks)
      const h = comparable(have, marks)
      const set: Fields = {}
      for (const field of new Set([...Object.keys(w), ...Object.keys(h)])) {
        if (same(w[field], h[field])) continue
        differences.push({ collection, id, field, stored: h[field] ?? null, expected: w[field] ?? null })
        set[field] = w[field] ?? (marks ? null : 0)
      }
      if (options.fix && Object.keys(set).length) await store.update(collection, id, { set })
    }
    if (options.fix) for (let i = 0; i < toInsert.length; i += 1000) await store.insertMany(collection, toInsert.slice(i, i + 1000))
  }
  await compare(C.attendanceActivity, counters as unknown as Map<string, Fields & { _id: string }>, false)
  await compare(C.attendanceMemberYear, years, true)
  return { differences, scanned, fixed: options.fix }
}

