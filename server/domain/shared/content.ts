/**
 * Screening user text (survey comments, lecture ratings) through the runtime's ContentCheck, as one
 * answer for the use cases: shown at once or held for a person, and whether the platform's own check
 * (WeChat msgSecCheck on CloudBase) could not give its verdict — the word list decided instead, and
 * the reviewer is told so.
 */
import type { Caller, Deps } from '../deps'

export interface Screened {
  status: 'visible' | 'held'
  /** The platform's check was due but did not answer: only the word list screened this text. */
  platformUnchecked: boolean
}

export async function screenText(deps: Deps, text: string, caller: Caller): Promise<Screened> {
  const answer = await deps.contentCheck(text, caller)
  const verdict = typeof answer === 'string' ? answer : answer.verdict
  return { status: verdict === 'pass' ? 'visible' : 'held', platformUnchecked: typeof answer !== 'string' && answer.unchecked }
}
