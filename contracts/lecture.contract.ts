/** Contracts of the `lecture` function: 微党课 columns, lectures, pushes into WeChat groups, server-earned study credit, reports, feedback. */
import { z } from './z'
import { docId, isoDateTime, requestId, text } from './common'

export const lectureKind = z.enum(['article', 'audio', 'video'])
export type LectureKind = z.infer<typeof lectureKind>
export const LECTURE_KIND_LABEL: Record<LectureKind, string> = { article: '图文', audio: '音频', video: '视频' }

/** 图文正文：段落、小标题与图片，按块存储，页面按块渲染（不解析任何 HTML） */
export const articleBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('p'), text: text({ min: 1, max: 2000, multiline: true, minMessage: '段落不能为空', maxMessage: '每段最多 2000 字' }) }),
  z.object({ type: z.literal('h'), text: text({ min: 1, max: 60, minMessage: '小标题不能为空', maxMessage: '小标题最多 60 字' }) }),
  z.object({ type: z.literal('img'), fileId: docId, caption: text({ max: 60, maxMessage: '图片说明最多 60 字' }).default('') }),
])
export type ArticleBlock = z.infer<typeof articleBlock>

export const quizQuestion = z.object({
  question: text({ min: 2, max: 120, multiline: true, minMessage: '题目至少 2 个字', maxMessage: '题目最多 120 字' }),
  options: z.array(text({ min: 1, max: 60, minMessage: '选项不能为空', maxMessage: '选项最多 60 字' })).min(2, '至少 2 个选项').max(4, '最多 4 个选项'),
  /** 正确选项的下标 */
  answer: z.int('请点选正确答案').min(0, '请点选正确答案').max(3, '请点选正确答案'),
})
export const quiz = z
  .object({
    questions: z.array(quizQuestion).min(1, '请至少出 1 道题').max(5, '测验最多 5 题'),
    /** 及格题数 */
    passMark: z.int('请选择及格题数').min(1, '及格题数至少 1 题').max(5, '及格题数最多 5 题'),
  })
  .refine((q) => q.passMark <= q.questions.length, { message: '及格题数不能多于题目数', path: ['passMark'] })
  .refine((q) => q.questions.every((x) => x.answer < x.options.length), { message: '正确答案须是选项之一', path: ['questions'] })

export const columnView = z.object({ id: z.string(), name: z.string(), order: z.int(), hidden: z.boolean() })
export type ColumnView = z.infer<typeof columnView>

export const progressView = z.object({
  /** none：未开始；in_progress：学习中；completed：已完成 */
  state: z.enum(['none', 'in_progress', 'completed']),
  /** 服务器累计的有效学习时长（秒） */
  effectiveSec: z.number(),
  /** 完成所需时长（秒） */
  requiredSec: z.number(),
  percent: z.int(),
  quizPassed: z.boolean().nullable(),
  completedAt: z.string().nullable(),
})
export type ProgressView = z.infer<typeof progressView>

export const lectureSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: lectureKind,
  columnId: z.string(),
  columnName: z.string(),
  issueNo: z.int().nullable(),
  lecturer: z.string(),
  summary: z.string(),
  coverUrl: z.string().nullable(),
  /** 音视频时长（秒）；图文为建议阅读时长 */
  durationSec: z.number(),
  status: z.enum(['draft', 'published', 'archived']),
  publishedAt: z.string().nullable(),
  hasQuiz: z.boolean(),
  progress: progressView.nullable(),
})
export type LectureSummary = z.infer<typeof lectureSummary>

export const lectureDetail = lectureSummary.extend({
  blocks: z.array(z.object({ type: z.enum(['p', 'h', 'img']), text: z.string(), url: z.string().nullable() })),
  mediaUrl: z.string().nullable(),
  /** 测验题目（不含答案） */
  quiz: z.object({ questions: z.array(z.object({ question: z.string(), options: z.array(z.string()) })), passMark: z.int() }).nullable(),
  myRating: z.int().nullable(),
})
export type LectureDetail = z.infer<typeof lectureDetail>

export const listColumnsInput = z.object({ action: z.literal('listColumns'), includeHidden: z.boolean().default(false) })
export type ListColumnsInput = z.output<typeof listColumnsInput>
export const listColumnsOutput = z.object({ columns: z.array(columnView) })

