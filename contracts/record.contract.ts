/**
 * Contracts of 全程纪实 (the record of one activity): topic, host, recorder, minutes as typed
 * blocks (never HTML), decisions with an owner and a deadline and their follow-up, photos uploaded
 * through the lecture media port (`lecture.uploadMedia`, images only). Served by the `activity`
 * function (merged into its actions in activity.contract.ts).
 */
import { z } from './z'
import { docId, requestId, text } from './common'

/** 上限：纪要段落、决议事项、照片的数量与纪要总字数（保证一份纪实小于网关请求上限 64 KB） */
export const RECORD_LIMITS = {
  blocks: 100,
  decisions: 30,
  photos: 12,
  /** 纪要各段与决议内容合计的字数 */
  chars: 15_000,
} as const

/** 纪要的一段：h 小标题，p 段落，li 列表项 */
export const recordBlock = z.object({
  type: z.enum(['h', 'p', 'li']),
  text: text({ min: 1, max: 2000, multiline: true, minMessage: '段落不能为空', maxMessage: '每段最多 2000 字' }),
})
export type RecordBlock = z.infer<typeof recordBlock>

/** YYYY-MM-DD（北京时间的日期） */
export const dayString = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD')

export const decisionInput = z.object({
  /** 已有决议的编号；新决议不填 */
  id: docId.optional(),
  text: text({ min: 2, max: 200, multiline: true, minMessage: '决议内容至少 2 个字', maxMessage: '决议内容最多 200 字' }),
  /** 责任人：本支部党员 */
  ownerId: docId,
  /** 完成期限（北京时间日期） */
  deadline: dayString,
  done: z.boolean().default(false),
})

export const saveRecordInput = z
  .object({
    action: z.literal('saveRecord'),
    activityId: docId,
    topic: text({ min: 2, max: 60, minMessage: '会议主题至少 2 个字', maxMessage: '会议主题最多 60 个字' }),
    /** 主持人（姓名，可为支部外人员） */
    host: text({ max: 20, maxMessage: '主持人最多 20 个字' }).default(''),
    /** 记录人：本支部党员；记录人也可以编辑本纪实 */
    recorderId: docId.nullable().default(null),
    blocks: z.array(recordBlock).max(RECORD_LIMITS.blocks, `纪要最多 ${RECORD_LIMITS.blocks} 段`).default([]),
    decisions: z.array(decisionInput).max(RECORD_LIMITS.decisions, `决议事项最多 ${RECORD_LIMITS.decisions} 条`).default([]),
    /** lecture.uploadMedia 上传的图片编号 */
    photoIds: z.array(docId).max(RECORD_LIMITS.photos, `照片最多 ${RECORD_LIMITS.photos} 张`).default([]),
    /** 编辑所基于的版本（尚无纪实为 0）；期间他人已保存则拒绝 */
    baseVersion: z.int().min(0),
    requestId: requestId.optional(),
  })
  .superRefine((v, ctx) => {
    const chars = v.blocks.reduce((n, b) => n + b.text.length, 0) + v.decisions.reduce((n, d) => n + d.text.length, 0)
    if (chars > RECORD_LIMITS.chars) ctx.addIssue({ code: 'custom', path: ['blocks'], message: `纪要与决议合计最多 ${RECORD_LIMITS.chars} 字` })
    const ids = v.decisions.flatMap((d) => (d.id ? [d.id] : []))
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['decisions'], message: '决议重复' })
    if (new Set(v.photoIds).size !== v.photoIds.length) ctx.addIssue({ code: 'custom', path: ['photoIds'], message: '照片重复' })
  })
export type SaveRecordInput = z.output<typeof saveRecordInput>

export const person = z.object({ id: z.string(), name: z.string() })

export const decisionView = z.object({
  id: z.string(),
  text: z.string(),
  owner: person,
  deadline: z.string(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  /** 未完成且已过期限（按北京时间日期与当前时间判断） */
  overdue: z.boolean(),
})
export type DecisionView = z.infer<typeof decisionView>

export const recordView = z.object({
  activityId: z.string(),
  topic: z.string(),
  host: z.string(),
  recorder: person.nullable(),
  blocks: z.array(recordBlock),
  decisions: z.array(decisionView),
  /** url 为空：存储暂时无法生成访问地址 */
  photos: z.array(z.object({ fileId: z.string(), url: z.string() })),
  version: z.int(),
  updatedAt: z.string(),
  updatedByName: z.string(),
})
export type RecordView = z.infer<typeof recordView>

export const recordAuditLine = z.object({ at: z.string(), byName: z.string(), fields: z.array(z.string()), afterEnd: z.boolean() })

export const getRecordInput = z.object({ action: z.literal('getRecord'), activityId: docId })
export type GetRecordInput = z.output<typeof getRecordInput>
export const getRecordOutput = z.object({
  activity: z.object({ id: z.string(), title: z.string(), kindLabel: z.string(), startAt: z.string(), endAt: z.string(), place: z.string(), status: z.enum(['scheduled', 'cancelled']) }),
  /** 尚未填写时为 null */
  record: recordView.nullable(),
  /** 调用者可否编辑（本支部书记、党委管理员、本纪实的记录人） */
  canEdit: z.boolean(),
  /** 可选的记录人、责任人（仅可编辑者获得；其他人为空） */
  people: z.array(person),
  /** 修改记录，最近的在前（最多 20 条） */
  audit: z.array(recordAuditLine),
})
export type GetRecordOutput = z.infer<typeof getRecordOutput>

export const saveRecordOutput = z.object({ record: recordView, changed: z.boolean() })

export const setDecisionStateInput = z.object({ action: z.literal('setDecisionState'), activityId: docId, decisionId: docId, done: z.boolean() })
export type SetDecisionStateInput = z.output<typeof setDecisionStateInput>
export const setDecisionStateOutput = z.object({ decision: decisionView, changed: z.boolean() })

export const listOpenDecisionsInput = z.object({ action: z.literal('listOpenDecisions'), year: z.int().min(2000).max(2100), branchId: docId.optional() })
export type ListOpenDecisionsInput = z.output<typeof listOpenDecisionsInput>
export const listOpenDecisionsOutput = z.object({
  /** 未完成的决议，逾期的在前，再按期限 */
  items: z.array(z.object({ activityId: z.string(), activityTitle: z.string(), activityStartAt: z.string(), decision: decisionView })),
  overdue: z.int(),
})
export type ListOpenDecisionsOutput = z.infer<typeof listOpenDecisionsOutput>

export const exportRecordsInput = z.object({ action: z.literal('exportRecords'), year: z.int().min(2000).max(2100), branchId: docId.optional() })
export type ExportRecordsInput = z.output<typeof exportRecordsInput>
/** 年度纪实台账：xlsx 的 base64 */
export const exportRecordsOutput = z.object({ fileName: z.string(), mimeType: z.string(), base64: z.string() })

export const exportRecordInput = z.object({ action: z.literal('exportRecord'), activityId: docId })
export type ExportRecordInput = z.output<typeof exportRecordInput>

export const recordActions = {
  getRecord: { input: getRecordInput, output: getRecordOutput },
  saveRecord: { input: saveRecordInput, output: saveRecordOutput },
  setDecisionState: { input: setDecisionStateInput, output: setDecisionStateOutput },
  listOpenDecisions: { input: listOpenDecisionsInput, output: listOpenDecisionsOutput },
  exportRecords: { input: exportRecordsInput, output: exportRecordsOutput },
  /** 一次活动的纪实（含出勤名单）：xlsx 的 base64 */
  exportRecord: { input: exportRecordInput, output: exportRecordsOutput },
} as const
