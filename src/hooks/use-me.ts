/** Loads "who am I" (`member.getMe`) each time the page shows; later answers win over earlier. */
import { useCallback, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { getMe, type GetMeOutput } from '../api/member'
import { toast } from '../utils/feedback'

export type MeState =
  | { status: 'loading' }
  | { status: 'ready'; me: GetMeOutput }
  | { status: 'error'; message: string }

export function useMe(): { state: MeState; reload: () => void } {
  const [state, setState] = useState<MeState>({ status: 'loading' })
  const latest = useRef(0)

  const reload = useCallback(() => {
    const ticket = ++latest.current
    void getMe().then((res) => {
      if (ticket !== latest.current) return
      if (res.ok) {
        setState({ status: 'ready', me: res.data })
      } else {
        setState({ status: 'error', message: res.error.message })
        toast(res.error.message)
      }
    })
  }, [])

  useDidShow(reload)
  return { state, reload }
}
