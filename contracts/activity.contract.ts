/** Contracts of the `activity` function: 组织生活 activities, rotating sign-in codes, attendance, leave, 补录, alerts, export. */
import { z } from './z'
import { docId, isoDateTime, requestId, text } from './common'
import { recordActions } from './record.contract'
import { onlineActions } from './online.contract'
import { relayActions } from './relay.contract'
import { personalCodeActions } from './personal-code.contract'

/** 活动类型（三会一课、主题党日、志愿服务……） */
export const activityKind = z.enum([
  'party_congress',
  'committee',
  'group_meeting',
  'party_lecture',
  'theme_day',
  'volunteer',
  'life_meeting',
  'other',
])
export type ActivityKind = z.infer<typeof activityKind>

export const ACTIVITY_KIND_LABEL: Record<ActivityKind, string> = {
  party_congress: '支部党员大会',
  committee: '支委会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
  volunteer: '志愿服务',
  life_meeting: '组织生活会',
  other: '其他',
}

/** 签到方式：扫码签到 / 书记补录 / 线上参加（流动党员凭会议口令） */
export const attendanceState = z.enum(['signed', 'makeup', 'online', 'leave', 'leave_pending', 'absent', 'pending'])
export type AttendanceState = z.infer<typeof attendanceState>

export const ATTENDANCE_LABEL: Record<AttendanceState, string> = {
  signed: '已签到',
  makeup: '补录',
  online: '线上参加',
  leave: '请假',
  leave_pending: '请假待批',
  absent: '缺席',
  pending: '未签到',
}

/**
 * 签到地点核验：活动地点（WGS-84 坐标，即 wx.getLocation 默认返回与浏览器定位所用的坐标系）与签到半径。
 * 开启后，党员扫活动签到码时须在半径内；不影响书记扫个人码、补录与线上参加。
 */
export const placeCheck = z.object({
  lat: z.number({ error: '请填写活动地点的纬度' }).min(-90, '纬度须在 -90 到 90 之间').max(90, '纬度须在 -90 到 90 之间'),
  lng: z.number({ error: '请填写活动地点的经度' }).min(-180, '经度须在 -180 到 180 之间').max(180, '经度须在 -180 到 180 之间'),
  /** 签到半径（米） */
  radiusM: z.int({ error: '签到范围须为整数米' }).min(50, '签到范围至少 50 米').max(5000, '签到范围最多 5000 米'),
  /** 党员未提供位置时：refuse 拒绝签到；flag 允许签到并标记 */
  missing: z.enum(['refuse', 'flag'], { error: '请选择无定位时的处理方式' }),
})
export type PlaceCheck = z.infer<typeof placeCheck>

const activityFields = {
  kind: activityKind,
  title: text({ min: 2, max: 40, minMessage: '标题至少 2 个字', maxMessage: '标题最多 40 个字' }),
  startAt: isoDateTime,
  endAt: isoDateTime,
  place: text({ max: 60, maxMessage: '地点最多 60 个字' }).default(''),
  description: text({ max: 1000, multiline: true, maxMessage: '说明最多 1000 个字' }).default(''),
  /** 应到人员：不填为全支部党员 */
  expectedMemberIds: z.array(docId).max(500).nullable().default(null),
  /** 志愿服务时长（小时），仅 volunteer 类型 */
  volunteerHours: z.number().min(0).max(24).nullable().default(null),
  /** 签到方式：rotating 党员扫描活动签到码；personal 书记扫描党员的个人签到码（防转发） */
  codeMode: z.enum(['rotating', 'personal']).default('rotating'),
  /** 签到地点核验；null 为不核验 @default null */
  placeCheck: placeCheck.nullable().default(null),
}

function checkTimes(v: { startAt: string; endAt: string; kind: ActivityKind; volunteerHours: number | null }, ctx: z.RefinementCtx) {
  if (new Date(v.endAt).getTime() <= new Date(v.startAt).getTime()) {
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: '结束时间须晚于开始时间' })
  }
  if (new Date(v.endAt).getTime() - new Date(v.startAt).getTime() > 3 * 24 * 3600 * 1000) {
    ctx.addIssue({ code: 'custom', path: ['endAt'], message: '活动时长不能超过 3 天' })
  }
  if (v.volunteerHours !== null && v.kind !== 'volunteer') {
    ctx.addIssue({ code: 'custom', path: ['volunteerHours'], message: '只有志愿服务活动可以填写服务时长' })
  }
}

export const createActivityInput = z
  .object({ action: z.literal('createActivity'), ...activityFields, branchId: docId.optional(), requestId: requestId.optional() })
  .superRefine(checkTimes)
