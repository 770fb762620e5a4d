/**
 * The one "who am I" (`member.getMe`): one request at a time however many hooks ask at once, the
 * last answer kept for the next page to show at once while it asks again (each time a page shows).
 * The cache belongs to the identity it was asked with (the debug identity switch starts afresh);
 * `forgetMe()` after anything that changes the caller's own membership (joining a branch).
 */
import { useCallback, useMemo } from 'react'
import type { Result } from '../../contracts/result'
import { api } from '../api'
import { getDevOpenid } from '../api/dev-identity'
import type { GetMeOutput } from '../api/member'
import { useQuery } from './use-query'

let cached: { who: string | null; me: GetMeOutput } | null = null
let inflight: { who: string | null; answer: Promise<Result<GetMeOutput>> } | null = null

/** The caller's identity, role and branch; concurrent callers share one request. */
export function loadMe(): Promise<Result<GetMeOutput>> {
  const who = getDevOpenid()
  if (inflight?.who === who) return inflight.answer
  const answer = api.member.getMe().then((res) => {
    if (inflight?.answer === answer) inflight = null
    if (res.ok) cached = { who, me: res.data }
    return res
  })
  inflight = { who, answer }
  return answer
}

/** The last answer for the current identity, if any. */
export function cachedMe(): GetMeOutput | undefined {
  return cached && cached.who === getDevOpenid() ? cached.me : undefined
}

export function forgetMe(): void {
  cached = null
  inflight = null
}

export type MeState =
  | { status: 'loading' }
  | { status: 'ready'; me: GetMeOutput }
  | { status: 'error'; message: string; code: string }

export function useMe(): { state: MeState; reload: () => void } {
  const query = useQuery(loadMe, [], { refreshOnShow: true, initial: cachedMe(), toastErrors: true })
  const s = query.state
  // One object per answer: pages run effects on it.
  const state = useMemo<MeState>(() => (s.status === 'ready' ? { status: 'ready', me: s.data } : s), [s])
  const { reload: reloadQuery } = query
  const reload = useCallback(() => void reloadQuery(), [reloadQuery])
  return { state, reload }
}
