/** Excel export of a station's responses (no identity of any kind exists to export) and its summary. */
import type * as S from '../../../contracts/survey.contract'
import { OVERALL_LABELS } from '../../../contracts/survey.contract'
import type { Caller, Deps, In } from '../deps'
import { C } from '../shared/collections'
import { forEachPage } from '../../store/document-store'
import { toXlsx, XLSX_MIME } from '../../lib/xlsx'
import { cnTime, pct } from '../shared/china-time'
import type { ResponseDoc } from './survey.docs'
import { getStats } from './survey.usecases'

/** The response flags (soft signals written by submitResponse, never refusals) as the secretary reads them. */
const FLAG_LABEL: Readonly<Record<string, string>> = {
  busy_respondent: '同一设备短时多次提交',
  busy_address: '同一网络短时多次提交',
  bad_ticket: '答题凭证无效',
  no_ticket: '无答题凭证',
  // historical name: not timed by the server (see submitResponse), not "answered quickly"
  too_fast: '服务器未计时',
  fast: '作答较快',
  comment_held: '意见待审核',
  comment_unchecked: '意见未经平台审核',
}

export async function exportResponses(deps: Deps, caller: Caller, input: In<S.ExportResponsesInput>): Promise<S.ExportOutputShape> {
  const stats = await getStats(deps, caller, { stationId: input.stationId, from: input.from, to: input.to })
  // One station over one period (≤ 400 days), on the (stationId, day, at) index, streamed page by
  // page: a busy station's year is more than any single read may hold, and no cap stops the export.
  const responses: ResponseDoc[] = []
  await forEachPage<ResponseDoc>(
    deps.store,
    C.surveyResponse,
    { where: { stationId: input.stationId, day: { $gte: stats.from, $lte: stats.to } }, orderBy: [['day', 'asc'], ['at', 'asc']] },
    (docs) => void responses.push(...docs),
  )
  const windowName = new Map(stats.byWindow.map((w) => [w.key.split('|')[1] ?? '', w.name]))
  const aspectKeys = stats.aspects.map((a) => a.key)
  const buffer = await toXlsx([
    {
      name: '汇总',
      title: stats.headline,
      columns: [{ header: '项目', width: 18 }, { header: '数值', width: 40 }],
      rows: [
        ['统计期间', `${stats.from} 至 ${stats.to}`],
        ['计入答卷', stats.total],
        ['好评（满意及以上）', stats.satisfied],
        ['满意度', pct(stats.rate)],
        ['95% 区间', stats.interval ? `${pct(stats.interval.low)}–${pct(stats.interval.high)}` : '—'],
        ['未计入（答题凭证无效）', stats.uncounted],
        ...stats.aspects.map((a) => [`${a.label}平均分`, a.average ?? '—'] as [string, string | number]),
        ...stats.byWindow.map((w) => [w.name, `${w.total} 份，满意度 ${pct(w.rate)}`] as [string, string]),
      ],
    },
    {
      name: '答卷明细',
      columns: [
        { header: '时间', width: 18 },
        { header: '窗口', width: 14 },
        { header: '总体评价', width: 12 },
        ...stats.aspects.map((a) => ({ header: a.label, width: 10 })),
        { header: '意见建议', width: 40 },
        { header: '是否计入', width: 10 },
        { header: '标记', width: 18 },
      ],
      rows: responses.map((r) => [
        cnTime(r.at),
        r.window ? (windowName.get(r.window) ?? r.window) : '全站码',
        OVERALL_LABELS[r.overall - 1] ?? String(r.overall),
        ...aspectKeys.map((k) => r.aspects[k] ?? null),
        r.commentStatus === 'visible' ? (r.comment ?? '') : r.commentStatus === 'none' ? '' : '（待审核/未公开）',
        r.counted ? '是' : '否',
        r.flags.map((f) => FLAG_LABEL[f] ?? f).join('、'),
      ]),
    },
  ])
  return { fileName: `满意度调查_${stats.from}_${stats.to}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}
