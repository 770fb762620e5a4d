/**
 * Types of the `lecture` cloud function: 微党课 columns and lectures, server-timed study
 * heartbeats, quizzes, pushes into WeChat groups, study reports, ratings and uploads.
 * Types only from the contract (no zod values); pages call it as `api.lecture.<action>(input)`.
 */

export type {
  ColumnView,
  CreatePushOutput,
  ExportFileOutput,
  GetLectureOutput,
  GetStudyReportOutput,
  LectureDetail,
  LectureKind,
  LectureSummary,
  MyPendingLecturesOutput,
  PendingLecture,
  LecturerRatingsOutput,
  ProgressView,
  ReportProgressOutput,
  SubmitQuizOutput,
} from '../../contracts/lecture.contract'
