/**
 * Relay signals (issue 13): a rotating code stops photographs, not relays — a member in the room
 * posts the live code to a group chat and absent members scan it within its 30 s. What a scan can
 * tell without trusting the payload is what the platform says about the caller: a device id and
 * the client address (`Caller`, never the event). Each sign-in keeps them only as keys — an HMAC
 * under the server secret, per activity, so no address is stored and no key links a member across
 * activities — and the secretary gets the clusters: one device signing in several members, or
 * several members behind one address other than the room's, within one code's life.
 *
 * Every scan records them (sign-in.usecases.ts, `...relayKeys(deps, activity._id, caller)` on both
 * its single and its group-commit path); scans older than that carry none and `marked` says so.
 * The secretary confirms a flagged scan (kept, marked reviewed) or revokes it (its points reversed,
 * its counters undone, as a revoked 补录's are), both audited.
 *
 * Under a place check (place-check.ts) a third kind, `place`, lists scans one by one (placeOutliers).
 */
import {
  RELAY_WINDOW_SEC,
  type ListRelaySignalsInput,
  type ListRelaySignalsOutput,
  type RelaySignal,
  type ReviewRelaySignInInput,
} from '../../../contracts/relay.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { syncAbsence } from '../points/absence'
import { reverse, type PointsEntryDoc } from '../points/ledger'
import { C, type MemberDoc } from '../shared/collections'
import { DuplicateIdError, queryAll } from '../../store/document-store'
import { branchMember, managedActivity, recordAudit, requireSomeoneElse, signInId } from './activity.shared'
import type { ActivityDoc, SignInDoc } from './activity.docs'
import { bumpActivityCounter, retryCounterRace, setSignMark } from './attendance-counters'
import type { PlaceResult } from './place-check'

export const RELAY_WINDOW_MS = RELAY_WINDOW_SEC * 1000

/** What a scan records for the signals; null when the platform gave nothing. */
export interface RelayKeys {
  deviceKey: string | null
  netKey: string | null
}

/** The scan's keys, from the platform's caller only. */
export function relayKeys(deps: Pick<Deps, 'keys'>, activityId: string, caller: Caller): RelayKeys {
  return {
    deviceKey: caller.deviceId ? deps.keys.hmac('relay-device', `${activityId}\n${caller.deviceId}`) : null,
    netKey: caller.clientIp ? deps.keys.hmac('relay-net', `${activityId}\n${caller.clientIp}`) : null,
  }
}

export interface Scan {
  memberId: string
  at: string
  deviceKey?: string | null
  netKey?: string | null
  /** the scan's place check (absent: the activity had none when it was made) */
  place?: PlaceResult | null
}

export interface Cluster {
  kind: RelaySignal['kind']
  scans: Scan[]
}

/** Runs of scans sharing `key` whose neighbours are at most the window apart, with two members or more. */
function clusters(scans: Scan[], key: (s: Scan) => string | null | undefined, windowMs: number): Map<string, Scan[][]> {
  const byKey = new Map<string, Scan[]>()
  for (const s of scans) {
    const k = key(s)
    if (k) byKey.set(k, [...(byKey.get(k) ?? []), s])
  }
  const out = new Map<string, Scan[][]>()
  for (const [k, group] of byKey) {
    const sorted = [...group].sort((a, b) => a.at.localeCompare(b.at))
    const runs: Scan[][] = []
    for (const s of sorted) {
      const run = runs[runs.length - 1]
      const last = run?.[run.length - 1]
      if (run && last && Date.parse(s.at) - Date.parse(last.at) <= windowMs) run.push(s)
      else runs.push([s])
    }
    const flagged = runs.filter((r) => new Set(r.map((s) => s.memberId)).size > 1)
    if (flagged.length) out.set(k, flagged)
  }
  return out
}

/** The median of a non-empty list. */
function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b)
  const mid = Math.floor(v.length / 2)
  return v.length % 2 ? (v[mid] ?? 0) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2
}

