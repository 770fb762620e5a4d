/** Contracts of the `survey` function: toll-station service-satisfaction QR surveys (服务满意度二维码调查). */
import { z } from './z'
import { docId, requestId, text } from './common'

/** 二维码 scene 允许的字符集中取的短码：8 位小写字母与数字 */
export const surveyCode = z
  .string()
  .trim()
  .regex(/^[a-z2-9]{8}$/, '二维码编号无效，请重新扫码')

export const OVERALL_LABELS = ['非常不满意', '不满意', '一般', '满意', '非常满意'] as const

export const DEFAULT_ASPECTS = [
  { key: 'courtesy', label: '文明用语' },
  { key: 'speed', label: '收费效率' },
  { key: 'appearance', label: '仪容仪表' },
  { key: 'handling', label: '问题处理' },
] as const

const aspectKey = z.string().regex(/^[a-z][a-z0-9_]{0,19}$/)

export const surveyDefinition = z.object({
  version: z.int(),
  title: z.string(),
  /** 一句话邀请语，印在卡片上 */
  invitation: z.string(),
  aspects: z.array(z.object({ key: aspectKey, label: z.string() })),
  commentMax: z.int(),
})
export type SurveyDefinition = z.infer<typeof surveyDefinition>

export const windowView = z.object({ code: z.string(), name: z.string() })
export const stationView = z.object({
  id: z.string(),
  branchId: z.string(),
  name: z.string(),
  /** 全站通用二维码（不区分窗口） */
  code: z.string(),
  windows: z.array(windowView),
})
export type StationView = z.infer<typeof stationView>

const windowName = text({ min: 1, max: 20, minMessage: '窗口名称不能为空', maxMessage: '窗口名称最多 20 个字' })

export const createStationInput = z.object({
  action: z.literal('createStation'),
  name: text({ min: 2, max: 20, minMessage: '收费站名称至少 2 个字', maxMessage: '收费站名称最多 20 个字' }),
  /** 窗口/车道名称，如「1号窗口」 */
  windows: z.array(windowName).min(1, '至少一个窗口').max(40, '最多 40 个窗口'),
  /** 党委管理员须指定支部 */
  branchId: docId.optional(),
  requestId: requestId.optional(),
})
export type CreateStationInput = z.output<typeof createStationInput>
export const createStationOutput = z.object({ station: stationView })

export const addWindowsInput = z.object({
  action: z.literal('addWindows'),
  stationId: docId,
  windows: z.array(windowName).min(1).max(40),
})
export type AddWindowsInput = z.output<typeof addWindowsInput>
export const addWindowsOutput = z.object({ station: stationView })

export const listStationsInput = z.object({ action: z.literal('listStations'), branchId: docId.optional() })
export type ListStationsInput = z.output<typeof listStationsInput>
export const listStationsOutput = z.object({ stations: z.array(stationView) })

export const listCodesInput = z.object({ action: z.literal('listCodes'), stationId: docId })
export type ListCodesInput = z.output<typeof listCodesInput>
export const codeView = z.object({
  code: z.string(),
  /** 窗口名称；全站码为 null */
  window: z.string().nullable(),
  /** H5 问卷页的路径 */
  path: z.string(),
  /** 完整链接（由部署的公开地址拼成） */
  url: z.string(),
})
export const listCodesOutput = z.object({ station: stationView, codes: z.array(codeView) })
export type ListCodesOutput = z.infer<typeof listCodesOutput>

export const printCardsInput = z.object({ action: z.literal('printCards'), stationId: docId })
export type PrintCardsInput = z.output<typeof printCardsInput>
export const printCardsOutput = z.object({ fileName: z.string(), html: z.string() })

export const getFormInput = z.object({ action: z.literal('getForm'), code: surveyCode })
export type GetFormInput = z.output<typeof getFormInput>
export const getFormOutput = z.object({
  station: z.string(),
  window: z.string().nullable(),
  definition: surveyDefinition,
  /** 服务器签发的开始答题凭证，用于计算答题用时 */
  ticket: z.string(),
})
export type GetFormOutput = z.infer<typeof getFormOutput>

export const submitResponseInput = z.object({
  action: z.literal('submitResponse'),
  code: surveyCode,
  /** 总体满意度 1（非常不满意）… 5（非常满意） */
  overall: z.int().min(1, '请选择满意度').max(5, '满意度为 1–5'),
  /** 各分项 1–5，可只填部分 */
  aspects: z.record(aspectKey, z.int().min(1).max(5)).optional(),
  comment: text({ max: 200, multiline: true, maxMessage: '意见建议最多 200 字' }).optional(),
  /** 客户端计的答题用时（毫秒），仅作参考 */
  elapsedMs: z.int().min(0).max(3_600_000).optional(),
  ticket: z.string().max(200).regex(/^[A-Za-z0-9._-]*$/, '答题凭证无效').optional(),
})
export type SubmitResponseInput = z.output<typeof submitResponseInput>
export const submitResponseOutput = z.object({
  counted: z.boolean(),
  /** counted：已计入（几秒内的作答同样计入）；already_counted：今天已评价过；too_fast：答题凭证缺失、伪造或过期，服务器无法计时，未计入（沿用旧名） */
  outcome: z.enum(['counted', 'already_counted', 'too_fast']),
  message: z.string(),
})
export type SubmitResponseOutput = z.infer<typeof submitResponseOutput>

