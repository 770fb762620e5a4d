/** Small schemas reused by several contracts. */
import { z } from './z'

/** ISO 8601 date-time with an offset or `Z`, e.g. `2026-11-22T08:00:00.000Z`. */
export const isoDateTime = z.iso.datetime({ offset: true })

/** A document id as this API hands them out. */
export const docId = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确')

/** True when `s` holds a UTF-16 surrogate without its partner (cannot be stored as text). */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
      else return true
    } else if (c >= 0xdc00 && c <= 0xdfff) return true
  }
  return false
}

/** C0/C1 control characters and DEL; multi-line text keeps `\n` and `\t`. */
const CONTROL_SINGLE = /[\u0000-\u001f\u007f-\u009f]/
const CONTROL_MULTI = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

export interface TextOptions {
  /** 最少字数（去掉首尾空白并规范化之后计） @default 0 */
  min?: number
  max: number
  /** 允许换行与制表符（说明、意见、段落） @default false */
  multiline?: boolean
  /** 字数不足时的提示，如「标题至少 2 个字」 */
  minMessage?: string
  /** 超长时的提示，如「标题最多 40 个字」 */
  maxMessage?: string
}

/**
 * 用户填写的文字：拒绝控制字符（单行文字连换行、制表符也不收）与残缺的 UTF-16 代理项，
 * 换行统一为 `\n`，规范化为 NFC 并去掉首尾空白，之后才检查字数。
 * Every free-text input goes through this, so what reaches the store is always valid text.
 */
export function text(options: TextOptions) {
  const { min = 0, max, multiline = false } = options
  const control = multiline ? CONTROL_MULTI : CONTROL_SINGLE
  return z
    .string()
    .refine((s) => !hasLoneSurrogate(s), '包含无法识别的字符，请删除后重新输入')
    .transform((s) => (multiline ? s.replace(/\r\n?/g, '\n') : s))
    .refine((s) => !control.test(s), multiline ? '包含不可见的控制字符，请删除后重新输入' : '不能包含换行、制表符等控制字符')
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(min, options.minMessage ?? (min <= 1 ? '不能为空' : `至少 ${min} 个字`))
        .max(max, options.maxMessage ?? `最多 ${max} 个字`),
    )
}

/** 角色：党员 / 支部书记 / 党委管理员 */
export const role = z.enum(['member', 'secretary', 'admin'])
export type Role = z.infer<typeof role>

/** A person's real name as written on the roll: 2–20 characters, no digits or symbols. */
export const personName = text({ min: 2, max: 20, minMessage: '姓名至少 2 个字', maxMessage: '姓名最多 20 个字' }).pipe(
  z.string().regex(/^[\p{Script=Han}A-Za-z·•. ]+$/u, '姓名只能包含汉字、字母和间隔号'),
)

/** 客户端为每次提交生成的请求号；同一请求号的重试只生效一次 */
export const requestId = z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, '请求号格式不正确')
