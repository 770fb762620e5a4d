/** 一个收费站的全部评价码（二维码页与打印页共用）：每次显示页面时重新读取，只采用最后一次请求的结果。 */
import { useCallback, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { api } from '../../../api'
import type { ListCodesOutput } from '../../../api/survey'

export type StationCodesState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ListCodesOutput }

export function useStationCodes(stationId: string): { state: StationCodesState; load: () => Promise<void> } {
  const [state, setState] = useState<StationCodesState>({ status: 'loading' })
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    if (!stationId) {
      setState({ status: 'error', message: '找不到该收费站' })
      return
    }
    const res = await api.survey.listCodes({ stationId })
    if (ticket !== latest.current) return
    setState(res.ok ? { status: 'ready', data: res.data } : { status: 'error', message: res.error.message })
  }, [stationId])

  useDidShow(() => {
    void load()
  })

  return { state, load }
}
