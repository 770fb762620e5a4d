/**
 * 全程纪实: one record per activity (topic, host, recorder, minutes as blocks, decisions with an
 * owner and a deadline, photos), read by the branch, written by its secretary, the admin or the
 * record's recorder; every save audited (who, when, which fields, after the end or not).
 */
import { ACTIVITY_KIND_LABEL } from '../../../contracts/activity.contract'
import type * as R from '../../../contracts/record.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { branchInScope, requireMember, requireRole } from '../shared/actor'
import { appendAudit, changedFields, type AuditBase } from '../shared/audit'
import { cnDay, cnYear } from '../shared/china-time'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { queryAll, type TxStore } from '../../store/document-store'
import type { FileDoc } from '../lecture/lecture.docs'
import { branchMembers, visibleActivity } from './activity.shared'
import type { ActivityDoc } from './activity.docs'

export interface DecisionDoc {
  id: string
  text: string
  ownerId: string
  ownerName: string
  deadline: string
  done: boolean
  doneAt: string | null
}

/** `_id` = the activity's id: one record per activity. */
export interface RecordDoc {
  _id: string
  orgId: string
  branchId: string
  /** the China year of the activity's start (the 台账's year) */
  year: number
  startAt: string
  topic: string
  host: string
  recorderId: string | null
  recorderName: string | null
  blocks: R.RecordBlock[]
  decisions: DecisionDoc[]
  photos: Array<{ fileId: string; ref: string }>
  /** true while a decision is not done: the secretary's follow-up list reads only these */
  hasOpenDecisions: boolean
  version: number
  createdAt: string
  updatedAt: string
  updatedBy: string
  updatedByName: string
}

export interface RecordAuditDoc extends AuditBase {
  activityId: string
  fields: string[]
  afterEnd: boolean
}

const AUDIT_SHOWN = 20

const afterEnd = (now: string, a: ActivityDoc) => new Date(now).getTime() >= new Date(a.endAt).getTime()

const manages = (m: MemberDoc, a: ActivityDoc) => (m.role === 'admin' ? m.orgId === a.orgId : m.role === 'secretary' && m.branchId === a.branchId)
const mayEdit = (m: MemberDoc, a: ActivityDoc, r: RecordDoc | null) => manages(m, a) || (!!r && r.recorderId === m._id && m.branchId === a.branchId)

function decisionView(d: DecisionDoc, today: string): R.DecisionView {
  return { id: d.id, text: d.text, owner: { id: d.ownerId, name: d.ownerName }, deadline: d.deadline, done: d.done, doneAt: d.doneAt, overdue: !d.done && d.deadline < today }
}

async function recordView(deps: Deps, r: RecordDoc): Promise<R.RecordView> {
  const today = cnDay(deps.clock.now())
  const urls = r.photos.length ? await deps.files.urls(r.photos.map((p) => p.ref)) : new Map<string, string>()
  return {
    activityId: r._id,
    topic: r.topic,
    host: r.host,
    recorder: r.recorderId ? { id: r.recorderId, name: r.recorderName ?? '' } : null,
    blocks: r.blocks,
    decisions: r.decisions.map((d) => decisionView(d, today)),
    photos: r.photos.map((p) => ({ fileId: p.fileId, url: urls.get(p.ref) ?? '' })),
    version: r.version,
    updatedAt: r.updatedAt,
    updatedByName: r.updatedByName,
  }
}

/** The record of an activity the caller can see (their branch's; the admin: their organisation's). */
export async function getRecord(deps: Deps, caller: Caller, input: In<R.GetRecordInput>): Promise<R.GetRecordOutput> {
  const member = await requireMember(deps, caller)
  const activity = await visibleActivity(deps, member, input.activityId)
  const record = await deps.store.get<RecordDoc>(C.activityRecord, activity._id)
  const canEdit = mayEdit(member, activity, record)
  const [people, audit] = await Promise.all([
    canEdit ? branchMembers(deps, activity.branchId) : Promise.resolve([]),
    deps.store.query<RecordAuditDoc>(C.activityRecordAudit, { where: { activityId: activity._id }, orderBy: [['at', 'desc']], limit: AUDIT_SHOWN }),
  ])
  return {
    activity: { id: activity._id, title: activity.title, kindLabel: ACTIVITY_KIND_LABEL[activity.kind], startAt: activity.startAt, endAt: activity.endAt, place: activity.place, status: activity.status },
    record: record ? await recordView(deps, record) : null,
    canEdit,
    people: people.map((m) => ({ id: m._id, name: m.name })),
    audit: audit.docs.map((a) => ({ at: a.at, byName: a.byName, fields: a.fields, afterEnd: a.afterEnd })),
  }
}

