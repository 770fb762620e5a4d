/**
 * Sign-in: the secretary's rotating code with the live count, and the member's scan. Exactly-once
 * by construction: the record's id derives from (activity, member) and the points entry's from it.
 */
import { ACTIVITY_KIND_LABEL } from '../../../contracts/activity.contract'
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { award } from '../points/ledger'
import { requireMember } from '../shared/actor'
import { C } from '../shared/collections'
import { DuplicateIdError, type TxStore } from '../../store/document-store'
import { isExpected } from './attendance'
import type { ActivityDoc, SignInDoc } from './activity.docs'
import { expectedMemberCount, liveSignedCount, managedActivity, SIGN_IN_PAGE, signInAward, signInId, signInWindow } from './activity.shared'
import { bumpActivityCounter, retryCounterRace, setSignMark } from './attendance-counters'
import { checkToken, makeToken, parseToken, STEP_MS } from './sign-in-token'

export async function getSignInCode(deps: Deps, caller: Caller, input: In<A.GetSignInCodeInput>): Promise<A.GetSignInCodeOutput> {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  const now = deps.clock.now()
  if (!signInWindow(activity, now).open) throw new AppError('ACTIVITY.NOT_OPEN')
  const { token, step } = makeToken(activity.secret, activity._id, now)
  const [signedCount, expectedCount] = await Promise.all([liveSignedCount(deps, activity), expectedMemberCount(deps, activity)])
  return {
    token,
    path: `${SIGN_IN_PAGE}?t=${encodeURIComponent(token)}`,
    refreshAt: new Date((step + 1) * STEP_MS).toISOString(),
    expiresAt: new Date((step + 2) * STEP_MS).toISOString(),
    signedCount,
    expectedCount,
  }
}

export async function signIn(deps: Deps, caller: Caller, input: In<A.SignInInput>): Promise<A.SignInOutput> {
  const member = await requireMember(deps, caller)
  const parsed = parseToken(input.token)
  if (!parsed) throw new AppError('ACTIVITY.TOKEN_INVALID')
  const activity = await deps.store.get<ActivityDoc>(C.activity, parsed.activityId)
  // An unknown activity is reported as a bad token: the code reveals nothing about what exists.
  if (!activity) throw new AppError('ACTIVITY.TOKEN_INVALID')
  const now = deps.clock.now()
  const check = checkToken(activity.secret, parsed, now)
  if (check === 'invalid') throw new AppError('ACTIVITY.TOKEN_INVALID')
  if (check === 'expired') throw new AppError('ACTIVITY.TOKEN_EXPIRED')
  // Kept apart from NOT_FOUND on purpose: a valid signed code proves the scanner was shown this
  // activity, so telling them it belongs to another branch reveals nothing they did not see.
  if (member.branchId !== activity.branchId) throw new AppError('ACTIVITY.OTHER_BRANCH')
  if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
  if (!isExpected(activity, member)) throw new AppError('ACTIVITY.NOT_EXPECTED')

  const id = signInId(deps, activity._id, member._id)
  const summary = { id: activity._id, title: activity.title, kindLabel: ACTIVITY_KIND_LABEL[activity.kind] }
  const already = (doc: SignInDoc) => ({ alreadySignedIn: true, signedAt: doc.at, activity: summary, points: 0 })

  const at = now.toISOString()
  try {
    // A first scan is the common case (a burst of a whole branch): it inserts the record straight
    // away, with no read before it, then the four writes its guarantees need: the ledger entry, and
    // as single-statement upserts the balance, the activity's live count and the member's mark. Only a
    // scan that finds the record there (a repeat, a twin, a revoked 补录) reads it, inside the
    // transaction (which locks the row there).
    return await retryCounterRace(() => deps.store.transaction(async (tx) => {
      const fields = {
        method: 'scan' as const,
        state: 'active' as const,
        at,
        locationFlag: input.location ? ('provided' as const) : ('none' as const),
        location: input.location ?? null,
      }
      const open = signInWindow(activity, now).open
      const inserted = open && (await insertNew(tx, { _id: id, activityId: activity._id, branchId: activity.branchId, memberId: member._id, makeupSeq: 0, makeup: null, ...fields }))
      if (!inserted) {
        const current = await tx.get<SignInDoc>(C.activitySignIn, id)
        if (current?.state === 'active') return already(current)
        // Checked after "already": a member who signed in keeps that answer once the window closes.
        if (!open) throw new AppError('ACTIVITY.NOT_OPEN')
        await tx.update(C.activitySignIn, id, { set: fields })
      }
      const entry = await award(
        tx,
        signInAward(activity, member, deps.ids.derive('points', 'scan', id), at, member._id, `${ACTIVITY_KIND_LABEL[activity.kind]}签到：${activity.title}`, 'activity_sign_in'),
      )
      await bumpActivityCounter(tx, activity, { signed: 1 })
      await setSignMark(tx, activity, member._id, { m: 'scan', at })
      return { alreadySignedIn: false, signedAt: at, activity: summary, points: entry.amount }
    }))
  } catch (err) {
    // A concurrent twin committed first: this call is the repeat.
    if (!(err instanceof DuplicateIdError)) throw err
    const winner = await deps.store.get<SignInDoc>(C.activitySignIn, id)
    if (winner?.state === 'active') return already(winner)
    throw err
  }
}

/** Inserts a sign-in record; false (the transaction still usable) when one with its id is there. */
async function insertNew(tx: TxStore, doc: SignInDoc): Promise<boolean> {
  try {
    await tx.insert(C.activitySignIn, doc)
    return true
  } catch (err) {
    if (err instanceof DuplicateIdError) return false
    throw err
  }
}