export type CreateActivityInput = z.output<typeof createActivityInput>

export const updateActivityInput = z
  .object({
    action: z.literal('updateActivity'),
    activityId: docId,
    ...activityFields,
    /** 不填则保持原签到方式（旧版本的编辑页不发送此项，不能因此悄悄改回扫活动码） */
    codeMode: z.enum(['rotating', 'personal']).optional(),
    /** 不填则保持原设置；null 关闭核验 */
    placeCheck: placeCheck.nullable().optional(),
  })
  .superRefine(checkTimes)
export type UpdateActivityInput = z.output<typeof updateActivityInput>

export const signInWindow = z.object({
  /** 当前是否可以签到 */
  open: z.boolean(),
  opensAt: z.string(),
  closesAt: z.string(),
  /** auto：按时间自动开放；open：书记已手动开启；closed：书记已手动关闭 */
  mode: z.enum(['auto', 'open', 'closed']),
})

export const activityView = z.object({
  id: z.string(),
  branchId: z.string(),
  kind: activityKind,
  kindLabel: z.string(),
  title: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  place: z.string(),
  description: z.string(),
  expectedMemberIds: z.array(z.string()).nullable(),
  volunteerHours: z.number().nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  cancelReason: z.string().nullable(),
  signIn: signInWindow,
  /** 签到方式：rotating 党员扫描活动签到码；personal 书记扫描党员的个人签到码 */
  codeMode: z.enum(['rotating', 'personal']),
  /** 签到地点核验（未开启为 null） */
  placeCheck: placeCheck.nullable(),
  /** 调用者本人的出勤状态（党员视角） */
  myState: attendanceState.nullable(),
  /** 调用者是否在应到名单中 */
  expected: z.boolean(),
  /** 调用者本人的请假申请（仅活动详情返回；没有申请时省略） */
  myLeave: z
    .object({
      reason: z.string(),
      status: z.enum(['pending', 'approved', 'rejected']),
      requestedAt: z.string(),
      decidedAt: z.string().nullable(),
      decidedByName: z.string().nullable(),
    })
    .optional(),
  /** 待审批的请假申请数（仅支部书记、党委管理员可见） */
  pendingLeaves: z.int().optional(),
  /** 签到开放中的现场人数：已签到（含补录）/ 应到（仅 listActivities 返回给支部书记、党委管理员） */
  liveCount: z.object({ signed: z.int(), expected: z.int() }).optional(),
})
export type ActivityView = z.infer<typeof activityView>

export const createActivityOutput = z.object({ activity: activityView })
export const updateActivityOutput = z.object({ activity: activityView })

export const cancelActivityInput = z.object({
  action: z.literal('cancelActivity'),
  activityId: docId,
  reason: text({ min: 2, max: 200, multiline: true, minMessage: '请填写取消原因', maxMessage: '取消原因最多 200 字' }),
})
export const cancelActivityOutput = z.object({ activity: activityView, changed: z.boolean() })

export const getActivityInput = z.object({ action: z.literal('getActivity'), activityId: docId })
export const getActivityOutput = z.object({ activity: activityView })

export const listActivitiesInput = z.object({
  action: z.literal('listActivities'),
  /** upcoming：未结束的；past：已结束的 @default 'upcoming' */
  scope: z.enum(['upcoming', 'past']).default('upcoming'),
  limit: z.int().min(1).max(100).default(30),
  /** 党委管理员查看某支部时指定 */
  branchId: docId.optional(),
})
export const listActivitiesOutput = z.object({
  activities: z.array(activityView),
  /** 本支部待审批的请假申请总数（仅支部书记、党委管理员） */
  pendingLeaveTotal: z.int().optional(),
})
export type ListActivitiesOutput = z.infer<typeof listActivitiesOutput>

export const setSignInModeInput = z.object({
  action: z.literal('setSignInMode'),
  activityId: docId,
  mode: z.enum(['auto', 'open', 'closed']),
})
export const setSignInModeOutput = z.object({ activity: activityView })

export const getSignInCodeInput = z.object({ action: z.literal('getSignInCode'), activityId: docId })
export const getSignInCodeOutput = z.object({
  /** 签名令牌：活动、时间片与 HMAC，不含密钥 */
  token: z.string(),
  /**
   * 二维码内容的路径部分（H5 页面加上站点地址即为完整链接；小程序扫码后从中读取 t 参数）。
   * 活动开启签到地点核验时带 `l=1`：签到页据此先取位置再签到，省去一次被拒再重试的往返（仅为提示，以服务端核验为准）
   */
  path: z.string(),
  /** 本令牌停止被接受的时间（当前时间片与下一时间片之后） */
  expiresAt: z.string(),
  /** 页面应在此时刷新二维码 */
  refreshAt: z.string(),
  signedCount: z.int(),
  expectedCount: z.int(),
})
export type GetSignInCodeOutput = z.infer<typeof getSignInCodeOutput>

