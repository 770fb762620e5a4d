/** Collection names (singular snake_case) and the document shapes stored in them. */
import type { Role } from '../../../contracts'

export const C = {
  organization: 'organization',
  branch: 'branch',
  member: 'member',
  memberInvite: 'member_invite',
  requestKey: 'request_key',
  station: 'station',
  activity: 'activity',
  activitySignIn: 'activity_sign_in',
  activityLeave: 'activity_leave',
  activityAudit: 'activity_audit',
  pointsEntry: 'points_entry',
  pointsBalance: 'points_balance',
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