export const getStatsInput = z.object({
  action: z.literal('getStats'),
  stationId: docId.optional(),
  /** 窗口短码 */
  window: surveyCode.optional(),
  /** 起止日期（含），北京时间 YYYY-MM-DD；默认近 30 天 */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  branchId: docId.optional(),
})
export type GetStatsInput = z.output<typeof getStatsInput>
const bucket = z.object({ key: z.string(), total: z.int(), satisfied: z.int(), rate: z.number().nullable() })
export const getStatsOutput = z.object({
  from: z.string(),
  to: z.string(),
  total: z.int(),
  satisfied: z.int(),
  rate: z.number().nullable(),
  /** 95% Wilson 区间 */
  interval: z.object({ low: z.number(), high: z.number() }).nullable(),
  /** 例：好评 213 次，满意度 99.8 %（95 % 区间 98.7 %–100.0 %） */
  headline: z.string(),
  distribution: z.array(z.int()).length(5),
  aspects: z.array(z.object({ key: z.string(), label: z.string(), average: z.number().nullable(), answers: z.int() })),
  /** 未计入的答卷（答题凭证缺失或无效） */
  uncounted: z.int(),
  byDay: z.array(bucket),
  byWeek: z.array(bucket),
  byMonth: z.array(bucket),
  byWindow: z.array(bucket.extend({ name: z.string() })),
  /** 统计读取的汇总文档数（与答卷数量无关） */
  docsRead: z.int(),
})
export type GetStatsOutput = z.infer<typeof getStatsOutput>

export const listCommentsInput = z.object({
  action: z.literal('listComments'),
  stationId: docId.optional(),
  /** visible：已公开；held：待审核 @default 'visible' */
  status: z.enum(['visible', 'held']).default('visible'),
  limit: z.int().min(1).max(100).default(30),
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, '分页参数无效').nullable().optional(),
  branchId: docId.optional(),
})
export type ListCommentsInput = z.output<typeof listCommentsInput>
export const commentView = z.object({
  id: z.string(),
  station: z.string(),
  window: z.string().nullable(),
  overall: z.int(),
  comment: z.string(),
  day: z.string(),
  status: z.enum(['visible', 'held', 'rejected']),
  /** 平台内容安全检测未能完成，仅按敏感词表筛查（请人工留意） */
  unchecked: z.literal(true).optional(),
})
export const listCommentsOutput = z.object({ comments: z.array(commentView), next: z.string().nullable() })
export type ListCommentsOutput = z.infer<typeof listCommentsOutput>

export const reviewCommentInput = z.object({ action: z.literal('reviewComment'), responseId: docId, approve: z.boolean() })
export type ReviewCommentInput = z.output<typeof reviewCommentInput>
export const reviewCommentOutput = z.object({ changed: z.boolean() })

export const getDefinitionInput = z.object({ action: z.literal('getDefinition'), branchId: docId.optional() })
export type GetDefinitionInput = z.output<typeof getDefinitionInput>
export const getDefinitionOutput = z.object({ definition: surveyDefinition })

export const updateDefinitionInput = z.object({
  action: z.literal('updateDefinition'),
  title: text({ min: 2, max: 30, minMessage: '问卷标题至少 2 个字', maxMessage: '问卷标题最多 30 个字' }),
  invitation: text({ min: 2, max: 40, minMessage: '邀请语至少 2 个字', maxMessage: '邀请语最多 40 个字' }),
  aspects: z
    .array(z.object({ key: aspectKey, label: text({ min: 2, max: 8, minMessage: '分项名称至少 2 个字', maxMessage: '分项名称最多 8 个字' }) }))
    .max(6, '最多 6 个分项')
    .refine((a) => new Set(a.map((x) => x.key)).size === a.length, '分项不能重复'),
  branchId: docId.optional(),
})
export type UpdateDefinitionInput = z.output<typeof updateDefinitionInput>
export const updateDefinitionOutput = z.object({ definition: surveyDefinition })

export const exportResponsesInput = z.object({
  action: z.literal('exportResponses'),
  stationId: docId,
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
})
export type ExportResponsesInput = z.output<typeof exportResponsesInput>
export const exportResponsesOutput = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })
export type ExportOutputShape = z.infer<typeof exportResponsesOutput>

export const surveyActions = {
  createStation: { input: createStationInput, output: createStationOutput },
  addWindows: { input: addWindowsInput, output: addWindowsOutput },
  listStations: { input: listStationsInput, output: listStationsOutput },
  listCodes: { input: listCodesInput, output: listCodesOutput },
  printCards: { input: printCardsInput, output: printCardsOutput },
  getForm: { input: getFormInput, output: getFormOutput },
  submitResponse: { input: submitResponseInput, output: submitResponseOutput },
  getStats: { input: getStatsInput, output: getStatsOutput },
  listComments: { input: listCommentsInput, output: listCommentsOutput },
  reviewComment: { input: reviewCommentInput, output: reviewCommentOutput },
  getDefinition: { input: getDefinitionInput, output: getDefinitionOutput },
  updateDefinition: { input: updateDefinitionInput, output: updateDefinitionOutput },
  exportResponses: { input: exportResponsesInput, output: exportResponsesOutput },
} as const
