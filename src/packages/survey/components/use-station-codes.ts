/** 一个收费站的全部评价码（二维码页与打印页共用）：每次显示页面时重新读取，只采用最后一次请求的结果（the one data-fetching hook）。 */
import { api } from '../../../api'
import type { ListCodesOutput } from '../../../api/survey'
import { useQuery, type Query } from '../../../hooks/use-query'

const NO_STATION = { ok: false, error: { code: 'SURVEY.STATION_NOT_FOUND', message: '找不到该收费站' } } as const

export function useStationCodes(stationId: string): Query<ListCodesOutput> {
  return useQuery(() => (stationId ? api.survey.listCodes({ stationId }) : Promise.resolve(NO_STATION)), [stationId], { refreshOnShow: true })
}
