/** Applications for points with evidence: 支委会初评, 公示 with objections and their resolution, then the final entry. */
import type * as P from '../../../contracts/points.contract'
import { POINTS_CATEGORY_LABEL } from '../../../contracts/points.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { requireMember } from '../shared/actor'
import { cnYear } from '../shared/china-time'
import { C, type MemberDoc } from '../shared/collections'
import { once } from '../shared/once'
import { queryAll, type TxStore } from '../../store/document-store'
import { award } from './ledger'
import { rulesIn } from './rules'
import { DAY_MS, managerOfRecord, notSelf, nowIso, readableBranch } from './points.shared'

interface ApplicationDoc {
  _id: string
  orgId: string
  branchId: string
  memberId: string
  memberName: string
  year: number
  category: 'task' | 'reward' | 'honour'
  honourLevel: P.ApplicationView['honourLevel']
  amount: number
  title: string
  evidence: string
  status: P.ApplicationView['status']
  publicUntil: string | null
  history: Array<{ what: string; byId: string; byName: string; at: string; note: string | null }>
  objections: Array<{ byId: string; byName: string; at: string; text: string; resolution: 'open' | 'upheld' | 'dismissed' }>
  entryId: string | null
  createdAt: string
}

function applicationView(a: ApplicationDoc): P.ApplicationView {
  return {
    id: a._id,
    memberId: a.memberId,
    memberName: a.memberName,
    year: a.year,
    category: a.category,
    honourLevel: a.honourLevel,
    amount: a.amount,
    title: a.title,
    evidence: a.evidence,
    status: a.status,
    publicUntil: a.publicUntil,
    history: a.history.map(({ what, byName, at, note }) => ({ what, byName, at, note })),
    objections: a.objections.map(({ byName, at, text, resolution }) => ({ byName, at, text, resolution })),
    entryId: a.entryId,
    createdAt: a.createdAt,
  }
}

const step = (what: string, actor: MemberDoc, at: string, note: string | null = null) => ({ what, byId: actor._id, byName: actor.name, at, note })

export async function apply(deps: Deps, caller: Caller, input: In<P.ApplyInput>) {
  const member = await requireMember(deps, caller)
  if (!member.branchId) throw new AppError('FORBIDDEN')
  const branchId = member.branchId
  const at = nowIso(deps)
  const year = cnYear(at)
  const { rules, frozen } = await rulesIn(deps.store, member.orgId, at, year)
  if (frozen) throw new AppError('POINTS.YEAR_FROZEN')
  let amount: number
  if (input.category === 'honour') {
    if (!input.honourLevel) throw new AppError('POINTS.HONOUR_LEVEL')
    amount = rules.honours[input.honourLevel]
  } else {
    if (input.amount === undefined) throw new AppError('VALIDATION', undefined, [{ path: 'amount', message: '请填写申请分值' }])
    if (input.amount > (input.category === 'reward' ? rules.rewardCap : rules.taskCap)) throw new AppError('POINTS.OVER_CAP')
    amount = input.amount
  }
  return once(deps, `points.apply:${member._id}`, input.requestId, async (tx) => {
    const doc: ApplicationDoc = {
      _id: deps.ids.derive('points-app', member._id, input.requestId),
      orgId: member.orgId,
      branchId,
      memberId: member._id,
      memberName: member.name,
      year,
      category: input.category,
      honourLevel: input.category === 'honour' ? (input.honourLevel ?? null) : null,
      amount,
      title: input.title,
      evidence: input.evidence,
      status: 'pending',
      publicUntil: null,
      history: [step('申请', member, at)],
      objections: [],
      entryId: null,
      createdAt: at,
    }
    await tx.insert(C.pointsApplication, doc)
    return { application: applicationView(doc) }
  })
}

/** An application the actor manages, not their own. */
const managedApplication = async (deps: Deps, caller: Caller, id: string): Promise<{ actor: MemberDoc; app: ApplicationDoc }> => {
  const { actor, doc } = await managerOfRecord<ApplicationDoc>(deps, caller, C.pointsApplication, id)
  return { actor, app: doc }
}

/**
 * Reads the application again inside the transaction, checks its state, writes the change. A retry
 * of a decision already taken (the application is where this call would put it) answers it as it is.
 */
async function transition(
  tx: TxStore,
  id: string,
  from: ReadonlyArray<ApplicationDoc['status']>,
  change: (a: ApplicationDoc) => Promise<Partial<ApplicationDoc>> | Partial<ApplicationDoc>,
  target?: ApplicationDoc['status'],
): Promise<ApplicationDoc> {
  const app = await tx.get<ApplicationDoc>(C.pointsApplication, id)
  if (!app) throw new AppError('POINTS.NOT_FOUND')
  if (target && app.status === target && !from.includes(app.status)) return app
  if (!from.includes(app.status)) throw new AppError('POINTS.BAD_STATE')
  const set = await change(app)
  await tx.update(C.pointsApplication, id, { set })
  return { ...app, ...set }
}

