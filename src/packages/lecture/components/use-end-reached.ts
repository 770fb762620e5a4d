/**
 * Tells when the reader has reached the end marker of an article. An intersection observer, not
 * only "reach bottom": a short article that fits on the screen shows its end at once, and the
 * observer reports that on its first check. In a browser it is the native IntersectionObserver on
 * the marker element itself (Taro H5 keeps earlier pages in the DOM, so an id lookup could find the
 * wrong page's marker); in the mini-program it is `Taro.createIntersectionObserver` on this page.
 * `useReachBottom` stays as a second signal.
 */
import { useEffect, useRef, type RefObject } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { isH5 } from '../../../env'

export function useEndReached(active: boolean, markerId: string, markerRef: RefObject<unknown>, onEnd: () => void): void {
  const cb = useRef(onEnd)
  cb.current = onEnd

  useReachBottom(() => {
    if (active) cb.current()
  })

  useEffect(() => {
    if (!active) return
    if (isH5) {
      const el = markerRef.current
      if (typeof IntersectionObserver === 'undefined' || !(el instanceof Element)) return
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) cb.current()
      })
      io.observe(el)
      return () => io.disconnect()
    }
    const page = Taro.getCurrentInstance().page
    if (!page) return
    let observer: Taro.IntersectionObserver | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    // The page may be covered by another one it opened (the secretary's 学习情况) before the observer
    // is made: the render layer then cannot find this page's view. Wait until it is on top again.
    const onTop = () => {
      const pages = Taro.getCurrentPages()
      const top = pages[pages.length - 1] as { route?: string } | undefined
      return top === page || (top?.route !== undefined && top.route === (page as { route?: string }).route)
    }
    const attach = () => {
      if (!onTop()) {
        timer = setTimeout(attach, 300)
        return
      }
      observer = Taro.createIntersectionObserver(page, { thresholds: [0] })
      observer.relativeToViewport({ bottom: 0 }).observe(`#${markerId}`, (res) => {
        if ((res.intersectionRatio ?? 0) > 0) cb.current()
      })
    }
    // The marker must be on the page (one setData later) before it can be observed.
    timer = setTimeout(attach, 100)
    return () => {
      clearTimeout(timer)
      observer?.disconnect()
    }
  }, [active, markerId, markerRef])
}