/**
 * "Far from the rest", for an activity with a place check. A scan beyond the radius was refused,
 * so what is left worth a look is, one scan at a time:
 * - a scan let in without a location (`missing: 'flag'`): nothing says where it came from;
 * - a scan more than twice the median distance of the activity's located scans and more than half
 *   the radius away: the room is where most members stood, and one member at the edge of a wide
 *   circle while the rest stood at its centre is what a relay from the car park or the next
 *   building looks like. Both conditions, so a room where everyone stood 5 m off does not flag the
 *   one at 15 m (half the radius is the floor), and a wide radius set for a big site does not flag
 *   members spread evenly over it (twice the median is).
 * Signals, never refusals: a phone's fix indoors can be tens of metres off.
 */
export function placeOutliers(scans: Scan[]): Scan[] {
  const checked = scans.filter((s): s is Scan & { place: PlaceResult } => !!s.place)
  const located = checked.flatMap((s) => (s.place.distanceM === null ? [] : [s.place.distanceM]))
  const mid = located.length ? median(located) : 0
  return checked
    .filter((s) => s.place.distanceM === null || (s.place.distanceM > 2 * mid && s.place.distanceM > s.place.radiusM / 2))
    .sort((a, b) => a.at.localeCompare(b.at))
}

/**
 * The clusters worth the secretary's look. Every device cluster (one phone, several members). For
 * addresses, the room's own is left out — the address most members scanned from, when one address
 * clearly leads — since the members present share its Wi-Fi; any other shared address is flagged.
 * Under a place check, the scans placeOutliers picks, as one `place` group.
 */
export function detectRelays(scans: Scan[], windowMs = RELAY_WINDOW_MS): Cluster[] {
  const out: Cluster[] = []
  for (const runs of clusters(scans, (s) => s.deviceKey, windowMs).values()) out.push(...runs.map((r) => ({ kind: 'device' as const, scans: r })))
  const membersAt = new Map<string, Set<string>>()
  for (const s of scans) if (s.netKey) membersAt.set(s.netKey, (membersAt.get(s.netKey) ?? new Set()).add(s.memberId))
  const sizes = [...membersAt.entries()].map(([k, m]) => [k, m.size] as const).sort((a, b) => b[1] - a[1])
  const room = sizes[0] && (sizes.length === 1 || sizes[0][1] > (sizes[1]?.[1] ?? 0)) ? sizes[0][0] : null
  for (const [k, runs] of clusters(scans, (s) => s.netKey, windowMs)) {
    if (k !== room) out.push(...runs.map((r) => ({ kind: 'network' as const, scans: r })))
  }
  const far = placeOutliers(scans)
  if (far.length) out.push({ kind: 'place', scans: far })
  return out.sort((a, b) => (a.scans[0]?.at ?? '').localeCompare(b.scans[0]?.at ?? ''))
}

/** The activity's active scans and the clusters among them (index activityId + state). */
async function flaggedScans(deps: Deps, activity: ActivityDoc): Promise<{ scans: SignInDoc[]; found: Cluster[] }> {
  const docs = await queryAll<SignInDoc>(deps.store, C.activitySignIn, { where: { activityId: activity._id, state: 'active' } })
  const scans = docs.filter((d) => d.method === 'scan')
  const found = detectRelays(scans.map((d) => ({ memberId: d.memberId, at: d.at, deviceKey: d.deviceKey, netKey: d.netKey, place: d.place })))
  return { scans, found }
}

