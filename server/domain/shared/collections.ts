/** Collection names (singular snake_case) and the document shapes stored in them. */
import type { Role } from '../../../contracts'

export const C = {
  organization: 'organization',
  branch: 'branch',
  member: 'member',
  memberInvite: 'member_invite',
  /** who marked a member 流动 or cleared it, when (member.usecases.ts setMobile) */
  memberAudit: 'member_audit',
  requestKey: 'request_key',
  /** a member's secret for the personal sign-in code (personal-code.usecases.ts): id = the member's id; never leaves the server */
  memberCodeKey: 'member_code_key',
  station: 'station',
  activity: 'activity',
  activitySignIn: 'activity_sign_in',
  activityLeave: 'activity_leave',
  activityAudit: 'activity_audit',
  activityRecord: 'activity_record',
  activityRecordAudit: 'activity_record_audit',
  attendanceMemberYear: 'attendance_member_year',
  attendanceActivity: 'attendance_activity',
  pointsEntry: 'points_entry',
  pointsBalance: 'points_balance',
  pointsRules: 'points_rules',
  pointsApplication: 'points_application',
  pointsCommitment: 'points_commitment',
  pointsYear: 'points_year',
  /** where the scheduled absence sweep stopped: one document overall, one per branch (schedule.ts) */
  pointsSweep: 'points_sweep',
  surveyCode: 'survey_code',
  surveyConfig: 'survey_config',
  surveyDefinition: 'survey_definition',
  surveyResponse: 'survey_response',
  surveyStat: 'survey_stat',
  lectureColumn: 'lecture_column',
  lecture: 'lecture',
  lectureFile: 'lecture_file',
  lecturePush: 'lecture_push',
  lectureOpen: 'lecture_open',
  lectureProgress: 'lecture_progress',
  lectureRating: 'lecture_rating',
  lectureSettings: 'lecture_settings',
  lectureAudit: 'lecture_audit',
  studyDaily: 'study_daily',
} as const

/**
 * Indexes per collection: the fields its queries filter on (equalities first), then the field they
 * sort or range on. Each index also ends with the document id (the keyset tie-break). The SQL
 * store creates them at start (idempotently); on CloudBase create the same in the console (the
 * README lists them). A query added to a use case names its index here.
 */
export const INDEXES: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  [C.organization]: [],
  [C.branch]: [['orgId', 'name']],
  [C.member]: [['branchId', 'joinedAt'], ['orgId', 'branchId']],
  [C.memberInvite]: [],
  [C.memberAudit]: [],
  [C.requestKey]: [],
  [C.memberCodeKey]: [],
  [C.station]: [['branchId', 'name'], ['orgId', 'name']],
  [C.activity]: [['branchId', 'startAt'], ['branchId', 'endAt', 'startAt'], ['branchId', 'status', 'startAt']],
  [C.activitySignIn]: [['activityId', 'state'], ['memberId', 'activityId']],
  [C.activityLeave]: [['activityId'], ['memberId', 'activityId']],
  [C.activityAudit]: [['activityId', 'at']],
  [C.activityRecord]: [['branchId', 'year', 'hasOpenDecisions', 'startAt']],
  [C.activityRecordAudit]: [['activityId', 'at']],
  [C.attendanceMemberYear]: [['branchId', 'year']],
  [C.attendanceActivity]: [],
  [C.pointsEntry]: [['memberId', 'year', 'at'], ['orgId', 'year', 'at'], ['branchId', 'year', 'at']],
  [C.pointsBalance]: [['branchId', 'year']],
  [C.pointsRules]: [],
  [C.pointsApplication]: [['branchId', 'status', 'createdAt'], ['memberId', 'year', 'createdAt']],
  [C.pointsCommitment]: [['branchId', 'month']],
  [C.pointsYear]: [],
  [C.pointsSweep]: [],
  [C.surveyCode]: [],
  [C.surveyConfig]: [],
  [C.surveyDefinition]: [],
  [C.surveyResponse]: [['stationId', 'hasComment', 'commentStatus', 'at'], ['branchId', 'hasComment', 'commentStatus', 'at'], ['orgId', 'hasComment', 'commentStatus', 'at'], ['stationId', 'day', 'at']],
  [C.surveyStat]: [['stationId', 'day'], ['branchId', 'day'], ['orgId', 'day']],
  [C.lectureColumn]: [['orgId', 'order']],
  [C.lecture]: [['orgId', 'status', 'publishedAt', 'createdAt'], ['orgId', 'columnId', 'status', 'publishedAt', 'createdAt'], ['orgId', 'createdAt']],
  [C.lectureFile]: [],
  [C.lecturePush]: [['lectureId', 'branchId', 'createdAt'], ['branchId', 'createdAt']],
  [C.lectureOpen]: [['lectureId', 'memberId', 'at']],
  [C.lectureProgress]: [['memberId', 'lectureId'], ['lectureId', 'branchId'], ['memberId', 'startedAt'], ['memberId', 'completedAt']],
  [C.lectureRating]: [['orgId', 'stars', 'lecturer']],
  [C.lectureSettings]: [],
  [C.lectureAudit]: [['subjectId', 'at']],
  [C.studyDaily]: [],
}

export interface OrganizationDoc {
  _id: string
  name: string
  createdAt: string
}

export interface BranchDoc {
  _id: string
  orgId: string
  name: string
  createdAt: string
}

export interface MemberDoc {
  _id: string
  /** The platform identity; members' OPENIDs are kept to recognise them (never exposed). */
  openid: string
  orgId: string
  /** null for an organisation admin who belongs to no branch */
  branchId: string | null
  name: string
  role: Role
  joinedAt: string
  /** the invite code used, or `seed` / `admin` */
  joinedVia: string
  updatedAt: string
  /** 流动党员: where, and until which day (China time, inclusive; null = open-ended); set by a manager (setMobile) */
  mobile?: { place: string; until: string | null } | null
}

export interface InviteDoc {
  _id: string
  orgId: string
  branchId: string
  createdBy: string
  maxUses: number
  uses: number
  expiresAt: string
  createdAt: string
}

/** Remembers the answer to a client's request id so a retried write answers the same. */
export interface RequestKeyDoc {
  _id: string
  /** always 'done': the key is written with the records it guards (see once.ts) */
  state: 'done'
  result?: unknown
  createdAt: string
}
