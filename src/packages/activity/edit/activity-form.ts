/** The activity form as typed on the page (Beijing date and clock times) and its payload. */
import { activityKind, type ActivityKind } from '../../../../contracts/activity.contract'
import type { ActivityView } from '../../../api/activity'
import { cnDateValue, cnTimeValue, isoFromCn, roundUpToMinutes } from '../../../utils/format'

export const KINDS: readonly ActivityKind[] = activityKind.options
export type CodeMode = ActivityView['codeMode']
const MINUTE_MS = 60 * 1000
/** 默认时长 1 小时 30 分 */
const DEFAULT_LENGTH_MS = 90 * MINUTE_MS

export type Field = 'kind' | 'title' | 'startAt' | 'endAt' | 'place' | 'description' | 'expectedMemberIds' | 'volunteerHours' | 'codeMode' | 'branchId'
export const FIELDS: readonly Field[] = ['kind', 'title', 'startAt', 'endAt', 'place', 'description', 'expectedMemberIds', 'volunteerHours', 'codeMode', 'branchId']

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
  }
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
  }
}