/** The activity's relay signals (secretary of its branch, admin). */
export async function listRelaySignals(deps: Deps, caller: Caller, input: In<ListRelaySignalsInput>): Promise<ListRelaySignalsOutput> {
  const { activity } = await managedActivity(deps, caller, input.activityId)
  const { scans, found } = await flaggedScans(deps, activity)
  const reviewed = new Set(scans.filter((d) => d.relayReview?.decision === 'confirmed').map((d) => d.memberId))
  const ids = [...new Set(found.flatMap((c) => c.scans.map((s) => s.memberId)))]
  const names = new Map((await Promise.all(ids.map((id) => deps.store.get<MemberDoc>(C.member, id)))).flatMap((m) => (m ? [[m._id, m.name] as const] : [])))
  return {
    signals: found.map((c) => ({
      kind: c.kind,
      members: c.scans.map((s) => ({
        id: s.memberId,
        name: names.get(s.memberId) ?? '',
        signedAt: s.at,
        reviewed: reviewed.has(s.memberId),
        ...(c.kind === 'place' ? { distanceM: s.place?.distanceM ?? null } : {}),
      })),
      from: c.scans[0]?.at ?? '',
      to: c.scans[c.scans.length - 1]?.at ?? '',
    })),
    scans: scans.length,
    marked: scans.filter((d) => d.deviceKey || d.netKey).length,
  }
}

/**
 * The secretary's look at one flagged scan: confirm keeps it (marked reviewed), revoke undoes it
 * — its record revoked, its points entry reversed, the live count and the member's mark taken back
 * and the absence rule run again, as revokeMakeup does for a 补录 — each with its audit line, in
 * one transaction. A repeat finds the decision made and changes nothing.
 */
export async function reviewRelaySignIn(deps: Deps, caller: Caller, input: In<ReviewRelaySignInInput>): Promise<{ changed: boolean }> {
  const { actor, activity } = await managedActivity(deps, caller, input.activityId)
  requireSomeoneElse(actor, input.memberId)
  const member = await branchMember(deps, activity, input.memberId)
  const id = signInId(deps, activity._id, member._id)
  const at = deps.clock.now().toISOString()
  // Read before the transaction (a read of the activity's scans); decided on inside it, after the repeat check.
  const flagged = (await flaggedScans(deps, activity)).found.some((c) => c.scans.some((s) => s.memberId === member._id))
  const relayReview = { byId: actor._id, byName: actor.name, reason: input.reason, at }
  try {
    return await retryCounterRace(() =>
      deps.store.transaction(async (tx) => {
        const current = await tx.get<SignInDoc>(C.activitySignIn, id)
        if (current?.method === 'scan' && current.relayReview?.decision === (input.decision === 'confirm' ? 'confirmed' : 'revoked')) return { changed: false }
        if (!flagged || current?.state !== 'active' || current.method !== 'scan') throw new AppError('ACTIVITY.NOT_FLAGGED')
        if (input.decision === 'confirm') {
          await tx.update(C.activitySignIn, id, { set: { relayReview: { decision: 'confirmed', ...relayReview } } })
          await recordAudit(deps, tx, activity._id, member._id, 'relay_confirm', input.reason, actor, at)
          return { changed: true }
        }
        await tx.update(C.activitySignIn, id, { set: { state: 'revoked', relayReview: { decision: 'revoked', ...relayReview } } })
        // The reversal cancels exactly what the scan counted, whatever the rules say today.
        const original = await tx.get<PointsEntryDoc>(C.pointsEntry, deps.ids.derive('points', 'scan', id))
        if (original) {
          await reverse(tx, original, {
            id: deps.ids.derive('points', 'scan-revoke', id),
            at,
            reason: `撤销转发签到：${activity.title}（${input.reason}）`,
            sourceType: 'activity_scan_revoked',
            recordedBy: actor._id,
          })
        }
        await recordAudit(deps, tx, activity._id, member._id, 'relay_revoke', input.reason, actor, at)
        await bumpActivityCounter(tx, activity, { signed: -1 })
        await setSignMark(tx, activity, member._id, null)
        await syncAbsence(deps, tx, activity, member._id, actor._id)
        return { changed: true }
      }),
    )
  } catch (err) {
    if (err instanceof DuplicateIdError) return { changed: false }
    throw err
  }
}