/** 签到令牌的文本格式：s1.<活动>.<时间片>.<签名> */
export const signInToken = z
  .string()
  .trim()
  .max(200, '签到码无效')
  .regex(/^s1\.[A-Za-z0-9_-]{1,64}\.\d{1,12}\.[A-Za-z0-9_-]{16,64}$/, '签到码无效，请重新扫码')

export const signInInput = z.object({
  action: z.literal('signIn'),
  token: signInToken,
  /** 位置（WGS-84）：活动开启签到地点核验时须在半径内；未开启时仅作标记 */
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), accuracy: z.number().min(0).max(100000).optional() })
    .optional(),
})
export const signInOutput = z.object({
  alreadySignedIn: z.boolean(),
  signedAt: z.string(),
  activity: z.object({ id: z.string(), title: z.string(), kindLabel: z.string() }),
  /** 本次签到获得的积分（重复签到为 0） */
  points: z.number(),
})
export type SignInOutput = z.infer<typeof signInOutput>

export const requestLeaveInput = z.object({
  action: z.literal('requestLeave'),
  activityId: docId,
  reason: text({ min: 2, max: 200, multiline: true, minMessage: '请填写请假原因', maxMessage: '请假原因最多 200 字' }),
})
export const leaveView = z.object({
  activityId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
})
export const requestLeaveOutput = z.object({ leave: leaveView })

export const decideLeaveInput = z.object({
  action: z.literal('decideLeave'),
  activityId: docId,
  memberId: docId,
  approve: z.boolean(),
})
export const decideLeaveOutput = z.object({ leave: leaveView, changed: z.boolean() })

export const addMakeupInput = z.object({
  action: z.literal('addMakeup'),
  activityId: docId,
  memberId: docId,
  reason: text({ min: 2, max: 200, multiline: true, minMessage: '请填写补录原因', maxMessage: '补录原因最多 200 字' }),
})
export const addMakeupOutput = z.object({ changed: z.boolean() })

export const revokeMakeupInput = z.object({
  action: z.literal('revokeMakeup'),
  activityId: docId,
  memberId: docId,
  reason: text({ min: 2, max: 200, multiline: true, minMessage: '请填写撤销原因', maxMessage: '撤销原因最多 200 字' }),
})
export const revokeMakeupOutput = z.object({ changed: z.boolean() })

export const auditEntry = z.object({
  at: z.string(),
  byName: z.string(),
  what: z.enum(['makeup', 'revoke', 'leave_approved', 'leave_rejected', 'relay_confirm', 'relay_revoke']),
  reason: z.string(),
})

export const attendanceRow = z.object({
  memberId: z.string(),
  name: z.string(),
  state: attendanceState,
  stateLabel: z.string(),
  signedAt: z.string().nullable(),
  locationFlag: z.enum(['none', 'provided']),
  /** 签到地点核验下的扫码签到：距活动地点的米数（null 为未提供位置、已标记）；未核验为 null */
  place: z.object({ distanceM: z.number().nullable(), radiusM: z.int() }).nullable(),
  leaveReason: z.string().nullable(),
  audit: z.array(auditEntry),
})
export type AttendanceRow = z.infer<typeof attendanceRow>

export const listAttendanceInput = z.object({ action: z.literal('listAttendance'), activityId: docId })
export const listAttendanceOutput = z.object({
  activity: activityView,
  rows: z.array(attendanceRow),
  counts: z.object({ expected: z.int(), signed: z.int(), makeup: z.int(), leave: z.int(), absent: z.int(), pending: z.int() }),
  /** 出勤率 = (已签到 + 补录) / 应到；活动未结束时为 null */
  rate: z.number().nullable(),
})
export type ListAttendanceOutput = z.infer<typeof listAttendanceOutput>

export const rateCell = z.object({ expected: z.int(), attended: z.int(), rate: z.number().nullable() })

export const attendanceStatsInput = z.object({
  action: z.literal('attendanceStats'),
  year: z.int().min(2000).max(2100),
  branchId: docId.optional(),
})
export const attendanceStatsOutput = z.object({
  year: z.int(),
  branch: rateCell,
  byKind: z.array(rateCell.extend({ kind: activityKind, kindLabel: z.string() })),
  byMonth: z.array(rateCell.extend({ month: z.int() })),
  byMember: z.array(rateCell.extend({ memberId: z.string(), name: z.string(), leave: z.int(), absent: z.int() })),
})
export type AttendanceStatsOutput = z.infer<typeof attendanceStatsOutput>

