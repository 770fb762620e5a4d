/** Typed calls to the `activity` cloud function: 组织生活 activities, sign-in codes, attendance, leave, 补录, stats, export. */
import type { ActionInput } from '../../contracts/functions'
import { callFunction } from './client'

export type {
  AbsenceAlertsOutput,
  ActivityKind,
  ActivityView,
  AttendanceRow,
  AttendanceState,
  AttendanceStatsOutput,
  ExportOutput,
  GetSignInCodeOutput,
  LeaveView,
  ListActivitiesOutput,
  ListAttendanceOutput,
  MyAttendanceOutput,
  SignInOutput,
} from '../../contracts/activity.contract'

/** 发布活动（支部书记 / 党委管理员）；同一 requestId 只创建一次 */
export const createActivity = (input: ActionInput<'activity', 'createActivity'>) =>
  callFunction('activity', 'createActivity', input)

/** 修改活动 */
export const updateActivity = (input: ActionInput<'activity', 'updateActivity'>) =>
  callFunction('activity', 'updateActivity', input)

/** 取消活动（须填写原因） */
export const cancelActivity = (input: ActionInput<'activity', 'cancelActivity'>) =>
  callFunction('activity', 'cancelActivity', input)

/** 活动详情（含调用者本人的出勤状态） */
export const getActivity = (input: ActionInput<'activity', 'getActivity'>) => callFunction('activity', 'getActivity', input)

/** 活动列表：即将开展 / 已结束 */
export const listActivities = (input: ActionInput<'activity', 'listActivities'>) =>
  callFunction('activity', 'listActivities', input)

/** 手动开启 / 关闭签到，或恢复按时间自动开放 */
export const setSignInMode = (input: ActionInput<'activity', 'setSignInMode'>) =>
  callFunction('activity', 'setSignInMode', input)

/** 当前签到二维码（每 15 秒轮换）与已签到人数 */
export const getSignInCode = (input: ActionInput<'activity', 'getSignInCode'>) =>
  callFunction('activity', 'getSignInCode', input)

/** 党员扫码签到 */
export const signIn = (input: ActionInput<'activity', 'signIn'>) => callFunction('activity', 'signIn', input)

/** 党员请假 */
export const requestLeave = (input: ActionInput<'activity', 'requestLeave'>) =>
  callFunction('activity', 'requestLeave', input)

/** 批准 / 驳回请假 */
export const decideLeave = (input: ActionInput<'activity', 'decideLeave'>) =>
  callFunction('activity', 'decideLeave', input)

/** 补录签到（留痕：谁、何时、原因） */
export const addMakeup = (input: ActionInput<'activity', 'addMakeup'>) => callFunction('activity', 'addMakeup', input)

/** 撤销补录（留痕） */
export const revokeMakeup = (input: ActionInput<'activity', 'revokeMakeup'>) =>
  callFunction('activity', 'revokeMakeup', input)

/** 一次活动的考勤名单 */
export const listAttendance = (input: ActionInput<'activity', 'listAttendance'>) =>
  callFunction('activity', 'listAttendance', input)

/** 年度出勤率：全支部、按类型、按月、按党员 */
export const attendanceStats = (input: ActionInput<'activity', 'attendanceStats'>) =>
  callFunction('activity', 'attendanceStats', input)

/** 缺席提醒：全年无故缺席 3 次或连续 3 次 */
export const absenceAlerts = (input: ActionInput<'activity', 'absenceAlerts'>) =>
  callFunction('activity', 'absenceAlerts', input)

/** 我的出勤（本人） */
export const myAttendance = (input: ActionInput<'activity', 'myAttendance'>) =>
  callFunction('activity', 'myAttendance', input)

/** 导出一次活动的考勤表（xlsx 的 base64） */
export const exportAttendance = (input: ActionInput<'activity', 'exportAttendance'>) =>
  callFunction('activity', 'exportAttendance', input)

/** 导出年度出勤汇总（xlsx 的 base64） */
export const exportYear = (input: ActionInput<'activity', 'exportYear'>) => callFunction('activity', 'exportYear', input)

export type { DecisionView, GetRecordOutput, ListOpenDecisionsOutput, RecordBlock, RecordView } from '../../contracts/record.contract'

/** 全程纪实：本支部党员可读；可否编辑见 canEdit */
export const getRecord = (input: ActionInput<'activity', 'getRecord'>) => callFunction('activity', 'getRecord', input)

/** 保存全程纪实（整份替换；baseVersion 为打开编辑时的版本，同一 requestId 只保存一次） */
export const saveRecord = (input: ActionInput<'activity', 'saveRecord'>) => callFunction('activity', 'saveRecord', input)

/** 决议事项标记完成 / 恢复未完成 */
export const setDecisionState = (input: ActionInput<'activity', 'setDecisionState'>) =>
  callFunction('activity', 'setDecisionState', input)

/** 本支部本年度未完成的决议（逾期在前） */
export const listOpenDecisions = (input: ActionInput<'activity', 'listOpenDecisions'>) =>
  callFunction('activity', 'listOpenDecisions', input)

/** 导出年度纪实台账（xlsx 的 base64） */
export const exportRecords = (input: ActionInput<'activity', 'exportRecords'>) => callFunction('activity', 'exportRecords', input)

export type { ListRelaySignalsOutput, RelaySignal } from '../../contracts/relay.contract'

/** 转发签到迹象：同一设备或同一网络地址在一枚签到码有效期内为多人签到 */
export const listRelaySignals = (input: ActionInput<'activity', 'listRelaySignals'>) =>
  callFunction('activity', 'listRelaySignals', input)

/** 核查一条有转发迹象的扫码签到：确认保留或撤销（均留痕） */
export const reviewRelaySignIn = (input: ActionInput<'activity', 'reviewRelaySignIn'>) =>
  callFunction('activity', 'reviewRelaySignIn', input)

export type { JoinOnlineOutput, OpenOnlineCodeOutput } from '../../contracts/online.contract'

/** 显示会议口令（支部书记）：6 位数字，2 分钟内有效；再次显示生成新口令，旧口令作废 */
export const openOnlineCode = (input: ActionInput<'activity', 'openOnlineCode'>) =>
  callFunction('activity', 'openOnlineCode', input)

/** 流动党员输入会议口令线上参加（记为「线上参加」，同一 requestId 只记一次） */
export const joinOnline = (input: ActionInput<'activity', 'joinOnline'>) => callFunction('activity', 'joinOnline', input)
