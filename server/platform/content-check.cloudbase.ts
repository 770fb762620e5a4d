/**
 * Content checks on CloudBase through WeChat's documented cloud call: `wx-server-sdk`
 * `cloud.openapi.security.msgSecCheck` (needs `"permissions": { "openapi": ["security.msgSecCheck"] }`
 * in the function's config.json, which `npm run build:functions` copies beside the bundle).
 *
 * Read in wx-server-sdk 4.0.2 index.js (src/api/openapi/namespace/generic.ts): the call's data is
 * converted camelCase → snake_case, a WeChat `errcode` is thrown as a CloudSDKError, and the answer
 * comes back camelCased with `errCode: 0` — for msgSecCheck v2 `{ result: { suggest, label }, detail,
 * traceId }`, `suggest` being `pass` | `review` | `risky`. v2 needs the caller's OPENID and the user
 * must have opened the mini-program within 2 hours; at most 2,500 characters.
 *
 * When the platform cannot answer (no OPENID — an H5 caller —, a failed call, an unknown answer),
 * the word list decides, the fallback is logged with its reason (`[contentCheck] fallback`) and the
 * answer is marked `unchecked`: the comment reaches the reviewer marked as not checked by the platform.
 */
import type { Caller, ContentCheck, ContentVerdict } from '../domain/deps'
import { wordListCheck } from './ids'

export interface MsgSecCheckInput {
  content: string
  version: 2
  /** 1 资料 2 评论 3 论坛 4 社交日志 */
  scene: 1 | 2 | 3 | 4
  openid: string
}

export interface MsgSecCheckOutput {
  result?: { suggest?: string; label?: number }
  errCode?: number
}

/** What the check uses of `cloud.openapi.security`. */
export interface SecurityApi {
  msgSecCheck(input: MsgSecCheckInput): Promise<MsgSecCheckOutput>
}

export const MSG_SEC_CHECK_MAX = 2500

export type FallbackReason = 'no_openid' | 'call_failed' | 'unknown_answer'

export interface ContentCheckLog {
  fallback(reason: FallbackReason, detail?: unknown): void
}

const consoleLog: ContentCheckLog = {
  fallback(reason, detail) {
    // One line a fallback, in the function's log: the comment was screened by the word list only.
    console.warn('[contentCheck] fallback to the word list:', reason, detail instanceof Error ? detail.message : (detail ?? ''))
  },
}

/** msgSecCheck through `security()`, the word list (logged) whenever the platform does not answer. */
export function platformContentCheck(security: () => Promise<SecurityApi>, log: ContentCheckLog = consoleLog): ContentCheck {
  return async (text: string, caller: Caller) => {
    if (!caller.openid) {
      log.fallback('no_openid')
      return unchecked(await wordListCheck(text, caller))
    }
    try {
      const api = await security()
      const res = await api.msgSecCheck({ content: text.slice(0, MSG_SEC_CHECK_MAX), version: 2, scene: 2, openid: caller.openid })
      const suggest = res?.result?.suggest
      if (suggest === 'pass') return 'pass'
      if (suggest === 'review' || suggest === 'risky') return 'review'
      log.fallback('unknown_answer', suggest)
    } catch (err) {
      log.fallback('call_failed', err)
    }
    return unchecked(await wordListCheck(text, caller))
  }
}

/** The word list's verdict, marked for the reviewer as not checked by the platform. */
function unchecked(verdict: ContentVerdict | { verdict: ContentVerdict }): { verdict: ContentVerdict; unchecked: true } {
  return { verdict: typeof verdict === 'string' ? verdict : verdict.verdict, unchecked: true }
}

/** For functions that have no platform check wired: the word list, each use logged as a fallback. */
export function wordListOnly(log: ContentCheckLog = consoleLog): ContentCheck {
  return async (text, caller) => {
    log.fallback('call_failed', 'no platform content check in this function')
    return unchecked(await wordListCheck(text, caller))
  }
}

type WxServerSdk = {
  init(config?: { env?: string | symbol }): void
  DYNAMIC_CURRENT_ENV: symbol
  openapi: { security: SecurityApi }
}

let security: Promise<SecurityApi> | undefined

/**
 * wx-server-sdk, loaded on first use (it is external to the bundle and installed by CloudBase from
 * the function's package.json) and initialised once for the environment the function runs in.
 */
export function wxServerSecurity(): Promise<SecurityApi> {
  security ??= import('wx-server-sdk')
    .then((mod) => {
      const cloud = ((mod as { default?: unknown }).default ?? mod) as WxServerSdk
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
      // Not the namespace itself: wx-server-sdk's openapi namespaces are Proxies that make any
      // property an API call, `then` included (index.js, 4.0.2), so a promise resolving to one
      // calls `openapi.security.then` on WeChat instead of resolving. A plain object delegates.
      const api: SecurityApi = { msgSecCheck: (input) => cloud.openapi.security.msgSecCheck(input) }
      return api
    })
    .catch((err: unknown) => {
      security = undefined
      throw err
    })
  return security
}
