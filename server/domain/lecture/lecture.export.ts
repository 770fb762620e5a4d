/** Excel export of a lecture's study report: each member's state, and each push's reach. */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { toXlsx, XLSX_MIME } from '../../lib/xlsx'
import { cnTime, pct } from '../shared/china-time'
import { getStudyReport } from './reports.usecases'

const STATE = { none: '未开始', in_progress: '学习中', completed: '已完成' } as const

export async function exportStudyReport(deps: Deps, caller: Caller, input: In<L.ExportStudyReportInput>): Promise<L.ExportFileOutput> {
  const r = await getStudyReport(deps, caller, { lectureId: input.lectureId, branchId: input.branchId })
  const buffer = await toXlsx([
    {
      name: '学习情况',
      title: `${r.lecture.columnName}｜${r.lecture.title}｜已完成 ${r.counts.completed}/${r.counts.members}`,
      columns: [{ header: '姓名', width: 12 }, { header: '状态', width: 10 }, { header: '进度', width: 8 }, { header: '完成时间', width: 18 }, { header: '来自推送', width: 24 }],
      rows: r.rows.map((x) => [x.name, STATE[x.state], `${x.percent}%`, cnTime(x.completedAt), x.viaPush ?? '']),
    },
    {
      name: '推送效果',
      columns: [{ header: '推送到', width: 24 }, { header: '推送时间', width: 18 }, { header: '截止时间', width: 18 }, { header: '打开人数' }, { header: '经此完成' }, { header: '截止前完成' }, { header: '完成率' }],
      rows: r.pushes.map((p) => [p.label, cnTime(p.createdAt), cnTime(p.deadline), p.opens, p.completions, p.completedByDeadline, pct(p.rate)]),
    },
    { name: '待提醒', columns: [{ header: '尚未开始学习的党员', width: 20 }], rows: r.remind.map((n) => [n]) },
  ])
  return { fileName: `学习情况_${r.lecture.title}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}