/** An activity and a record the caller may write; anyone else of the branch is FORBIDDEN, outsiders NOT_FOUND. */
async function editable(deps: Deps, caller: Caller, activityId: string) {
  const actor = await requireMember(deps, caller)
  const activity = await visibleActivity(deps, actor, activityId)
  const record = await deps.store.get<RecordDoc>(C.activityRecord, activity._id)
  if (!mayEdit(actor, activity, record)) throw new AppError('FORBIDDEN')
  return { actor, activity, record }
}

/** Members of the activity's branch by id, each looked up once; any other id is ACTIVITY.MEMBER_NOT_IN_BRANCH. */
async function branchPeople(deps: Deps, activity: ActivityDoc, ids: string[]): Promise<Map<string, MemberDoc>> {
  const unique = [...new Set(ids)]
  const found = await Promise.all(unique.map((id) => deps.store.get<MemberDoc>(C.member, id)))
  const out = new Map<string, MemberDoc>()
  for (const m of found) {
    if (!m || m.branchId !== activity.branchId) throw new AppError('ACTIVITY.MEMBER_NOT_IN_BRANCH')
    out.set(m._id, m)
  }
  return out
}

/** Each photo must be an image uploaded through `lecture.uploadMedia` in the activity's organisation. */
async function photosOf(deps: Deps, activity: ActivityDoc, ids: string[], kept: RecordDoc['photos']): Promise<RecordDoc['photos']> {
  const known = new Map(kept.map((p) => [p.fileId, p.ref]))
  return Promise.all(
    ids.map(async (fileId) => {
      const ref = known.get(fileId)
      if (ref) return { fileId, ref }
      const file = await deps.store.get<FileDoc>(C.lectureFile, fileId)
      if (!file || file.orgId !== activity.orgId || file.family !== 'image') throw new AppError('LECTURE.FILE_NOT_FOUND')
      return { fileId, ref: file.ref }
    }),
  )
}

const CONTENT_FIELDS = ['topic', 'host', 'recorderId', 'blocks', 'decisions', 'photos'] as const

/**
 * Replaces the record with what the editor sends (a whole-form save). `baseVersion` is the version
 * the editor started from: a save over someone else's newer one is ACTIVITY.RECORD_STALE, so no
 * edit is lost silently. Decisions keep their ids (a new one gets one) and their done time.
 */
