/**
 * Sign-in: the secretary's rotating code with the live count, and the member's scan. Exactly-once
 * by construction: the record's id derives from (activity, member) and the points entry's from it.
 */
import { ACTIVITY_KIND_LABEL } from '../../../contracts/activity.contract'
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { awardMany, prepareAward } from '../points/ledger'
import { requireMember } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import { DuplicateIdError, writeAll, type TxStore } from '../../store/document-store'
import { isExpected } from './attendance'
import type { ActivityDoc, SignInDoc } from './activity.docs'
import { expectedMemberCount, liveSignedCount, managedActivity, SIGN_IN_PAGE, signInAward, signInId, signInWindow } from './activity.shared'
import { activityCounterWrite, bumpActivityCounter, retryCounterRace, setSignMarks, signMarkWrite } from './attendance-counters'
import { relayKeys } from './relay-signals'
import { checkPlace } from './place-check'
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
    // l=1: the check-in page asks for the location before its one signIn (a hint; the server decides).
    path: `${SIGN_IN_PAGE}?t=${encodeURIComponent(token)}${activity.placeCheck ? '&l=1' : ''}`,
    refreshAt: new Date((step + 1) * STEP_MS).toISOString(),
    expiresAt: new Date((step + 2) * STEP_MS).toISOString(),
    signedCount,
    expectedCount,
  }
}

export async function signIn(deps: Deps, caller: Caller, input: In<A.SignInInput>): Promise<A.SignInOutput> {
  const parsed = parseToken(input.token)
  // The caller and the activity read at once (one statement in the SQL stores); a non-member is told so first.
  const [member, activity] = await Promise.all([requireMember(deps, caller), parsed && deps.store.get<ActivityDoc>(C.activity, parsed.activityId)])
  if (!parsed) throw new AppError('ACTIVITY.TOKEN_INVALID')
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

  // In personal-code mode the secretary scans each member's own code; the activity's code signs no one in.
  if (activity.codeMode === 'personal') throw new AppError('ACTIVITY.PERSONAL_MODE')
  // Checked here, before the single and the group-commit paths part; the personal-code scan, 补录
  // and online joins do not come this way and are not place-checked.
  const place = checkPlace(activity.placeCheck, input.location)
  if (place instanceof AppError) {
    // A member already signed in keeps that answer, wherever they scan again from.
    const current = await deps.store.get<SignInDoc>(C.activitySignIn, signInId(deps, activity._id, member._id))
    if (current?.state === 'active') return { alreadySignedIn: true, signedAt: current.at, activity: { id: activity._id, title: activity.title, kindLabel: ACTIVITY_KIND_LABEL[activity.kind] }, points: 0 }
    throw place
  }
  return recordScan(deps, activity, member, now, {
    locationFlag: input.location ? 'provided' : 'none',
    location: input.location ?? null,
    ...(place ? { place } : {}),
    // what the platform says about the caller, kept only as per-activity keys for the relay signals
    ...relayKeys(deps, activity._id, caller),
  })
}

/**
 * Records a first scan of `member` (their own scan of the activity's code, or the secretary's scan
 * of their personal code): exactly once, with its points, count and mark.
 */
export function recordScan(deps: Deps, activity: ActivityDoc, member: MemberDoc, now: Date, extra: Omit<Scan['fields'], 'method' | 'state' | 'at'>): Promise<A.SignInOutput> {
  const id = signInId(deps, activity._id, member._id)
  const summary = { id: activity._id, title: activity.title, kindLabel: ACTIVITY_KIND_LABEL[activity.kind] }
  const at = now.toISOString()
  const fields = { method: 'scan' as const, state: 'active' as const, at, ...extra }
  const scan: Scan = { deps, activity, member, id, now, at, fields, summary }
  // Group commit: scans of one activity that arrive while its previous transaction runs wait and
  // go together in the next one (a branch's burst); a lone scan goes straight away, on its own.
  if (signInWindow(activity, now).open && deps.store.batch) return joinBatch(scan)
  return signInOne(scan)
}

interface Scan {
  deps: Deps
  activity: ActivityDoc
  member: MemberDoc
  id: string
  now: Date
  at: string
  fields: Pick<SignInDoc, 'method' | 'state' | 'at' | 'locationFlag' | 'location' | 'deviceKey' | 'netKey' | 'via' | 'place'>
  summary: A.SignInOutput['activity']
}

const already = (s: Scan, doc: SignInDoc): A.SignInOutput => ({ alreadySignedIn: true, signedAt: doc.at, activity: s.summary, points: 0 })
const done = (s: Scan, points: number): A.SignInOutput => ({ alreadySignedIn: false, signedAt: s.at, activity: s.summary, points })
const record = (s: Scan): SignInDoc => ({ _id: s.id, activityId: s.activity._id, branchId: s.activity.branchId, memberId: s.member._id, makeupSeq: 0, makeup: null, ...s.fields })
const awardOf = (s: Scan) =>
  signInAward(s.activity, s.member, s.deps.ids.derive('points', 'scan', s.id), s.at, s.member._id, `${ACTIVITY_KIND_LABEL[s.activity.kind]}签到：${s.activity.title}`, 'activity_sign_in')

