/** Stored shapes of the activity context, and the calendar helpers (China time, UTC+8, no DST). */
import type { ActivityKind } from '../../../contracts/activity.contract'
import type { PlaceCheck, PlaceResult } from './place-check'

export interface ActivityDoc {
  _id: string
  orgId: string
  branchId: string
  kind: ActivityKind
  title: string
  startAt: string
  endAt: string
  place: string
  description: string
  /** null = the whole branch */
  expectedMemberIds: string[] | null
  volunteerHours: number | null
  status: 'scheduled' | 'cancelled'
  cancelReason: string | null
  signInMode: 'auto' | 'open' | 'closed'
  /** how members sign in: the rotating activity code they scan (default), or their personal codes the secretary scans (absent: rotating) */
  codeMode?: 'rotating' | 'personal'
  /** the place check of members' scans (place-check.ts); absent or null: none */
  placeCheck?: PlaceCheck | null
  /** per-activity HMAC key of the rotating sign-in codes; never leaves the server */
  secret: string
  createdBy: string
  createdAt: string
  updatedAt: string
  /** the year its attendance marks are kept under (attendance-counters.ts); absent on older activities */
  markYear?: number
  /** the last 会议口令 shown (online.usecases.ts): its sequence number and end; the code itself is an HMAC of it, never stored */
  onlineCode?: { seq: number; openedAt: string; expiresAt: string; byId: string } | null
}

export interface SignInDoc {
  /** derived from (activity, member): one record per member and activity, ever */
  _id: string
  activityId: string
  branchId: string
  memberId: string
  /** scan: the rotating code; makeup: 补录; online: a 流动 member with the 会议口令 (online.usecases.ts) */
  method: 'scan' | 'makeup' | 'online'
  state: 'active' | 'revoked'
  at: string
  locationFlag: 'none' | 'provided'
  location: { latitude: number; longitude: number; accuracy?: number } | null
  /** how many 补录 this record has had; part of each 补录's ledger key */
  makeupSeq: number
  makeup: { byId: string; byName: string; reason: string; at: string } | null
  /** relay keys of a scan (relay-signals.ts): HMACs of the caller's device and address, per activity; absent on older scans */
  deviceKey?: string | null
  netKey?: string | null
  /** personal: the secretary scanned the member's personal code (personal-code.usecases.ts); absent: the member scanned */
  via?: 'personal' | null
  /** a scan under the activity's place check (place-check.ts): its distance, null when it sent no location and was let in flagged */
  place?: PlaceResult | null
  /** the secretary's look at a flagged scan (relay-signals.ts): kept, or revoked */
  relayReview?: { decision: 'confirmed' | 'revoked'; byId: string; byName: string; reason: string; at: string } | null
}

export interface LeaveDoc {
  _id: string
  activityId: string
  branchId: string
  memberId: string
  memberName: string
  reason: string
  status: 'pending' | 'approved' | 'rejected'
  requestedAt: string
  decidedAt: string | null
  decidedById: string | null
  decidedByName: string | null
}

export interface AuditDoc {
  _id: string
  activityId: string
  memberId: string
  what: 'makeup' | 'revoke' | 'leave_approved' | 'leave_rejected' | 'relay_confirm' | 'relay_revoke'
  reason: string
  byId: string
  byName: string
  at: string
}

/** Sign-in opens this long before the start by default. */
export const OPEN_BEFORE_MS = 30 * 60 * 1000

export { cnMonth, cnYear, cnYearStart } from '../shared/china-time'
