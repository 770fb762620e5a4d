/**
 * 音频播放器：`Taro.createInnerAudioContext()`（小程序与 Taro H5 都有），播放 / 暂停、可拖动的进度条
 * 与时间。The page learns each change through `onChange` (to send a heartbeat) and reads the live
 * position and state from the returned refs when a heartbeat is sent.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Slider, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { clock } from '../../../utils/lecture-format'

export interface AudioControl {
  playing: boolean
  position: number
  duration: number
  error: string
  toggle: () => void
  pause: () => void
  seek: (sec: number) => void
  /** Live values for heartbeats (no re-render needed to read them). */
  playingRef: { current: boolean }
  positionRef: { current: number }
}

/** One InnerAudioContext for `src`, destroyed with the page. */
export function useInnerAudio(src: string | null, durationHint: number, onChange: () => void): AudioControl {
  const ctxRef = useRef<Taro.InnerAudioContext | null>(null)
  const [playing, setPlaying] = useState(false)
  const [position, setPosition] = useState(0)
  const [duration, setDuration] = useState(durationHint)
  const [error, setError] = useState('')
  const playingRef = useRef(false)
  const positionRef = useRef(0)
  const changed = useRef(onChange)
  changed.current = onChange

  useEffect(() => {
    if (!src) return
    const ctx = Taro.createInnerAudioContext()
    ctxRef.current = ctx
    ctx.src = src
    const setPlayingState = (on: boolean) => {
      if (playingRef.current === on) return
      playingRef.current = on
      setPlaying(on)
      changed.current()
    }
    const readTime = () => {
      positionRef.current = ctx.currentTime || 0
      setPosition(positionRef.current)
      if (ctx.duration && Number.isFinite(ctx.duration)) setDuration(ctx.duration)
    }
    ctx.onCanplay(readTime)
    ctx.onPlay(() => {
      setError('')
      setPlayingState(true)
    })
    ctx.onPause(() => {
      readTime()
      setPlayingState(false)
    })
    ctx.onStop(() => setPlayingState(false))
    ctx.onEnded(() => {
      readTime()
      setPlayingState(false)
    })
    ctx.onTimeUpdate(readTime)
    ctx.onError(() => {
      setError('音频加载失败，请检查网络后重试')
      setPlayingState(false)
    })
    return () => {
      ctxRef.current = null
      ctx.destroy()
      if (playingRef.current) {
        playingRef.current = false
        changed.current()
      }
    }
  }, [src])

  const toggle = useCallback(() => {
    const ctx = ctxRef.current
    if (!ctx) return
    if (playingRef.current) ctx.pause()
    else {
      // Replaying after the end starts from the beginning.
      if (ctx.duration && ctx.currentTime >= ctx.duration - 0.25) ctx.seek(0)
      ctx.play()
    }
  }, [])

  const pause = useCallback(() => {
    if (playingRef.current) ctxRef.current?.pause()
  }, [])

  const seek = useCallback((sec: number) => {
    const ctx = ctxRef.current
    if (!ctx) return
    ctx.seek(sec)
    positionRef.current = sec
    setPosition(sec)
  }, [])

  return { playing, position, duration, error, toggle, pause, seek, playingRef, positionRef }
}

export function AudioPlayer({ audio, title }: { audio: AudioControl; title: string }) {
  const max = Math.max(1, Math.round(audio.duration))
  return (
    <View className='player' id='audio-player'>
      <View className='player__row'>
        <View className={audio.playing ? 'player__btn player__btn--on' : 'player__btn'} id='audio-toggle' onClick={audio.toggle}>
          <Text className='player__icon'>{audio.playing ? '❚❚' : '▶'}</Text>
        </View>
        <View className='player__body'>
          <Text className='player__title'>{title}</Text>
          <Slider
            className='player__slider'
            min={0}
            max={max}
            step={1}
            value={Math.min(max, Math.round(audio.position))}
            activeColor='#c8161d'
            backgroundColor='#e5e5e5'
            blockSize={14}
            blockColor='#c8161d'
            onChange={(e) => audio.seek(Number(e.detail.value))}
          />
          <View className='player__time'>
            <Text id='audio-time'>{clock(audio.position)}</Text>
            <Text>{clock(audio.duration)}</Text>
          </View>
        </View>
      </View>
      <Text className='player__state' id='audio-state'>
        {audio.error || (audio.playing ? '正在播放' : '点击播放开始收听')}
      </Text>
    </View>
  )
}
