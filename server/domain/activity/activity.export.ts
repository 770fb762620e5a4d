/** Excel exports for the secretary: one activity's attendance, and a year's summary per member. */
import type * as A from '../../../contracts/activity.contract'
import type { Caller, Deps, In } from '../deps'
import { toXlsx, XLSX_MIME } from '../../lib/xlsx'
import { cnTime, pct } from '../shared/china-time'
import { absenceAlerts, attendanceStats, listAttendance } from './attendance.usecases'

const AUDIT_LABEL = { makeup: '补录', revoke: '撤销补录', leave_approved: '批准请假', leave_rejected: '驳回请假', relay_confirm: '核实保留签到', relay_revoke: '撤销转发签到' } as const

export async function exportAttendance(deps: Deps, caller: Caller, input: In<A.ExportAttendanceInput>): Promise<A.ExportOutput> {
  const att = await listAttendance(deps, caller, { activityId: input.activityId })
  const a = att.activity
  const buffer = await toXlsx([
    {
      name: '出勤明细',
      title: `${a.kindLabel}｜${a.title}｜${cnTime(a.startAt)}｜${a.place}`,
      columns: [
        { header: '姓名', width: 12 },
        { header: '状态', width: 10 },
        { header: '签到时间', width: 18 },
        { header: '位置', width: 8 },
        { header: '请假原因', width: 24 },
        { header: '补录与审批记录', width: 48 },
      ],
      rows: att.rows.map((r) => [
        r.name,
        r.stateLabel,
        cnTime(r.signedAt),
        r.locationFlag === 'provided' ? '已提供' : '',
        r.leaveReason ?? '',
        r.audit.map((x) => `${cnTime(x.at)} ${x.byName}${AUDIT_LABEL[x.what]}：${x.reason}`).join('；'),
      ]),
    },
    {
      name: '汇总',
      columns: [{ header: '项目', width: 14 }, { header: '人数', width: 10 }],
      rows: [
        ['应到', att.counts.expected],
        ['已签到', att.counts.signed],
        ['补录', att.counts.makeup],
        ['请假', att.counts.leave],
        ['缺席', att.counts.absent],
        ['出勤率', pct(att.rate)],
      ],
    },
  ])
  return { fileName: `出勤_${a.title}_${cnTime(a.startAt).slice(0, 10)}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}

export async function exportYear(deps: Deps, caller: Caller, input: In<A.ExportYearInput>): Promise<A.ExportOutput> {
  const [stats, alerts] = await Promise.all([
    attendanceStats(deps, caller, { year: input.year, branchId: input.branchId }),
    absenceAlerts(deps, caller, { year: input.year, branchId: input.branchId }),
  ])
  const flagged = new Map(alerts.alerts.map((x) => [x.memberId, x]))
  const buffer = await toXlsx([
    {
      name: '党员出勤',
      title: `${input.year} 年度组织生活出勤汇总`,
      columns: [
        { header: '姓名', width: 12 },
        { header: '应到', width: 8 },
        { header: '实到', width: 8 },
        { header: '请假', width: 8 },
        { header: '缺席', width: 8 },
        { header: '出勤率', width: 10 },
        { header: '提醒', width: 36 },
      ],
      rows: stats.byMember.map((m) => {
        const f = flagged.get(m.memberId)
        const note = f
          ? [f.reasons.includes('total') ? `全年无故缺席 ${f.unexcused} 次` : '', f.reasons.includes('streak') ? `连续缺席 ${f.longestStreak} 次` : '']
              .filter(Boolean)
              .join('，')
          : ''
        return [m.name, m.expected, m.attended, m.leave, m.absent, pct(m.rate), note]
      }),
    },
    {
      name: '按类型',
      columns: [{ header: '活动类型', width: 14 }, { header: '应到人次' }, { header: '实到人次' }, { header: '出勤率' }],
      rows: [...stats.byKind.map((k) => [k.kindLabel, k.expected, k.attended, pct(k.rate)]), ['全支部', stats.branch.expected, stats.branch.attended, pct(stats.branch.rate)]],
    },
    {
      name: '按月份',
      columns: [{ header: '月份' }, { header: '应到人次' }, { header: '实到人次' }, { header: '出勤率' }],
      rows: stats.byMonth.map((m) => [`${m.month} 月`, m.expected, m.attended, pct(m.rate)]),
    },
  ])
  return { fileName: `${input.year}年度出勤汇总.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}
