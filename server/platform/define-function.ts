/**
 * The cloud-function kit: an action router that reads identity from the context, parses the event
 * with the action's zod contract, calls the use case and maps the outcome to the Result envelope.
 * Nothing raw is thrown to the client; event, context and env are never echoed back.
 */
import type { z } from '../../contracts/z'
import { messageOf } from '../../contracts/errors'
import type { ErrorIssue, Result } from '../../contracts/result'
import type { Caller, Deps } from '../domain/deps'
import { AppError } from '../domain/errors'
import { InvalidCursorError } from '../store/document-store'
import type { Runtime } from './runtime'

type Contract = { input: z.ZodType; output: z.ZodType }
type Contracts = Record<string, Contract>

export type ActionImpl<C extends Contract> = (
  deps: Deps,
  caller: Caller,
  input: z.output<C['input']>,
) => Promise<z.input<C['output']>>

export type CloudFunctionMain = (event: unknown, context: unknown) => Promise<Result<unknown>>

/** Flattens zod issues to `{ path, message }` with Chinese messages. */
export function flattenIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

function failure(code: AppError['code'], message?: string, issues?: ErrorIssue[]): Result<never> {
  return { ok: false, error: { code, message: message ?? messageOf(code), ...(issues ? { issues } : {}) } }
}

export function defineFunction<C extends Contracts>(
  name: string,
  contracts: C,
  actions: { [A in keyof C]: ActionImpl<C[A]> },
): (runtime: Runtime) => CloudFunctionMain {
  return (runtime) => async (event, context) => {
    const caller = runtime.identify(context)
    const action =
      typeof event === 'object' && event !== null ? (event as { action?: unknown }).action : undefined
    if (typeof action !== 'string' || !Object.hasOwn(contracts, action)) {
      return failure('UNKNOWN_ACTION', typeof action === 'string' ? `不支持的操作：${action.slice(0, 40)}` : '缺少 action')
    }
    const contract = contracts[action] as Contract
    const impl = actions[action] as ActionImpl<Contract>
    // WeChat adds `userInfo` to every event; identity comes from the context, so drop it unread.
    const { userInfo: _ignored, ...payload } = event as Record<string, unknown>
    const parsed = contract.input.safeParse(payload)
    if (!parsed.success) return failure('VALIDATION', undefined, flattenIssues(parsed.error))
    try {
      const data = await impl(runtime, caller, parsed.data)
      return { ok: true, data: contract.output.parse(data) }
    } catch (err) {
      if (err instanceof AppError) return failure(err.code, err.message, err.issues)
      if (err instanceof InvalidCursorError) return failure('VALIDATION', undefined, [{ path: 'cursor', message: '分页参数无效，请从第一页重新加载' }])
      runtime.logError(err, `${name}.${action}`)
      return failure('INTERNAL')
    }
  }
}