export async function saveRecord(deps: Deps, caller: Caller, input: In<R.SaveRecordInput>): Promise<{ record: R.RecordView; changed: boolean }> {
  const { actor, activity, record } = await editable(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  // Only a manager names the recorder: a recorder cannot hand the record (or take it) by themselves.
  if (!manages(actor, activity) && input.recorderId !== (record?.recorderId ?? null)) throw new AppError('FORBIDDEN')
  const previous = new Map((record?.decisions ?? []).map((d) => [d.id, d]))
  for (const d of input.decisions) if (d.id && !previous.has(d.id)) throw new AppError('ACTIVITY.DECISION_NOT_FOUND')
  const people = await branchPeople(deps, activity, [...input.decisions.map((d) => d.ownerId), ...(input.recorderId ? [input.recorderId] : [])])
  const photos = await photosOf(deps, activity, input.photoIds, record?.photos ?? [])

  return once(deps, `saveRecord:${activity._id}:${actor._id}`, input.requestId, async (tx) => {
    const current = await tx.get<RecordDoc>(C.activityRecord, activity._id)
    const version = current?.version ?? 0
    if (input.baseVersion !== version) throw new AppError('ACTIVITY.RECORD_STALE')
    const now = deps.clock.now().toISOString()
    const decisions: DecisionDoc[] = input.decisions.map((d) => {
      const before = d.id ? previous.get(d.id) : undefined
      const owner = people.get(d.ownerId)
      return {
        id: d.id ?? `d_${deps.ids.random(8)}`,
        text: d.text,
        ownerId: d.ownerId,
        ownerName: owner?.name ?? '',
        deadline: d.deadline,
        done: d.done,
        doneAt: d.done ? (before?.done ? before.doneAt : now) : null,
      }
    })
    const content = {
      topic: input.topic,
      host: input.host,
      recorderId: input.recorderId,
      blocks: input.blocks,
      decisions: decisions.map(({ doneAt: _doneAt, ...d }) => d),
      photos,
    }
    const fields = current
      ? changedFields({ ...current, decisions: current.decisions.map(({ doneAt: _doneAt, ...d }) => d) }, content)
      : [...CONTENT_FIELDS]
    if (current && !fields.length) return { record: await recordView(deps, current), changed: false }
    const next: RecordDoc = {
      _id: activity._id,
      orgId: activity.orgId,
      branchId: activity.branchId,
      year: cnYear(activity.startAt),
      startAt: activity.startAt,
      ...content,
      recorderName: input.recorderId ? (people.get(input.recorderId)?.name ?? null) : null,
      decisions,
      hasOpenDecisions: decisions.some((d) => !d.done),
      version: version + 1,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
      updatedBy: actor._id,
      updatedByName: actor.name,
    }
    await write(tx, current, next)
    await appendAudit(deps, tx, C.activityRecordAudit, actor, now, { activityId: activity._id, fields, afterEnd: afterEnd(now, activity) })
    return { record: await recordView(deps, next), changed: true }
  })
}

async function write(tx: TxStore, current: RecordDoc | null, next: RecordDoc): Promise<void> {
  if (!current) return tx.insert(C.activityRecord, next)
  const { _id, ...fields } = next
  await tx.update(C.activityRecord, _id, { set: fields })
}

/** Marks one decision done or open again (the follow-up), audited like any other edit. */
export async function setDecisionState(deps: Deps, caller: Caller, input: In<R.SetDecisionStateInput>): Promise<{ decision: R.DecisionView; changed: boolean }> {
  const { actor, activity } = await editable(deps, caller, input.activityId)
  return deps.store.transaction(async (tx) => {
    const record = await tx.get<RecordDoc>(C.activityRecord, activity._id)
    const at = record?.decisions.findIndex((d) => d.id === input.decisionId) ?? -1
    const found = record?.decisions[at]
    if (!record || !found) throw new AppError('ACTIVITY.DECISION_NOT_FOUND')
    const today = cnDay(deps.clock.now())
    if (found.done === input.done) return { decision: decisionView(found, today), changed: false }
    const now = deps.clock.now().toISOString()
    const updated: DecisionDoc = { ...found, done: input.done, doneAt: input.done ? now : null }
    const decisions = record.decisions.map((d, i) => (i === at ? updated : d))
    await tx.update(C.activityRecord, record._id, {
      set: { decisions, hasOpenDecisions: decisions.some((d) => !d.done), version: record.version + 1, updatedAt: now, updatedBy: actor._id, updatedByName: actor.name },
    })
    await appendAudit(deps, tx, C.activityRecordAudit, actor, now, { activityId: activity._id, fields: ['decisions'], afterEnd: afterEnd(now, activity) })
    return { decision: decisionView(updated, today), changed: true }
  })
}

/** The branch's decisions not yet done in a year (by the activity's start), overdue first, then by deadline. */
export async function listOpenDecisions(deps: Deps, caller: Caller, input: In<R.ListOpenDecisionsInput>): Promise<R.ListOpenDecisionsOutput> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const records = await queryAll<RecordDoc>(deps.store, C.activityRecord, {
    where: { branchId: branch._id, year: input.year, hasOpenDecisions: true },
    orderBy: [['startAt', 'asc']],
  })
  const titles = new Map(
    (await Promise.all(records.map((r) => deps.store.get<ActivityDoc>(C.activity, r._id)))).flatMap((a) => (a ? [[a._id, a.title] as const] : [])),
  )
  const today = cnDay(deps.clock.now())
  const items = records
    .flatMap((r) => r.decisions.filter((d) => !d.done).map((d) => ({ activityId: r._id, activityTitle: titles.get(r._id) ?? '', activityStartAt: r.startAt, decision: decisionView(d, today) })))
    .sort((a, b) => Number(b.decision.overdue) - Number(a.decision.overdue) || a.decision.deadline.localeCompare(b.decision.deadline))
  return { items, overdue: items.filter((i) => i.decision.overdue).length }
}
