/** Stored shapes of the survey context. No document holds an OPENID, a device id or an address. */
import type { SurveyDefinition } from '../../../contracts/survey.contract'

export interface StationDoc {
  _id: string
  orgId: string
  branchId: string
  name: string
  /** station-wide code (cards not tied to a window) */
  code: string
  windows: Array<{ code: string; name: string }>
  createdAt: string
  updatedAt: string
}

/** A printed code: `_id` is the code itself, so a scan resolves with one read. */
export interface SurveyCodeDoc {
  _id: string
  orgId: string
  branchId: string
  stationId: string
  /** window name, or null for the station-wide code */
  window: string | null
}

export interface SurveyConfigDoc {
  _id: string
  branchId: string
  version: number
}

export interface SurveyDefinitionDoc extends SurveyDefinition {
  _id: string
  branchId: string
  createdAt: string
}

export interface ResponseDoc {
  /** counted: derived from (station, day, respondent key) so a second one the same day collides */
  _id: string
  orgId: string
  branchId: string
  stationId: string
  /** window code, or null */
  window: string | null
  day: string
  at: string
  version: number
  overall: number
  aspects: Record<string, number>
  comment: string | null
  commentStatus: 'none' | 'visible' | 'held' | 'rejected'
  hasComment: boolean
  counted: boolean
  flags: string[]
  elapsedMs: number | null
}

/** Pre-aggregated counters per (station, window, day), updated in the submission's transaction. */
export interface StatDoc {
  _id: string
  orgId: string
  branchId: string
  stationId: string
  window: string | null
  day: string
  /** counted responses */
  n: number
  /** 满意 + 非常满意 */
  sat: number
  o1: number
  o2: number
  o3: number
  o4: number
  o5: number
  /** kept but not counted (too fast) */
  u: number
  /** per aspect key: a_<key>_s (sum) and a_<key>_n (answers) */
  [aspectCounter: `a_${string}`]: number
}

export const statId = (stationId: string, window: string | null, day: string): string =>
  `${stationId}_${window ?? 'all'}_${day}`

/** Alphabet of printed codes: lowercase letters and digits without 0/o, 1/l — all allowed in a wxacode scene. */
export const CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/**
 * Answers with a genuine ticket faster than this are counted and flagged `fast` (one tap on a face
 * and 提交评价 takes a commuter ~1.5 s; anti-stuffing rests on one answer per person, station and day).
 */
export const FAST_ANSWER_MS = 3000

export { cnDay } from '../shared/china-time'
