/** The activity form as typed on the page (Beijing date and clock times) and its payload. */
import { activityKind, type ActivityKind } from '../../../../contracts/activity.contract'
import type { ActivityView } from '../../../api/activity'
import { cnDateValue, cnTimeValue, isoFromCn, roundUpToMinutes } from '../../../utils/format'

export const KINDS: readonly ActivityKind[] = activityKind.options
export type CodeMode = ActivityView['codeMode']
const MINUTE_MS = 60 * 1000
/** 默认时长 1 小时 30 分 */
const DEFAULT_LENGTH_MS = 90 * MINUTE_MS

export type Field = 'kind' | 'title' | 'startAt' | 'endAt' | 'place' | 'description' | 'expectedMemberIds' | 'volunteerHours' | 'codeMode' | 'placeCheck' | 'branchId'
export const FIELDS: readonly Field[] = ['kind', 'title', 'startAt', 'endAt', 'place', 'description', 'expectedMemberIds', 'volunteerHours', 'codeMode', 'placeCheck', 'branchId']

/** 签到范围的选项（米） */
export const RADII: readonly number[] = [100, 200, 500, 1000]

/** 地点签到：开启后党员扫码须在活动地点的半径内 */
export interface PlaceForm {
  on: boolean
  /** WGS-84, null until 使用当前位置 */
  lat: number | null
  lng: number | null
  /** the fix's accuracy in metres when it was taken on this form (null: stored, or not yet taken) */
  accuracy: number | null
  radiusM: number
  missing: 'refuse' | 'flag'
}

const NO_PLACE: PlaceForm = { on: false, lat: null, lng: null, accuracy: null, radiusM: 200, missing: 'refuse' }

export interface Form {
  kind: ActivityKind
  title: string
  date: string
  start: string
  end: string
  place: string
  description: string
  expected: 'all' | 'some'
  selected: string[]
  hours: string
  /** 签到方式：党员扫活动码，或书记扫党员的个人码 */
  codeMode: CodeMode
  /** 地点签到 @default 关闭 */
  geo: PlaceForm
}

export function defaultForm(now: number = Date.now()): Form {
  const start = roundUpToMinutes(now, 10)
  const end = start + DEFAULT_LENGTH_MS
  return {
    kind: 'theme_day',
    title: '',
    date: cnDateValue(start),
    start: cnTimeValue(start),
    end: cnTimeValue(end),
    place: '',
    description: '',
    expected: 'all',
    selected: [],
    hours: '',
    codeMode: 'rotating',
    geo: NO_PLACE,
  }
}

export function formOfActivity(a: ActivityView): Form {
  return {
    kind: a.kind,
    title: a.title,
    date: cnDateValue(a.startAt),
    start: cnTimeValue(a.startAt),
    end: cnTimeValue(a.endAt),
    place: a.place,
    description: a.description,
    expected: a.expectedMemberIds ? 'some' : 'all',
    selected: a.expectedMemberIds ?? [],
    hours: a.volunteerHours === null ? '' : String(a.volunteerHours),
    codeMode: a.codeMode,
    geo: a.placeCheck ? { on: true, lat: a.placeCheck.lat, lng: a.placeCheck.lng, accuracy: null, radiusM: a.placeCheck.radiusM, missing: a.placeCheck.missing } : NO_PLACE,
  }
}

/** The place check sent: null when off (an edit that turns it off sends null, which clears it). */
export function placeCheckOf(place: PlaceForm) {
  if (!place.on || place.lat === null || place.lng === null) return null
  return { lat: place.lat, lng: place.lng, radiusM: place.radiusM, missing: place.missing }
}

/** The end falls on the next day when its clock time is not after the start's. */
export const endsNextDay = (form: Form) => form.end <= form.start

export function payloadOf(form: Form) {
  const hours = form.hours.trim()
  return {
    kind: form.kind,
    title: form.title,
    startAt: isoFromCn(form.date, form.start) ?? '',
    endAt: isoFromCn(form.date, form.end, endsNextDay(form) ? 1 : 0) ?? '',
    place: form.place,
    description: form.description,
    expectedMemberIds: form.expected === 'some' ? form.selected : null,
    volunteerHours: form.kind === 'volunteer' && hours !== '' ? Number(hours) : null,
    codeMode: form.codeMode,
    placeCheck: placeCheckOf(form.geo),
  }
}
