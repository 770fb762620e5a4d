/**
 * A runtime is what a cloud function is wired to: adapters for storage, clock and ids, and how to
 * read the caller's identity from the platform's call context. CloudBase, the local gateway and
 * the tests each build one; the handler code is the same for all three.
 */
import type { Caller, Deps } from '../domain/deps'

export interface Runtime extends Deps {
  /** Reads the caller from the platform's call context (never from the event). */
  identify(context: unknown): Caller
  /** Where faults are logged (the client only ever sees `INTERNAL`). */
  logError(error: unknown, where: string): void
}

/**
 * The CloudBase-shaped context the gateway and tests build: CloudBase hands a function
 * `context.environment` as a JSON string holding `WX_OPENID` for mini-program callers.
 */
export function contextFor(openid: string | null, extra: Record<string, string> = {}): Record<string, unknown> {
  const environment: Record<string, string> = { ...extra }
  if (openid) environment.WX_OPENID = openid
  return { request_id: `local-${Date.now().toString(36)}`, environment: JSON.stringify(environment) }
}

/** Reads `WX_OPENID` from a CloudBase-shaped context; anything malformed means "no identity". */
export function identifyFromEnvironment(context: unknown): Caller {
  if (typeof context !== 'object' || context === null) return { openid: null }
  const raw = (context as { environment?: unknown }).environment
  if (typeof raw !== 'string') return { openid: null }
  try {
    const env = JSON.parse(raw) as { WX_OPENID?: unknown; DEVICE_ID?: unknown; WX_CLIENTIP?: unknown }
    const openid = typeof env.WX_OPENID === 'string' && env.WX_OPENID.trim() ? env.WX_OPENID : null
    const deviceId = typeof env.DEVICE_ID === 'string' && env.DEVICE_ID.length >= 16 ? env.DEVICE_ID : null
    const clientIp = typeof env.WX_CLIENTIP === 'string' && env.WX_CLIENTIP ? env.WX_CLIENTIP : null
    return { openid, deviceId, clientIp }
  } catch {
    return { openid: null }
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null)

/**
 * The caller from the merged CloudBase context (`getCloudbaseContext(context)`: the call context,
 * then process.env for the keys WX_CONTEXT_KEYS / TCB_CONTEXT_KEYS list): the WeChat OPENID; for a
 * web user signed in through @cloudbase/js-sdk (anonymously, no OPENID) the CloudBase user id as a
 * device id, so the survey's respondent key comes from it; the client address.
 */
export function callerFromCloudbaseContext(ctx: Record<string, unknown>): Caller {
  const openid = text(ctx.WX_OPENID)
  const uid = text(ctx.TCB_UUID)
  const clientIp = text(ctx.WX_CLIENTIP) ?? text(ctx.TCB_SOURCE_IP)
  return { openid, deviceId: !openid && uid ? `tcb-uid:${uid}` : null, clientIp }
}
