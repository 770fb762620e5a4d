/**
 * Typed calls to the `lecture` cloud function: 微党课 columns and lectures, server-timed study
 * heartbeats, quizzes, pushes into WeChat groups, study reports, ratings and uploads.
 * Types only from the contract (no zod values), so the 学习 tab in the main package stays light.
 */
import type { ActionInput } from '../../contracts/functions'
import { callFunction } from './client'

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

/** 栏目（党课随身听、业务大家学……） */
export const listColumns = (input: ActionInput<'lecture', 'listColumns'> = {}) => callFunction('lecture', 'listColumns', input)

/** 课程列表（含本人的学习进度）；书记 / 管理员可带 includeUnpublished 查看草稿 */
export const listLectures = (input: ActionInput<'lecture', 'listLectures'> = {}) => callFunction('lecture', 'listLectures', input)

/** 课程详情；经推送链接打开时带 pushId，服务端记一次打开 */
export const getLecture = (input: ActionInput<'lecture', 'getLecture'>) => callFunction('lecture', 'getLecture', input)

/** 学习心跳：服务端按两次心跳之间的真实时间累计有效学习时长 */
export const reportProgress = (input: ActionInput<'lecture', 'reportProgress'>) => callFunction('lecture', 'reportProgress', input)

/** 提交测验答案 */
export const submitQuiz = (input: ActionInput<'lecture', 'submitQuiz'>) => callFunction('lecture', 'submitQuiz', input)

/** 评价课程（1–5 星，可附短评） */
export const rateLecture = (input: ActionInput<'lecture', 'rateLecture'>) => callFunction('lecture', 'rateLecture', input)

/** 推送到群：生成带推送编号的链接 */
export const createPush = (input: ActionInput<'lecture', 'createPush'>) => callFunction('lecture', 'createPush', input)

/** 学习情况：支部每名党员的进度、待提醒名单、每次推送的打开与完成 */
export const getStudyReport = (input: ActionInput<'lecture', 'getStudyReport'>) => callFunction('lecture', 'getStudyReport', input)

/** 导出学习情况（xlsx 的 base64） */
export const exportStudyReport = (input: ActionInput<'lecture', 'exportStudyReport'>) =>
  callFunction('lecture', 'exportStudyReport', input)

/** 我的学习记录（书记 / 管理员可查看本支部党员的） */
export const getMemberStudy = (input: ActionInput<'lecture', 'getMemberStudy'> = {}) => callFunction('lecture', 'getMemberStudy', input)

/** 讲师评价：每位讲师的课程数、评价数与平均分 */
export const lecturerRatings = () => callFunction('lecture', 'lecturerRatings', {})

/** 新建课程（草稿）；同一 requestId 只创建一次 */
export const createLecture = (input: ActionInput<'lecture', 'createLecture'>) => callFunction('lecture', 'createLecture', input)

/** 修改课程 */
export const updateLecture = (input: ActionInput<'lecture', 'updateLecture'>) => callFunction('lecture', 'updateLecture', input)

/** 发布 / 撤回为草稿 / 归档 */
export const setLectureStatus = (input: ActionInput<'lecture', 'setLectureStatus'>) =>
  callFunction('lecture', 'setLectureStatus', input)

/** 上传图片或音视频（base64） */
export const uploadMedia = (input: ActionInput<'lecture', 'uploadMedia'>) => callFunction('lecture', 'uploadMedia', input)

/** 新建或修改栏目（党委管理员） */
export const saveColumn = (input: ActionInput<'lecture', 'saveColumn'>) => callFunction('lecture', 'saveColumn', input)
