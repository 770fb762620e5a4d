/**
 * 流动党员 online participation (issue 13): the secretary shows a 会议口令 at a moment of their
 * choosing; a member marked 流动 enters it within ONLINE_CODE_TTL_SEC and is recorded 线上参加 —
 * a sign-in with method `online`, counted, marked and awarded exactly like a scan.
 *
 * The code is never stored: it is an HMAC of (activity, opening number) under the activity's own
 * server secret, cut to six digits. The activity keeps only the opening's number and end, so
 * showing the code again (a new opening) retires the previous one at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { ACTIVITY_KIND_LABEL } from '../../../contracts/activity.contract'
import { ONLINE_CODE_DIGITS, ONLINE_CODE_TTL_SEC } from '../../../contracts/online.contract'
import type * as O from '../../../contracts/online.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { activeMobile } from '../member/member.usecases'
import { award } from '../points/ledger'
import { requireMember } from '../shared/actor'
import { C } from '../shared/collections'
import { once } from '../shared/once'
import { DuplicateIdError } from '../../store/document-store'
import { isExpected } from './attendance'
import type { ActivityDoc, SignInDoc } from './activity.docs'
import { managedActivity, signInAward, signInId, signInWindow, visibleActivity } from './activity.shared'
import { bumpActivityCounter, retryCounterRace, setSignMark } from './attendance-counters'

const TTL_MS = ONLINE_CODE_TTL_SEC * 1000

/** The six digits of an opening: the first 32 bits of HMAC(activity secret, "online.<activity>.<seq>"), modulo 10^6. */
export function onlineCodeOf(activity: Pick<ActivityDoc, '_id' | 'secret'>, seq: number): string {
  const mac = createHmac('sha256', activity.secret).update(`online.${activity._id}.${seq}`).digest()
  return String(mac.readUInt32BE(0) % 10 ** ONLINE_CODE_DIGITS).padStart(ONLINE_CODE_DIGITS, '0')
}

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

export async function openOnlineCode(deps: Deps, caller: Caller, input: In<O.OpenOnlineCodeInput>): Promise<O.OpenOnlineCodeOutput> {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  const now = deps.clock.now()
  if (!signInWindow(activity, now).open) throw new AppError('ACTIVITY.NOT_OPEN')
  // The request key keeps the opening's number, not the code: the digits are stored nowhere.
  const opened = await once(deps, `openOnlineCode:${actor._id}:${activity._id}`, input.requestId, async (tx) => {
    // Read in the transaction: two openings at once get two numbers, the later one stands.
    const current = await tx.get<ActivityDoc>(C.activity, activity._id)
    const seq = (current?.onlineCode?.seq ?? 0) + 1
    const expiresAt = new Date(now.getTime() + TTL_MS).toISOString()
    await tx.update(C.activity, activity._id, { set: { onlineCode: { seq, openedAt: now.toISOString(), expiresAt, byId: actor._id } } })
    return { seq, expiresAt }
  })
  return { code: onlineCodeOf(activity, opened.seq), expiresAt: opened.expiresAt }
}

export async function joinOnline(deps: Deps, caller: Caller, input: In<O.JoinOnlineInput>): Promise<O.JoinOnlineOutput> {
  const member = await requireMember(deps, caller)
  const activity = await visibleActivity(deps, member, input.activityId)
  // An admin sees the organisation's activities but is on no branch's list.
  if (member.branchId !== activity.branchId) throw new AppError('ACTIVITY.NOT_EXPECTED')
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  const now = deps.clock.now()
  if (!activeMobile(member, now)) throw new AppError('ACTIVITY.NOT_MOBILE')
  if (!isExpected(activity, member)) throw new AppError('ACTIVITY.NOT_EXPECTED')
  if (!signInWindow(activity, now).open) throw new AppError('ACTIVITY.NOT_OPEN')
  const opening = activity.onlineCode
  if (!opening || !sameCode(onlineCodeOf(activity, opening.seq), input.code)) throw new AppError('ACTIVITY.ONLINE_CODE_WRONG')
  if (new Date(opening.expiresAt).getTime() <= now.getTime()) throw new AppError('ACTIVITY.ONLINE_CODE_EXPIRED')

  const id = signInId(deps, activity._id, member._id)
  const at = now.toISOString()
  const fields = { method: 'online' as const, state: 'active' as const, at, locationFlag: 'none' as const, location: null }
  const already = (doc: SignInDoc): O.JoinOnlineOutput => ({ alreadySignedIn: true, signedAt: doc.at, points: 0 })
  try {
    return await retryCounterRace(() =>
      once(deps, `joinOnline:${member._id}`, input.requestId, async (tx) => {
        const current = await tx.get<SignInDoc>(C.activitySignIn, id)
        if (current?.state === 'active') return already(current)
        if (current) await tx.update(C.activitySignIn, id, { set: fields })
        else await tx.insert(C.activitySignIn, { _id: id, activityId: activity._id, branchId: activity.branchId, memberId: member._id, makeupSeq: 0, makeup: null, ...fields } satisfies SignInDoc)
        // The points module's own rule for attending, under an id of its own (a scan's is derived from 'scan').
        const entry = await award(
          tx,
          signInAward(activity, member, deps.ids.derive('points', 'online', id), at, member._id, `${ACTIVITY_KIND_LABEL[activity.kind]}线上参加：${activity.title}`, 'activity_online'),
        )
        await bumpActivityCounter(tx, activity, { signed: 1 })
        await setSignMark(tx, activity, member._id, { m: 'online', at })
        return { alreadySignedIn: false, signedAt: at, points: entry.amount }
      }),
    )
  } catch (err) {
    // A concurrent scan or twin committed the record first: this call is the repeat.
    if (!(err instanceof DuplicateIdError) || err.collection !== C.activitySignIn) throw err
    const winner = await deps.store.get<SignInDoc>(C.activitySignIn, id)
    if (winner?.state === 'active') return already(winner)
    throw err
  }
}
