/** The envelope every action answers with: `{ ok: true, data } | { ok: false, error }`. */
import type { ErrorCode } from './errors'

export interface ErrorIssue {
  /** 出错字段的路径，如 `name` 或 `windows.2` */
  path: string
  message: string
}

export interface ApiError {
  code: ErrorCode
  message: string
  issues?: ErrorIssue[]
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }
