/**
 * Personal sign-in codes (issue 13): the member's 我的 page shows a code that rotates every 15 s,
 * an HMAC of the step under the member's own secret (made on first use, kept in `member_code_key`,
 * never sent); the secretary's phone scans it at the door and the member is signed in. The code
 * names no one: the server finds its holder by recomputing the checks of the activity's branch's
 * members for the current and the previous step.
 */
import type * as P from '../../../contracts/personal-code.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { requireMember } from '../shared/actor'
import { C, type MemberDoc, type RequestKeyDoc } from '../shared/collections'
import { DuplicateIdError, queryAll, type Doc } from '../../store/document-store'
import { isExpected } from './attendance'
import { branchMembers, managedActivity } from './activity.shared'
import { findHolder, makePersonalCode, parsePersonalCode, STEP_MS } from './personal-code'
import { recordScan } from './sign-in.usecases'

interface CodeKeyDoc extends Doc {
  /** the member's id */
  _id: string
  secret: string
  createdAt: string
}

/** The member's secret, made on first use; a concurrent first use loses on the id and reads the winner's. */
async function secretOf(deps: Deps, member: MemberDoc): Promise<string> {
  const found = await deps.store.get<CodeKeyDoc>(C.memberCodeKey, member._id)
  if (found) return found.secret
  const doc: CodeKeyDoc = { _id: member._id, secret: deps.ids.random(24), createdAt: deps.clock.now().toISOString() }
  try {
    await deps.store.insert(C.memberCodeKey, doc)
    return doc.secret
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
    const winner = await deps.store.get<CodeKeyDoc>(C.memberCodeKey, member._id)
    if (!winner) throw err
    return winner.secret
  }
}

/** The caller's current personal code (a member of a branch). */
export async function getMyPersonalCode(deps: Deps, caller: Caller, _input: In<P.GetMyPersonalCodeInput>): Promise<P.GetMyPersonalCodeOutput> {
  const member = await requireMember(deps, caller)
  // An admin of the organisation is on no branch's list: nothing to sign in to.
  if (!member.branchId) throw new AppError('FORBIDDEN')
  const now = deps.clock.now()
  const { code, text, step } = makePersonalCode(await secretOf(deps, member), now)
  return { code, text, refreshAt: new Date((step + 1) * STEP_MS).toISOString() }
}

/**
 * The secretary's scan of a member's personal code at the door: the holder is looked for among the
 * activity's branch's members only, so another branch's member's code is not recognised. Recorded
 * as a scan `via: 'personal'`, exactly once (the record's id derives from activity and member).
 * The scan runs its own transaction (recordScan, with the group commit), so the request key is
 * written after it: a retry with the same requestId — even once the code has gone stale — gets
 * the first answer (without the key a stale code would be refused as expired), and of two twins
 * in flight at once the one whose key lands second answers with the first's.
 */
export async function signInByPersonalCode(deps: Deps, caller: Caller, input: In<P.SignInByPersonalCodeInput>): Promise<P.SignInByPersonalCodeOutput> {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  const keyId = input.requestId ? deps.ids.derive('request', `signInByPersonalCode:${actor._id}`, input.requestId) : null
  const seen = keyId ? await deps.store.get<RequestKeyDoc>(C.requestKey, keyId) : null
  if (seen) return seen.result as P.SignInByPersonalCodeOutput
  const out = await (async () => {
    const parsed = parsePersonalCode(input.code)
    if (!parsed) throw new AppError('ACTIVITY.PERSONAL_CODE_INVALID')
    if (activity.status === 'cancelled') throw new AppError('ACTIVITY.CANCELLED')
    const members = await branchMembers(deps, activity.branchId)
    const keys = new Map(
      (await queryAll<CodeKeyDoc>(deps.store, C.memberCodeKey, { where: { _id: { $in: members.map((m) => m._id) } } })).map((k) => [k._id, k.secret]),
    )
    const holders = members.flatMap((m) => {
      const secret = keys.get(m._id)
      return secret ? [{ member: m, secret }] : []
    })
    const now = deps.clock.now()
    const found = findHolder(holders, parsed, now)
    if ('error' in found) throw new AppError(found.error === 'expired' ? 'ACTIVITY.PERSONAL_CODE_EXPIRED' : 'ACTIVITY.PERSONAL_CODE_INVALID')
    const { member } = found.ok
    if (!isExpected(activity, member)) throw new AppError('ACTIVITY.NOT_EXPECTED')
    // The secretary's own phone made the scan: no relay keys (they would tie every member to one device).
    const scan = await recordScan(deps, activity, member, now, { locationFlag: 'none', location: null, deviceKey: null, netKey: null, via: 'personal' })
    return { alreadySignedIn: scan.alreadySignedIn, signedAt: scan.signedAt, member: { id: member._id, name: member.name }, points: scan.points }
  })()
  if (keyId) {
    const key: RequestKeyDoc = { _id: keyId, state: 'done', result: out, createdAt: deps.clock.now().toISOString() }
    try {
      await deps.store.insert(C.requestKey, key)
    } catch (err) {
      if (!(err instanceof DuplicateIdError)) throw err
      // A twin of this request (a double tap) answered first: both get its answer.
      const first = await deps.store.get<RequestKeyDoc>(C.requestKey, keyId)
      if (first) return first.result as P.SignInByPersonalCodeOutput
    }
  }
  return out
}
