/**
 * Timer triggers on CloudBase. A cloud function's timer trigger (cloudbaserc.json
 * `functions[].triggers: [{ name, type: 'timer', config: '<7-field cron>' }]`, created by
 * `tcb fn trigger create`; docs.cloudbase.net/cli-v1/functions/trigger — one trigger per function)
 * calls `main` with the event `{ Type: 'Timer', TriggerName, Time, Message }` (the SCF timer event,
 * tencentcloud.com/document/product/583/31439) and a context that names no user: no WX_OPENID,
 * no TCB_UUID (what @cloudbase/node-sdk's getCloudbaseContext reads from `context.environment`,
 * node-sdk src/utils/tcbcontext.ts; the SDK itself has no timer type to check against).
 *
 * The event alone proves nothing: any client can send those fields. So a timer run is recognised
 * only when the context carries no identity as well, and what it runs takes nothing from the
 * event: a client dressed as the timer gets at most what the timer does (one bounded, idempotent
 * run), and one signed in gets the ordinary router's answer (no such action).
 */
import { messageOf } from '../../contracts/errors'
import type { Result } from '../../contracts/result'
import type { Caller } from '../domain/deps'
import type { CloudFunctionMain } from './define-function'
import type { Runtime } from './runtime'

export interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  Time?: string
  Message?: string
}

export function isTimerEvent(event: unknown, triggerName: string): event is TimerEvent {
  if (typeof event !== 'object' || event === null) return false
  const e = event as Record<string, unknown>
  return e.Type === 'Timer' && e.TriggerName === triggerName && !('action' in e)
}

const anonymous = (caller: Caller) => !caller.openid && !caller.deviceId

/**
 * `main` with the timer trigger `triggerName` routed to `job` (given no input but the runtime);
 * every other event, and a timer-shaped one from an identified caller, goes to `main`.
 */
export function withTimer(runtime: Runtime, main: CloudFunctionMain, triggerName: string, job: (runtime: Runtime) => Promise<unknown>): CloudFunctionMain {
  return async (event, context) => {
    if (!isTimerEvent(event, triggerName) || !anonymous(runtime.identify(context))) return main(event, context)
    try {
      return { ok: true, data: await job(runtime) } satisfies Result<unknown>
    } catch (err) {
      runtime.logError(err, `timer.${triggerName}`)
      return { ok: false, error: { code: 'INTERNAL', message: messageOf('INTERNAL') } }
    }
  }
}
