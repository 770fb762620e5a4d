/**
 * The one way pages reach the cloud functions. In weapp a call goes through
 * `Taro.cloud.callFunction` (CloudBase fills in the caller's OPENID); in H5 it is
 * `POST /api/<function>` to the gateway, or — in an H5 build for CloudBase
 * (`TARO_APP_H5_BACKEND=cloudbase`) — `@cloudbase/js-sdk` with anonymous sign-in (cloudbase-web.ts). Either way the answer is the function's Result envelope,
 * and this never throws: a transport failure becomes an `INTERNAL` error with a network message.
 */
import Taro from '@tarojs/taro'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../contracts/functions'
import type { ApiError, Result } from '../../contracts/result'
import { cloudEnvId, isWeapp } from '../env'
import { ensureCloud } from './cloud'
import { DEV_OPENID_HEADER, getDevOpenid } from './dev-identity'

/** 网络不可用或服务端返回了无法识别的内容时给用户看的话 */
export const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试'

/** How long an H5 call may take before it counts as a network failure (ms). */
const H5_TIMEOUT_MS = 20_000

function networkError<T>(): Result<T> {
  return { ok: false, error: { code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE } }
}

/**
 * The code behind each error message the app was recently answered with. Pages keep only the
 * message of a failed load; the shared error view looks the code up here to offer the action that
 * can succeed (重新加载 only for network and server faults, 加入支部 for a non-member…).
 */
const recentCodes = new Map<string, string>()

function remember<T>(result: Result<T>): Result<T> {
  if (!result.ok) {
    recentCodes.delete(result.error.message)
    recentCodes.set(result.error.message, result.error.code)
    if (recentCodes.size > 50) {
      const oldest = recentCodes.keys().next()
      if (!oldest.done) recentCodes.delete(oldest.value)
    }
  }
  return result
}

/** The error code last answered with this message, if any (see `recentCodes`). */
export function errorCodeOf(message: string): string | undefined {
  if (message === NETWORK_ERROR_MESSAGE) return 'NETWORK'
  return recentCodes.get(message)
}

/** Accepts only a well-formed envelope; anything else is treated as a transport failure. */
function asEnvelope<T>(body: unknown): Result<T> {
  if (typeof body !== 'object' || body === null) return networkError()
  const candidate = body as { ok?: unknown; data?: unknown; error?: unknown }
  if (candidate.ok === true && 'data' in candidate) return { ok: true, data: candidate.data as T }
  if (candidate.ok === false && typeof candidate.error === 'object' && candidate.error !== null) {
    const error = candidate.error as { code?: unknown; message?: unknown }
    if (typeof error.code === 'string' && typeof error.message === 'string') {
      return { ok: false, error: candidate.error as ApiError }
    }
  }
  return networkError()
}

async function viaCloud(name: string, data: Record<string, unknown>): Promise<unknown> {
  ensureCloud()
  const res = await Taro.cloud.callFunction({ name, data })
  return res.result
}

let webClient: Promise<{ call(name: string, data: Record<string, unknown>): Promise<unknown> }> | null = null

/** H5 on CloudBase. Behind the literal build switch, so webpack drops the SDK from a gateway build. */
async function viaCloudbaseWeb(name: string, data: Record<string, unknown>): Promise<unknown> {
  if (process.env.TARO_APP_H5_BACKEND === 'cloudbase') {
    webClient ??= import('./cloudbase-web').then((m) => m.cloudbaseWebClient(cloudEnvId))
    return (await webClient).call(name, data)
  }
  throw new Error('not a CloudBase H5 build')
}

async function viaHttp(name: string, data: Record<string, unknown>): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const devOpenid = getDevOpenid()
  if (devOpenid) headers[DEV_OPENID_HEADER] = devOpenid
  const controller = typeof AbortController === 'function' ? new AbortController() : null
  const timer = controller ? setTimeout(() => controller.abort(), H5_TIMEOUT_MS) : null
  try {
    const res = await fetch(`/api/${encodeURIComponent(name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(data),
      signal: controller?.signal,
    })
    // The envelope is the answer whatever the HTTP status (400/403/409 carry error codes).
    return JSON.parse(await res.text()) as unknown
  } finally {
    if (timer) clearTimeout(timer)
  }
}

/**
 * Calls `action` of cloud function `name` and resolves with its Result envelope.
 * @example const res = await callFunction('member', 'getMe', {})
 */
export async function callFunction<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  input: ActionInput<F, A>,
): Promise<Result<ActionOutput<F, A>>> {
  const data: Record<string, unknown> = { ...(input as Record<string, unknown>), action }
  try {
    const body = isWeapp
      ? await viaCloud(name, data)
      : process.env.TARO_APP_H5_BACKEND === 'cloudbase'
        ? await viaCloudbaseWeb(name, data)
        : await viaHttp(name, data)
    return remember(asEnvelope<ActionOutput<F, A>>(body))
  } catch {
    return networkError()
  }
}