export const absenceAlertsInput = z.object({ action: z.literal('absenceAlerts'), year: z.int().min(2000).max(2100), branchId: docId.optional() })
export const absenceAlertsOutput = z.object({
  alerts: z.array(
    z.object({
      memberId: z.string(),
      name: z.string(),
      /** total：全年无故缺席 ≥ 3 次；streak：连续 3 次无故缺席 */
      reasons: z.array(z.enum(['total', 'streak'])),
      unexcused: z.int(),
      longestStreak: z.int(),
      activities: z.array(z.object({ id: z.string(), title: z.string(), startAt: z.string(), kindLabel: z.string() })),
    }),
  ),
})
export type AbsenceAlertsOutput = z.infer<typeof absenceAlertsOutput>

export const myAttendanceInput = z.object({ action: z.literal('myAttendance'), year: z.int().min(2000).max(2100) })
export const myAttendanceOutput = z.object({
  year: z.int(),
  summary: rateCell,
  items: z.array(z.object({ activity: activityView, state: attendanceState, stateLabel: z.string(), signedAt: z.string().nullable() })),
})
export type MyAttendanceOutput = z.infer<typeof myAttendanceOutput>

export const exportAttendanceInput = z.object({ action: z.literal('exportAttendance'), activityId: docId })
export const exportYearInput = z.object({ action: z.literal('exportYear'), year: z.int().min(2000).max(2100), branchId: docId.optional() })
/** 导出文件：xlsx 的 base64（小于 2 MB） */
export const exportOutput = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })
export type ExportOutput = z.infer<typeof exportOutput>

export type CancelActivityInput = z.output<typeof cancelActivityInput>
export type GetActivityInput = z.output<typeof getActivityInput>
export type ListActivitiesInput = z.output<typeof listActivitiesInput>
export type SetSignInModeInput = z.output<typeof setSignInModeInput>
export type GetSignInCodeInput = z.output<typeof getSignInCodeInput>
export type SignInInput = z.output<typeof signInInput>
export type RequestLeaveInput = z.output<typeof requestLeaveInput>
export type DecideLeaveInput = z.output<typeof decideLeaveInput>
export type AddMakeupInput = z.output<typeof addMakeupInput>
export type RevokeMakeupInput = z.output<typeof revokeMakeupInput>
export type ListAttendanceInput = z.output<typeof listAttendanceInput>
export type AttendanceStatsInput = z.output<typeof attendanceStatsInput>
export type AbsenceAlertsInput = z.output<typeof absenceAlertsInput>
export type MyAttendanceInput = z.output<typeof myAttendanceInput>
export type ExportAttendanceInput = z.output<typeof exportAttendanceInput>
export type ExportYearInput = z.output<typeof exportYearInput>
export type LeaveView = z.infer<typeof leaveView>

export const activityActions = {
  createActivity: { input: createActivityInput, output: createActivityOutput },
  updateActivity: { input: updateActivityInput, output: updateActivityOutput },
  cancelActivity: { input: cancelActivityInput, output: cancelActivityOutput },
  getActivity: { input: getActivityInput, output: getActivityOutput },
  listActivities: { input: listActivitiesInput, output: listActivitiesOutput },
  setSignInMode: { input: setSignInModeInput, output: setSignInModeOutput },
  getSignInCode: { input: getSignInCodeInput, output: getSignInCodeOutput },
  signIn: { input: signInInput, output: signInOutput },
  requestLeave: { input: requestLeaveInput, output: requestLeaveOutput },
  decideLeave: { input: decideLeaveInput, output: decideLeaveOutput },
  addMakeup: { input: addMakeupInput, output: addMakeupOutput },
  revokeMakeup: { input: revokeMakeupInput, output: revokeMakeupOutput },
  listAttendance: { input: listAttendanceInput, output: listAttendanceOutput },
  attendanceStats: { input: attendanceStatsInput, output: attendanceStatsOutput },
  absenceAlerts: { input: absenceAlertsInput, output: absenceAlertsOutput },
  myAttendance: { input: myAttendanceInput, output: myAttendanceOutput },
  exportAttendance: { input: exportAttendanceInput, output: exportOutput },
  exportYear: { input: exportYearInput, output: exportOutput },
  /** 全程纪实（record.contract.ts） */
  ...recordActions,
  /** 转发签到的迹象（relay.contract.ts） */
  ...relayActions,
  /** 个人签到码（personal-code.contract.ts） */
  ...personalCodeActions,
  /** 流动党员线上参加（online.contract.ts） */
  ...onlineActions,
} as const
