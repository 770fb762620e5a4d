/**
 * Study heartbeats. The server, not this page, decides how long someone studied: it credits the
 * wall-clock time between two heartbeats when the earlier one said `playing` (at most 20 s a beat)
 * and ignores beats closer than 5 s. So the page only says what is happening — every 10 s while
 * playing or reading, and at once on each change (play, pause, end, hide, reaching the end) — and
 * shows whatever progress the server answers. Beats are sent one at a time; a change within 5 s of
 * the previous beat is sent when the server will listen to it, so a pause is never lost.
 */
import { useCallback, useEffect, useRef } from 'react'
import type { ReportProgressOutput } from '../../../api/lecture'
import { api } from '../../../api'

/** How often a beat is sent while playing / reading. */
export const BEAT_MS = 10_000
/** Just over the server's MIN_BEAT_GAP_MS (5 s), so a deferred beat is not ignored. */
const MIN_GAP_MS = 5_300

export interface BeatSnapshot {
  /** 播放位置（秒）；图文为页面在前台的累计秒数 */
  positionSec: number
  /** 正在播放 / 页面在前台阅读 */
  playing: boolean
  /** 图文已读到末尾 */
  atEnd: boolean
}

export interface HeartbeatOptions {
  lectureId: string
  /** false: nothing is sent (not a member, a draft, or already completed) */
  enabled: boolean
  /** The current state, read when a beat is actually sent. */
  read: () => BeatSnapshot
  onResult: (out: ReportProgressOutput) => void
  onError: (message: string) => void
}

const payload = (lectureId: string, s: BeatSnapshot) => ({
  lectureId,
  positionSec: Math.min(Math.max(0, Math.round(s.positionSec * 10) / 10), 24 * 3600),
  playing: s.playing,
  ...(s.atEnd ? { atEnd: true } : {}),
})

/** Returns `beat`: call it whenever playing / visibility / end-reached changes. */
export function useHeartbeat(options: HeartbeatOptions): { beat: () => void } {
  const opts = useRef(options)
  opts.current = options
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const inFlight = useRef(false)
  const pending = useRef(false)
  const lastAt = useRef(0)
  const last = useRef<BeatSnapshot | null>(null)

  const clear = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  const alive = useRef(true)
  const self = useRef<() => void>(() => undefined)
  // A timer's beat: the timer is spent once it fires.
  const later = useCallback(() => {
    timer.current = null
    self.current()
  }, [])

  const beat = useCallback(() => {
    const o = opts.current
    if (!alive.current || !o.enabled || !o.lectureId) {
      clear()
      return
    }
    if (inFlight.current) {
      pending.current = true
      return
    }
    const snap = o.read()
    const since = Date.now() - lastAt.current
    const prev = last.current
    // The server always takes "reached the end" at once; anything else within 5 s it ignores.
    if (prev && since < MIN_GAP_MS && !(snap.atEnd && !prev.atEnd)) {
      if (prev.playing === snap.playing) {
        // Nothing new to say: keep the regular beat going.
        if (!timer.current && snap.playing) timer.current = setTimeout(later, BEAT_MS - since)
        return
      }
      // A change the server would miss (and keep believing the previous state): say it a bit later.
      clear()
      timer.current = setTimeout(later, MIN_GAP_MS - since)
      return
    }
    clear()
    inFlight.current = true
    lastAt.current = Date.now()
    last.current = snap
    void api.lecture.reportProgress(payload(o.lectureId, snap)).then((res) => {
      inFlight.current = false
      if (!alive.current) return
      const now = opts.current
      if (res.ok) now.onResult(res.data)
      else now.onError(res.error.message)
      if (pending.current) {
        pending.current = false
        beat()
        return
      }
      clear()
      if (now.enabled && now.read().playing) timer.current = setTimeout(later, BEAT_MS)
    })
  }, [later])
  self.current = beat

  // Leaving the page while playing: one last beat so the server stops counting now.
  useEffect(() => {
    alive.current = true
    return () => {
      alive.current = false
      clear()
      const o = opts.current
      if (o.enabled && o.lectureId && last.current?.playing) {
        void api.lecture.reportProgress(payload(o.lectureId, { ...o.read(), playing: false }))
      }
    }
  }, [])

  return { beat }
}
