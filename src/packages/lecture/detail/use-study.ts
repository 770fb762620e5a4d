/**
 * Studying a lecture on this page: what the heartbeat reports and when. Progress is only ever the
 * server's answer: a beat every 10 s (and on play / pause / end / hide / reaching the article's end)
 * sends the position and whether the lecture is being played or read; the server counts real time
 * between beats. An article counts as being read while the page is shown and the browser tab is
 * visible; media pauses when either stops.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { api } from '../../../api'
import type { LectureDetail, ProgressView, ReportProgressOutput, SubmitQuizOutput } from '../../../api/lecture'
import { isH5 } from '../../../env'
import { useInnerAudio } from '../components/audio-player'
import { useEndReached } from '../components/use-end-reached'
import { useHeartbeat, type BeatSnapshot } from '../components/use-heartbeat'
import { END_ID } from './lecture-body'

export interface VideoHandlers {
  onPlay: () => void
  /** paused, ended or failed */
  onStop: () => void
  onTime: (sec: number) => void
}

/** `lecture` null while loading; `counted`: the caller's study counts here (a member, not a manager's preview). */
export function useStudy(lectureId: string, lecture: LectureDetail | null, counted: boolean) {
  const [progress, setProgress] = useState<ProgressView | null>(null)
  const [points, setPoints] = useState(0)
  const [justCompleted, setJustCompleted] = useState(false)
  const [atEndShown, setAtEndShown] = useState(false)
  const [syncError, setSyncError] = useState('')
  // The loaded lecture's progress, taken while rendering (no frame without it)
  const [seen, setSeen] = useState<LectureDetail | null>(null)
  if (lecture !== seen) {
    setSeen(lecture)
    setProgress(lecture?.progress ?? null)
  }

  // What the heartbeat reports: refs, read at the moment a beat is sent.
  const shown = useRef(true)
  const docVisible = useRef(true)
  const atEnd = useRef(false)
  const readMs = useRef(0)
  const readingSince = useRef<number | null>(null)
  const videoPlaying = useRef(false)
  const videoPos = useRef(0)
  const endRef = useRef<HTMLElement | null>(null)
  const beatRef = useRef<() => void>(() => undefined)

  const kind = lecture?.kind ?? null
  const studying = counted && !!lecture && lecture.status === 'published' && progress !== null && progress.state !== 'completed'
  const audio = useInnerAudio(kind === 'audio' ? (lecture?.mediaUrl ?? null) : null, lecture?.durationSec ?? 0, () => beatRef.current())

  const read = (): BeatSnapshot => {
    if (kind === 'audio') return { positionSec: audio.positionRef.current, playing: audio.playingRef.current, atEnd: false }
    if (kind === 'video') return { positionSec: videoPos.current, playing: videoPlaying.current, atEnd: false }
    const open = readingSince.current
    const ms = readMs.current + (open === null ? 0 : Date.now() - open)
    return { positionSec: ms / 1000, playing: readingSince.current !== null, atEnd: atEnd.current }
  }

  const onResult = (out: ReportProgressOutput) => {
    setSyncError('')
    setProgress(out.progress)
    if (out.completed && out.points > 0) setPoints(out.points)
    if (out.completed && progress?.state !== 'completed') setJustCompleted(true)
  }

  const { beat } = useHeartbeat({ lectureId, enabled: studying, read, onResult, onError: setSyncError })
  beatRef.current = beat

  const syncReading = useCallback(() => {
    const on = kind === 'article' && shown.current && docVisible.current
    if (on && readingSince.current === null) readingSince.current = Date.now()
    if (!on && readingSince.current !== null) {
      readMs.current += Date.now() - readingSince.current
      readingSince.current = null
    }
  }, [kind])

  // Start reading (and the first heartbeat) once an article is on screen.
  useEffect(() => {
    if (!studying || kind !== 'article') return
    syncReading()
    beat()
  }, [studying, kind, syncReading, beat])

  const reachEnd = () => {
    if (atEnd.current || kind !== 'article') return
    atEnd.current = true
    setAtEndShown(true)
    beat()
  }
  useEndReached(kind === 'article' && !!lecture, END_ID, endRef, reachEnd)

  const visibilityChanged = () => {
    syncReading()
    if (!shown.current || !docVisible.current) {
      audio.pause()
      if (kind === 'video') Taro.createVideoContext('lecture-video').pause()
    }
    beat()
  }
  useDidShow(() => {
    shown.current = true
    visibilityChanged()
  })
  useDidHide(() => {
    shown.current = false
    visibilityChanged()
  })
  const visibilityChangedRef = useRef(visibilityChanged)
  visibilityChangedRef.current = visibilityChanged
  // A browser tab in the background (screen locked, another app) is not being read.
  useEffect(() => {
    if (!isH5 || typeof document === 'undefined') return
    const onChange = () => {
      docVisible.current = document.visibilityState !== 'hidden'
      visibilityChangedRef.current()
    }
    document.addEventListener('visibilitychange', onChange)
    return () => document.removeEventListener('visibilitychange', onChange)
  }, [])

  const video: VideoHandlers = {
    onPlay: () => {
      videoPlaying.current = true
      beat()
    },
    onStop: () => {
      videoPlaying.current = false
      beat()
    },
    onTime: (sec) => {
      videoPos.current = sec
    },
  }

  /** After a quiz: its points, and the progress as the server has it now. */
  const onQuiz = async (out: SubmitQuizOutput) => {
    if (out.points > 0) setPoints(out.points)
    if (out.completed) setJustCompleted(true)
    const res = await api.lecture.getLecture({ lectureId })
    if (res.ok) setProgress(res.data.lecture.progress)
  }

  return { progress, points, justCompleted, atEndShown, syncError, endRef, audio, video, onQuiz }
}
