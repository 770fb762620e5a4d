/**
 * The gateway's scheduler: the jobs CloudBase runs on timer triggers, run here on an interval in
 * the gateway's own process (one process per deployment; a second one would only repeat work the
 * jobs already make idempotent). No cron: a fixed interval is all the absence sweep needs.
 *
 * ABSENCE_SWEEP_MINUTES sets the interval (0 turns it off; server/config.ts); unset, it is hourly
 * in prod mode and off in dev mode (the demo and the browser journeys, which sweep by hand).
 */
import type { Runtime } from '../platform/runtime'
import { runAbsenceSweep } from '../domain/points/schedule'

/**
 * Runs `job` every `minutes` (not at start), never two at once (a run still going when the next is
 * due is skipped); failures are logged. Returns the stop function. The timer does not hold the
 * process open.
 */
export function every(minutes: number, job: () => Promise<unknown>, logError: Runtime['logError'], where: string): () => void {
  if (minutes <= 0) return () => {}
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    job()
      .catch((err: unknown) => logError(err, where))
      .finally(() => (running = false))
  }, minutes * 60_000)
  timer.unref()
  return () => clearInterval(timer)
}

/** The absence sweep on the configured interval; returns the stop function. */
export function scheduleAbsenceSweep(runtime: Runtime, minutes: number): () => void {
  return every(minutes, () => runAbsenceSweep(runtime), runtime.logError, 'schedule.absenceSweep')
}
