/**
 * The one typed entry to the cloud functions: `api.<function>.<action>(input)`, typed from the
 * contract registry (`contracts/functions.ts`) — a new action in a contract is callable here with
 * its input and output types and nothing to write by hand.
 *
 * @example const res = await api.activity.getActivity({ activityId })
 *
 * Built on two small Proxies so no action list (and no zod schema) is pulled into the main package:
 * the names are only types. An action whose input has no required field may be called with none.
 */
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '../../contracts/functions'
import type { Result } from '../../contracts/result'
import { callFunction } from './client'

type Call<F extends FunctionName, A extends ActionName<F>> = Partial<ActionInput<F, A>> extends ActionInput<F, A>
  ? (input?: ActionInput<F, A>) => Promise<Result<ActionOutput<F, A>>>
  : (input: ActionInput<F, A>) => Promise<Result<ActionOutput<F, A>>>

export type Api = { readonly [F in FunctionName]: { readonly [A in ActionName<F>]: Call<F, A> } }

const functions = new Map<string, object>()

function functionClient(name: string): object {
  let client = functions.get(name)
  if (!client) {
    const actions = new Map<string, (input?: object) => Promise<unknown>>()
    client = new Proxy(
      {},
      {
        get(_target, action) {
          if (typeof action !== 'string') return undefined
          let call = actions.get(action)
          if (!call) {
            call = (input?: object) =>
              callFunction(name as FunctionName, action as never, (input ?? {}) as never)
            actions.set(action, call)
          }
          return call
        },
      },
    )
    functions.set(name, client)
  }
  return client
}

export const api = new Proxy({} as Api, {
  get(_target, name) {
    return typeof name === 'string' ? functionClient(name) : undefined
  },
})

export type { Result }
export { NETWORK_ERROR_MESSAGE, errorCodeOf } from './client'
