/**
 * The lecture list a page at a time (`lecture.listLectures` on its keyset cursor), for the 学习 tab
 * and 课程管理: the first page when `input` changes (and, with `refreshOnShow`, again each time the
 * page shows, as many lectures as were loaded, up to 50, so studying one does not lose the place),
 * `more()` appends the next page; the counts (`total`, `completed`) come with the first page.
 */
import { useCallback, useRef, useState } from 'react'
import { api } from '../api'
import type { LectureSummary } from '../api/lecture'
import { toast } from '../utils/feedback'
import { useQuery } from './use-query'

export interface LecturePages {
  lectures: LectureSummary[]
  next: string | null
  total: number | null
  completed: number | null
}

const PAGE = 20
const MAX_PAGE = 50

/** `input` null: nothing to load yet. */
export function useLecturePages(input: { columnId?: string; includeUnpublished?: boolean } | null, options: { refreshOnShow?: boolean } = {}) {
  const loaded = useRef(0)
  const key = input ? `${input.columnId ?? ''}|${input.includeUnpublished ? 1 : 0}` : null
  const shownKey = useRef(key)
  const query = useQuery<LecturePages>(
    input
      ? async () => {
          // A new column starts at one page; a refresh of the same list keeps what was loaded.
          const limit = shownKey.current === key ? Math.min(MAX_PAGE, Math.max(PAGE, loaded.current)) : PAGE
          shownKey.current = key
          const res = await api.lecture.listLectures({ ...input, limit })
          if (res.ok) loaded.current = res.data.lectures.length
          return res
        }
      : null,
    [key],
    { refreshOnShow: options.refreshOnShow },
  )
  const [loadingMore, setLoadingMore] = useState(false)
  const busy = useRef(false)
  const { data, mutate } = query

  const more = useCallback(async () => {
    const cursor = data?.next
    if (!input || !cursor || busy.current) return
    busy.current = true
    setLoadingMore(true)
    const res = await api.lecture.listLectures({ ...input, limit: PAGE, cursor })
    busy.current = false
    setLoadingMore(false)
    if (!res.ok) return toast(res.error.message)
    mutate((d) => {
      // An answer for a list that was reloaded meanwhile is dropped.
      if (d.next !== cursor) return d
      const have = new Set(d.lectures.map((l) => l.id))
      const lectures = [...d.lectures, ...res.data.lectures.filter((l) => !have.has(l.id))]
      loaded.current = lectures.length
      return { ...d, lectures, next: res.data.next }
    })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data?.next, key, mutate])

  return { query, more, loadingMore }
}