export const saveColumnInput = z.object({
  action: z.literal('saveColumn'),
  /** 不填为新建 */
  columnId: docId.optional(),
  name: text({ min: 2, max: 12, minMessage: '栏目名称至少 2 个字', maxMessage: '栏目名称最多 12 个字' }),
  order: z.int().min(0).max(999).optional(),
  hidden: z.boolean().optional(),
})
export type SaveColumnInput = z.output<typeof saveColumnInput>
export const saveColumnOutput = z.object({ column: columnView })

/** 课程列表按页读取，每页至多 50 门：最新发布的在前；书记/管理员带 includeUnpublished 时最新创建的在前（新草稿在最前） */
export const listLecturesInput = z.object({
  action: z.literal('listLectures'),
  columnId: docId.optional(),
  /** 书记/管理员可查看草稿与已归档 */
  includeUnpublished: z.boolean().default(false),
  /** 每页门数 @default 20 */
  limit: z.int().min(1).max(50).default(20),
  /** 上一页返回的 next；不填为第一页 */
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, '分页参数无效').nullable().optional(),
})
export type ListLecturesInput = z.output<typeof listLecturesInput>
export const listLecturesOutput = z.object({
  lectures: z.array(lectureSummary).max(50),
  /** 下一页的 cursor；已是最后一页时为 null */
  next: z.string().nullable(),
  /**
   * 课程总数，仅第一页（不带 cursor）返回，其后各页为 null；不随栏目筛选变化：党员为本组织可见栏目中
   * 已发布的课程数，带 includeUnpublished 的书记/管理员为其可见的全部课程数（含草稿与已归档）
   */
  total: z.int().nullable(),
  /** 本人已完成的课程数（含之后归档或栏目被隐藏的），仅第一页返回，其后各页为 null */
  completed: z.int().nullable(),
})
export type ListLecturesOutput = z.infer<typeof listLecturesOutput>

const lectureFields = {
  columnId: z.string('请选择栏目').trim().min(1, '请选择栏目').pipe(docId),
  title: text({ min: 2, max: 40, minMessage: '标题至少 2 个字', maxMessage: '标题最多 40 个字' }),
  issueNo: z.int('期号须为 1–9999 的整数，可不填').min(1, '期号须为 1–9999 的整数，可不填').max(9999, '期号须为 1–9999 的整数，可不填').nullable().default(null),
  lecturer: text({ min: 2, max: 20, minMessage: '主讲人至少 2 个字', maxMessage: '主讲人最多 20 个字' }),
  summary: text({ max: 200, multiline: true, maxMessage: '简介最多 200 字' }).default(''),
  coverFileId: docId.nullable().default(null),
  kind: lectureKind,
  blocks: z.array(articleBlock).max(200, '正文最多 200 段').default([]),
  mediaFileId: docId.nullable().default(null),
  /** 音视频时长（秒），由发布者填写或由页面读取媒体得到 */
  durationSec: z.number('请填写时长（秒）').min(1, '时长至少 1 秒').max(4 * 3600, '时长最多 14400 秒（4 小时）').nullable().default(null),
  quiz: quiz.nullable().default(null),
}

function checkKind(v: { kind: LectureKind; mediaFileId: string | null; durationSec: number | null; blocks: unknown[] }, ctx: z.RefinementCtx) {
  if (v.kind === 'article' && !v.blocks.length) ctx.addIssue({ code: 'custom', path: ['blocks'], message: '请填写正文' })
  if (v.kind !== 'article' && !v.mediaFileId) ctx.addIssue({ code: 'custom', path: ['mediaFileId'], message: v.kind === 'audio' ? '请上传音频文件' : '请上传视频文件' })
  if (v.kind !== 'article' && !v.durationSec) ctx.addIssue({ code: 'custom', path: ['durationSec'], message: '请填写时长（秒）' })
}

export const createLectureInput = z.object({ action: z.literal('createLecture'), ...lectureFields, requestId: requestId.optional() }).superRefine(checkKind)
export type CreateLectureInput = z.output<typeof createLectureInput>
export const updateLectureInput = z.object({ action: z.literal('updateLecture'), lectureId: docId, ...lectureFields }).superRefine(checkKind)
export type UpdateLectureInput = z.output<typeof updateLectureInput>
export const lectureOutput = z.object({ lecture: lectureSummary })

