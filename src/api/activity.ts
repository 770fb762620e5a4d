/** Types of the `activity` cloud function (组织生活 activities, sign-in codes, attendance, leave, 补录, stats, export); pages call it as `api.activity.<action>(input)`. */

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

export type { DecisionView, GetRecordOutput, ListOpenDecisionsOutput, RecordBlock, RecordView } from '../../contracts/record.contract'

export type { ListRelaySignalsOutput, RelaySignal } from '../../contracts/relay.contract'

export type { JoinOnlineOutput, OpenOnlineCodeOutput } from '../../contracts/online.contract'