/** One scan in its own transaction: the first scan of a quiet moment, a repeat, a scan after the window. */
async function signInOne(s: Scan): Promise<A.SignInOutput> {
  const { deps, activity } = s
  try {
    // A first scan inserts the record straight away, with no read before it; then the award's two
    // reads (the rules in force and the member's balance, one statement in the SQL stores, locked
    // on PostgreSQL) and the four writes its guarantees need, sent as one statement (writeAll): the
    // ledger entry, and as upserts the balance, the activity's live count and the member's mark.
    // 6 statements with the lookups, BEGIN and COMMIT. Only a scan that finds the record there (a
    // repeat, a twin, a revoked 补录) reads it, inside the transaction (which locks the row there).
    return await retryCounterRace(() => deps.store.transaction(async (tx) => {
      const open = signInWindow(activity, s.now).open
      const inserted = open && (await insertNew(tx, record(s)))
      if (!inserted) {
        const current = await tx.get<SignInDoc>(C.activitySignIn, s.id)
        if (current?.state === 'active') return already(s, current)
        // Checked after "already": a member who signed in keeps that answer once the window closes.
        if (!open) throw new AppError('ACTIVITY.NOT_OPEN')
        // A scan the secretary revoked as relayed stays revoked: scanning again would only relay again.
        if (current?.method === 'scan') throw new AppError('ACTIVITY.SIGN_IN_REVOKED')
        await tx.update(C.activitySignIn, s.id, { set: s.fields })
      }
      const { entry, writes } = await prepareAward(tx, awardOf(s))
      await writeAll(tx, [...writes, activityCounterWrite(activity, { signed: 1 }), signMarkWrite(activity, s.member._id, { m: 'scan', at: s.at })])
      return done(s, entry.amount)
    }))
  } catch (err) {
    // A concurrent twin committed first: this call is the repeat.
    if (!(err instanceof DuplicateIdError)) throw err
    const winner = await deps.store.get<SignInDoc>(C.activitySignIn, s.id)
    if (winner?.state === 'active') return already(s, winner)
    throw err
  }
}

/** Largest group: bounds how long one transaction holds the embedded database. */
const MAX_GROUP = 100

interface Waiting {
  scan: Scan
  resolve: (out: A.SignInOutput) => void
  reject: (err: unknown) => void
}
const queues = new WeakMap<object, Map<string, { running: boolean; waiting: Waiting[] }>>()

function joinBatch(scan: Scan): Promise<A.SignInOutput> {
  let byActivity = queues.get(scan.deps.store)
  if (!byActivity) queues.set(scan.deps.store, (byActivity = new Map()))
  let q = byActivity.get(scan.activity._id)
  if (!q) byActivity.set(scan.activity._id, (q = { running: false, waiting: [] }))
  const queue = q
  const out = new Promise<A.SignInOutput>((resolve, reject) => queue.waiting.push({ scan, resolve, reject }))
  if (!queue.running) {
    queue.running = true
    void (async () => {
      // scans that arrive in this same turn of the event loop (a burst's lookups answered together) join the first group
      await new Promise((r) => setImmediate(r))
      while (queue.waiting.length) await runGroup(queue.waiting.splice(0, MAX_GROUP))
      queue.running = false
      byActivity.delete(scan.activity._id)
    })()
  }
  return out
}

async function runGroup(group: Waiting[]): Promise<void> {
  const settle = (w: Waiting, p: Promise<A.SignInOutput>) => p.then(w.resolve, w.reject)
  // A member twice in one group (a retry, a double tap): the first goes in the group, the other after it, on its own.
  const seen = new Set<string>()
  const first = group.filter((w) => !seen.has(w.scan.id) && seen.add(w.scan.id))
  const rest = group.filter((w) => !first.includes(w))
  const [head, ...tail] = first.map((w) => w.scan)
  if (!head || !tail.length) {
    await Promise.all(group.map((w) => settle(w, signInOne(w.scan))))
    return
  }
  let fresh: Map<string, number> | null = null
  try {
    fresh = await groupTransaction([head, ...tail])
  } catch {
    // Anything that fails the group (a frozen year, a lost race on PostgreSQL) is retried scan by
    // scan, so that each gets its own answer.
  }
  await Promise.all([
    ...first.map((w) => {
      const points = fresh?.get(w.scan.id)
      return settle(w, points === undefined ? signInOne(w.scan) : Promise.resolve(done(w.scan, points)))
    }),
    // a repeat of a scan the group just recorded is answered from that record
    ...rest.map((w) => {
      const twin = first.find((f) => f.scan.id === w.scan.id)
      return settle(w, twin && fresh?.has(w.scan.id) ? Promise.resolve(already(w.scan, record(twin.scan))) : signInOne(w.scan))
    }),
  ])
}

/**
 * The first scans of many members in one transaction and a fixed number of statements: the
 * records, the ledger entries with their balances, the live count and the marks. Returns the
 * points of each scan it recorded; a scan whose record was already there (a repeat, a revoked
 * 补录) is left to signInOne.
 */
async function groupTransaction([head, ...tail]: [Scan, ...Scan[]]): Promise<Map<string, number>> {
  const { deps, activity } = head
  const scans = [head, ...tail]
  return deps.store.transaction(async (tx) => {
    const batch = tx.batch
    if (!batch) throw new Error('group commit on a store without batch operations')
    const inserted = await batch.insertNew(C.activitySignIn, scans.map(record))
    const fresh = scans.filter((s) => inserted.has(s.id))
    const entries = await awardMany(tx, batch, fresh.map(awardOf))
    if (fresh.length) await bumpActivityCounter(tx, activity, { signed: fresh.length })
    await setSignMarks(batch, activity, fresh.map((s) => ({ memberId: s.member._id, mark: { m: 'scan', at: s.at } })))
    return new Map(entries.map((e, i) => [fresh[i]?.id ?? '', e.amount]))
  })
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
