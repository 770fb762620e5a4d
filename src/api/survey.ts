/**
 * Typed calls to the `survey` cloud function: toll stations and their printed codes, the public
 * form and submission, the dashboard, comment review, the question set and the Excel export.
 * Type-only imports from the contract: the public survey page loads this without zod.
 */
import type { ActionInput } from '../../contracts/functions'
import { callFunction } from './client'

export type {
  GetFormOutput,
  GetStatsOutput,
  ListCodesOutput,
  ListCommentsOutput,
  StationView,
  SubmitResponseOutput,
  SurveyDefinition,
} from '../../contracts/survey.contract'

/** 新增收费站（支部书记 / 党委管理员；管理员须指定支部）；同一 requestId 只创建一次 */
export const createStation = (input: ActionInput<'survey', 'createStation'>) => callFunction('survey', 'createStation', input)

/** 为收费站添加窗口（同名窗口不重复添加） */
export const addWindows = (input: ActionInput<'survey', 'addWindows'>) => callFunction('survey', 'addWindows', input)

/** 本支部（管理员：全部或指定支部）的收费站 */
export const listStations = (input: ActionInput<'survey', 'listStations'> = {}) => callFunction('survey', 'listStations', input)

/** 收费站的全部二维码：全站码与各窗口码，含完整链接 */
export const listCodes = (input: ActionInput<'survey', 'listCodes'>) => callFunction('survey', 'listCodes', input)

/** A4 打印卡片的 HTML 页面 */
export const printCards = (input: ActionInput<'survey', 'printCards'>) => callFunction('survey', 'printCards', input)

/** 公开：扫码后的问卷（收费站、窗口、题目与答题凭证） */
export const getForm = (input: ActionInput<'survey', 'getForm'>) => callFunction('survey', 'getForm', input)

/** 公开：提交评价；返回是否计入与要展示的感谢语 */
export const submitResponse = (input: ActionInput<'survey', 'submitResponse'>) => callFunction('survey', 'submitResponse', input)

/** 满意度统计：总体、分布、分项、趋势、窗口对比 */
export const getStats = (input: ActionInput<'survey', 'getStats'>) => callFunction('survey', 'getStats', input)

/** 意见建议：已公开（visible）或待审核（held） */
export const listComments = (input: ActionInput<'survey', 'listComments'>) => callFunction('survey', 'listComments', input)

/** 审核一条待审核的意见：通过 / 不通过 */
export const reviewComment = (input: ActionInput<'survey', 'reviewComment'>) => callFunction('survey', 'reviewComment', input)

/** 当前问卷题目 */
export const getDefinition = (input: ActionInput<'survey', 'getDefinition'> = {}) => callFunction('survey', 'getDefinition', input)

/** 修改问卷题目（生成新版本，已有答卷保留原版本） */
export const updateDefinition = (input: ActionInput<'survey', 'updateDefinition'>) =>
  callFunction('survey', 'updateDefinition', input)

/** 导出答卷明细（xlsx 的 base64） */
export const exportResponses = (input: ActionInput<'survey', 'exportResponses'>) =>
  callFunction('survey', 'exportResponses', input)