/** 支委会初评: approve (optionally lowering the amount) into 公示, or reject. */
export async function review(deps: Deps, caller: Caller, input: In<P.ReviewInput>) {
  const { actor, app } = await managedApplication(deps, caller, input.applicationId)
  if (input.approve && input.amount !== undefined && input.amount > app.amount) throw new AppError('POINTS.OVER_CAP')
  const at = nowIso(deps)
  const { rules } = await rulesIn(deps.store, app.orgId, at, app.year)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['pending'], (a) =>
      input.approve
        ? {
            status: 'publicity',
            amount: input.amount ?? a.amount,
            publicUntil: new Date(deps.clock.now().getTime() + rules.publicityDays * DAY_MS).toISOString(),
            history: [...a.history, step('初评通过，进入公示', actor, at, input.note ?? null)],
          }
        : { status: 'rejected', history: [...a.history, step('初评未通过', actor, at, input.note ?? null)] },
      input.approve ? 'publicity' : 'rejected',
    ),
  )
  return { application: applicationView(next) }
}

/** Any member of the branch but the applicant objects while the 公示 lasts. */
export async function object(deps: Deps, caller: Caller, input: In<P.ObjectInput>) {
  const member = await requireMember(deps, caller)
  const app = await deps.store.get<ApplicationDoc>(C.pointsApplication, input.applicationId)
  if (!app || app.orgId !== member.orgId || app.branchId !== member.branchId) throw new AppError('POINTS.NOT_FOUND')
  notSelf(member, app.memberId)
  const at = nowIso(deps)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['publicity', 'objected'], (a) => {
      if (!a.publicUntil || at >= a.publicUntil) throw new AppError('POINTS.PUBLICITY_ENDED')
      // The same member's open objection with the same text is a retry: nothing new.
      if (a.objections.some((o) => o.byId === member._id && o.resolution === 'open' && o.text === input.text)) return {}
      return { status: 'objected', objections: [...a.objections, { byId: member._id, byName: member.name, at, text: input.text, resolution: 'open' }] }
    }),
  )
  return { application: applicationView(next) }
}

/** The secretary resolves the open objections: upheld → not approved; dismissed → back in 公示. */
export async function resolveObjection(deps: Deps, caller: Caller, input: In<P.ResolveObjectionInput>) {
  const { actor, app } = await managedApplication(deps, caller, input.applicationId)
  const at = nowIso(deps)
  const resolution = input.uphold ? ('upheld' as const) : ('dismissed' as const)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['objected'], (a) => ({
      status: input.uphold ? 'rejected' : 'publicity',
      objections: a.objections.map((o) => (o.resolution === 'open' ? { ...o, resolution } : o)),
      history: [...a.history, step(input.uphold ? '异议成立，申请不通过' : '异议不成立，继续公示', actor, at, input.note)],
    }), input.uphold ? 'rejected' : 'publicity'),
  )
  return { application: applicationView(next) }
}

/** After the 公示 with no open objection: the entry is written (caps applied) and the application is final. */
export async function finalize(deps: Deps, caller: Caller, input: In<P.FinalizeInput>) {
  const { actor, app } = await managedApplication(deps, caller, input.applicationId)
  if (app.status === 'final') return { application: applicationView(app) }
  const at = nowIso(deps)
  const next = await deps.store.transaction((tx) =>
    transition(tx, app._id, ['publicity'], async (a) => {
      if (!a.publicUntil || at < a.publicUntil) throw new AppError('POINTS.PUBLICITY_OPEN')
      const entry = await award(tx, {
        id: deps.ids.derive('points', 'application', a._id),
        orgId: a.orgId,
        branchId: a.branchId,
        memberId: a.memberId,
        year: a.year,
        at,
        occurredAt: a.createdAt,
        rule: { kind: 'reviewed', category: a.category, amount: a.amount },
        reason: `${POINTS_CATEGORY_LABEL[a.category]}：${a.title}`,
        source: { type: 'application', ref: a._id },
        recordedBy: actor._id,
      })
      return { status: 'final', entryId: entry._id, history: [...a.history, step('公示期满，积分生效', actor, at)] }
    }),
  )
  return { application: applicationView(next) }
}

export async function listApplications(deps: Deps, caller: Caller, input: In<P.ListApplicationsInput>) {
  const actor = await requireMember(deps, caller)
  const asOf = nowIso(deps)
  const year = input.year ?? cnYear(asOf)
  if (input.scope === 'mine') {
    const docs = await queryAll<ApplicationDoc>(deps.store, C.pointsApplication, { where: { memberId: actor._id, year }, orderBy: [['createdAt', 'desc']] })
    return { applications: docs.map(applicationView), asOf }
  }
  if (input.scope === 'review' && actor.role === 'member') throw new AppError('FORBIDDEN')
  const branch = await readableBranch(deps, actor, input.branchId)
  const statuses: ApplicationDoc['status'][] = input.scope === 'review' ? ['pending', 'objected', 'publicity'] : ['publicity', 'objected']
  const lists = await Promise.all(
    statuses.map((status) => queryAll<ApplicationDoc>(deps.store, C.pointsApplication, { where: { branchId: branch._id, status }, orderBy: [['createdAt', 'asc']] })),
  )
  return { applications: lists.flat().map(applicationView), asOf }
}
