/** Small schemas reused by several contracts. */
import { z } from './z'

/** ISO 8601 date-time with an offset or `Z`, e.g. `2026-11-22T08:00:00.000Z`. */
export const isoDateTime = z.iso.datetime({ offset: true })

/** A document id as this API hands them out. */
export const docId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确')

/** 角色：党员 / 支部书记 / 党委管理员 */
export const role = z.enum(['member', 'secretary', 'admin'])
export type Role = z.infer<typeof role>

/** A person's real name as written on the roll: 2–20 characters, no digits or symbols. */
export const personName = z
  .string()
  .trim()
  .min(2, '姓名至少 2 个字')
  .max(20, '姓名最多 20 个字')
  .regex(/^[\p{Script=Han}A-Za-z·•. ]+$/u, '姓名只能包含汉字、字母和间隔号')

/** 客户端为每次提交生成的请求号；同一请求号的重试只生效一次 */
export const requestId = z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, '请求号格式不正确')