export const setLectureStatusInput = z.object({ action: z.literal('setLectureStatus'), lectureId: docId, status: z.enum(['draft', 'published', 'archived']) })
export type SetLectureStatusInput = z.output<typeof setLectureStatusInput>

export const uploadMediaInput = z.object({
  action: z.literal('uploadMedia'),
  fileName: text({ min: 1, max: 80, minMessage: '文件名不能为空', maxMessage: '文件名最多 80 个字' }),
  mimeType: z.string().trim().max(60).regex(/^[A-Za-z0-9.+/-]*$/, '文件类型不正确'),
  /** 文件内容的 base64（H5 经网关上传） */
  base64: z.string().max(6_000_000, '文件过大').optional(),
  /** 小程序先用 wx.cloud.uploadFile 传到云存储临时目录 lecture-upload-tmp/，再交来 fileID */
  fileID: z
    .string()
    .max(300)
    .regex(/^cloud:\/\/[A-Za-z0-9._-]+\/lecture-upload-tmp\/[A-Za-z0-9._-]+$/, '上传的文件无效，请重新上传')
    .optional(),
}).refine((v) => (v.base64 === undefined) !== (v.fileID === undefined), { message: '请重新选择文件上传', path: ['base64'] })
export type UploadMediaInput = z.output<typeof uploadMediaInput>
export const uploadMediaOutput = z.object({ fileId: z.string(), url: z.string(), bytes: z.int(), mimeType: z.string() })

export const getLectureInput = z.object({ action: z.literal('getLecture'), lectureId: docId, pushId: docId.optional() })
export type GetLectureInput = z.output<typeof getLectureInput>
export const getLectureOutput = z.object({ lecture: lectureDetail, push: z.object({ id: z.string(), label: z.string(), deadline: z.string().nullable() }).nullable() })
export type GetLectureOutput = z.infer<typeof getLectureOutput>

export const reportProgressInput = z.object({
  action: z.literal('reportProgress'),
  lectureId: docId,
  /** 当前播放位置（秒）；图文为已阅读时长 */
  positionSec: z.number().min(0).max(24 * 3600),
  /** 是否正在播放 / 页面是否在前台阅读 */
  playing: z.boolean(),
  /** 图文：是否已读到末尾 */
  atEnd: z.boolean().optional(),
})
export type ReportProgressInput = z.output<typeof reportProgressInput>
export const reportProgressOutput = z.object({
  effectiveSec: z.number(),
  completed: z.boolean(),
  /** 本次完成获得的积分（非完成时为 0） */
  points: z.number(),
  progress: progressView,
})
export type ReportProgressOutput = z.infer<typeof reportProgressOutput>

export const submitQuizInput = z.object({ action: z.literal('submitQuiz'), lectureId: docId, answers: z.array(z.int().min(0).max(3)).min(1).max(5) })
export type SubmitQuizInput = z.output<typeof submitQuizInput>
export const submitQuizOutput = z.object({ passed: z.boolean(), correct: z.int(), passMark: z.int(), completed: z.boolean(), points: z.number() })
export type SubmitQuizOutput = z.infer<typeof submitQuizOutput>

export const createPushInput = z.object({
  action: z.literal('createPush'),
  lectureId: docId,
  /** 推送到的群，如「第四党支部全体群」 */
  label: text({ min: 2, max: 30, minMessage: '推送对象至少 2 个字', maxMessage: '推送对象最多 30 个字' }),
  deadline: isoDateTime.optional(),
  requestId: requestId.optional(),
  /** 党委管理员须指定支部 */
  branchId: docId.optional(),
})
export type CreatePushInput = z.output<typeof createPushInput>
export const createPushOutput = z.object({ pushId: z.string(), path: z.string(), url: z.string() })
export type CreatePushOutput = z.infer<typeof createPushOutput>

export const memberStudyRow = z.object({
  memberId: z.string(),
  name: z.string(),
  state: z.enum(['none', 'in_progress', 'completed']),
  percent: z.int(),
  completedAt: z.string().nullable(),
  viaPush: z.string().nullable(),
})
export const getStudyReportInput = z.object({ action: z.literal('getStudyReport'), lectureId: docId, branchId: docId.optional() })
export type GetStudyReportInput = z.output<typeof getStudyReportInput>
export const getStudyReportOutput = z.object({
  lecture: lectureSummary,
  rows: z.array(memberStudyRow),
  counts: z.object({ members: z.int(), completed: z.int(), inProgress: z.int(), notStarted: z.int() }),
  /** 待提醒：尚未开始学习的党员姓名 */
  remind: z.array(z.string()),
  pushes: z.array(z.object({ id: z.string(), label: z.string(), deadline: z.string().nullable(), opens: z.int(), completions: z.int(), completedByDeadline: z.int(), rate: z.number().nullable(), createdAt: z.string() })),
})
export type GetStudyReportOutput = z.infer<typeof getStudyReportOutput>

export const getMemberStudyInput = z.object({ action: z.literal('getMemberStudy'), memberId: docId.optional() })
export type GetMemberStudyInput = z.output<typeof getMemberStudyInput>
export const getMemberStudyOutput = z.object({
  member: z.object({ id: z.string(), name: z.string() }),
  items: z.array(z.object({ lectureId: z.string(), title: z.string(), columnName: z.string(), state: z.enum(['in_progress', 'completed']), percent: z.int(), completedAt: z.string().nullable() })),
})

export const exportStudyReportInput = z.object({
  action: z.literal('exportStudyReport'),
  lectureId: docId,
  /** 党委管理员须指定支部；支部书记只能导出本支部 */
  branchId: docId.optional(),
})
export type ExportStudyReportInput = z.output<typeof exportStudyReportInput>
export const exportFileOutput = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })
export type ExportFileOutput = z.infer<typeof exportFileOutput>

export const rateLectureInput = z.object({
  action: z.literal('rateLecture'),
  lectureId: docId,
  stars: z.int().min(1, '请选择评分').max(5),
  comment: text({ max: 100, multiline: true, maxMessage: '评价最多 100 字' }).optional(),
})
export type RateLectureInput = z.output<typeof rateLectureInput>
export const rateLectureOutput = z.object({ stars: z.int(), held: z.boolean() })

export const lecturerRatingsInput = z.object({ action: z.literal('lecturerRatings') })
export const lecturerRatingsOutput = z.object({
  lecturers: z.array(z.object({ lecturer: z.string(), lectures: z.int(), ratings: z.int(), average: z.number().nullable() })),
})
export type LecturerRatingsOutput = z.infer<typeof lecturerRatingsOutput>

/** 待学习：近 30 天推送到本支部、本人尚未完成的微党课（最多 20 门，最新推送在前） */
export const myPendingLecturesInput = z.object({ action: z.literal('myPendingLectures') })
export type MyPendingLecturesInput = z.output<typeof myPendingLecturesInput>
export const pendingLecture = z.object({
  lecture: lectureSummary,
  /** 最近一次推送（打开时带上，学习记入该推送） */
  push: z.object({ id: z.string(), label: z.string(), deadline: z.string().nullable(), createdAt: z.string() }),
})
export type PendingLecture = z.infer<typeof pendingLecture>
export const myPendingLecturesOutput = z.object({ items: z.array(pendingLecture).max(20) })
export type MyPendingLecturesOutput = z.infer<typeof myPendingLecturesOutput>

export const lectureActions = {
  listColumns: { input: listColumnsInput, output: listColumnsOutput },
  saveColumn: { input: saveColumnInput, output: saveColumnOutput },
  listLectures: { input: listLecturesInput, output: listLecturesOutput },
  createLecture: { input: createLectureInput, output: lectureOutput },
  updateLecture: { input: updateLectureInput, output: lectureOutput },
  setLectureStatus: { input: setLectureStatusInput, output: lectureOutput },
  uploadMedia: { input: uploadMediaInput, output: uploadMediaOutput },
  getLecture: { input: getLectureInput, output: getLectureOutput },
  reportProgress: { input: reportProgressInput, output: reportProgressOutput },
  submitQuiz: { input: submitQuizInput, output: submitQuizOutput },
  createPush: { input: createPushInput, output: createPushOutput },
  getStudyReport: { input: getStudyReportInput, output: getStudyReportOutput },
  getMemberStudy: { input: getMemberStudyInput, output: getMemberStudyOutput },
  exportStudyReport: { input: exportStudyReportInput, output: exportFileOutput },
  rateLecture: { input: rateLectureInput, output: rateLectureOutput },
  lecturerRatings: { input: lecturerRatingsInput, output: lecturerRatingsOutput },
  myPendingLectures: { input: myPendingLecturesInput, output: myPendingLecturesOutput },
} as const
