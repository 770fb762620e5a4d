/**
 * The refresh loop behind a rotating code, shared by the secretary's sign-in screen (the
 * activity's code) and 我的签到码 (the member's personal code). While the page shows — and, in a
 * browser, while the tab is visible — it fetches, lets the page apply the answer and fetches again
 * when the page says; an answer that arrives after the page hid, or after a newer fetch began, is
 * dropped. A 1 s ticker (`now`) drives the countdown and hides a code past its validity, and the
 * screen is kept on so the code does not go dark while it is scanned.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { isH5, isWeapp } from '../../../env'

/** Best effort: some platforms reject the call, some throw or return no promise; the QR works without it. */
function keepScreenOn(on: boolean): void {
  if (!isWeapp) return
  try {
    void Promise.resolve(Taro.setKeepScreenOn({ keepScreenOn: on })).catch(() => undefined)
  } catch {
    // Not available here: the screen may dim, nothing else changes.
  }
}

export interface RotatingCode<R> {
  /** One fetch, or null when there is nothing to fetch. Keep it stable (useCallback). */
  request: () => Promise<R> | null
  /**
   * Shows an answer received at local time `at`; returns the milliseconds until the next fetch, or
   * null to fetch no more (an error that fetching again cannot mend). Keep it stable.
   */
  apply: (res: R, at: number) => number | null
  /** Runs each time the page shows, before the first fetch; `false` keeps the loop stopped. */
  onStart?: () => boolean | void
}

/** Runs the loop while the page shows; resolves `now` (ticking each second) and `refresh` (fetch at once). */
export function useRotatingCode<R>({ request, apply, onStart }: RotatingCode<R>) {
  const [now, setNow] = useState(() => Date.now())
  const active = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null)
  const tickets = useRef(0)

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  const refresh = useCallback(async (): Promise<void> => {
    clearTimer()
    if (!active.current) return
    const pending = request()
    if (!pending) return
    const ticket = ++tickets.current
    const res = await pending
    if (!active.current || ticket !== tickets.current) return
    const next = apply(res, Date.now())
    if (next === null) return
    clearTimer()
    timer.current = setTimeout(() => void refresh(), next)
  }, [request, apply])

  const stop = useCallback(() => {
    active.current = false
    tickets.current++
    clearTimer()
    if (ticker.current) clearInterval(ticker.current)
    ticker.current = null
    keepScreenOn(false)
  }, [])

  const start = useCallback(() => {
    if (onStart?.() === false) return
    active.current = true
    keepScreenOn(true)
    setNow(Date.now())
    if (!ticker.current) ticker.current = setInterval(() => setNow(Date.now()), 1000)
    void refresh()
  }, [onStart, refresh])

  const shown = useRef(false)
  useDidShow(() => {
    shown.current = true
    start()
  })
  useDidHide(() => {
    shown.current = false
    stop()
  })
  useEffect(() => stop, [stop])

  // In a browser, a hidden tab (screen locked, another app) stops fetching; it fetches a fresh code on return.
  useEffect(() => {
    if (!isH5 || typeof document === 'undefined') return
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') stop()
      else if (shown.current && !active.current) start()
    }
    document.addEventListener('visibilitychange', onVisibility)
    return () => document.removeEventListener('visibilitychange', onVisibility)
  }, [start, stop])

  return { now, refresh }
}
