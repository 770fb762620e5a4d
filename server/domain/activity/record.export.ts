/** 纪实台账: a year's activities of a branch with their records and decisions, as .xlsx (secretary, admin). */
import { ACTIVITY_KIND_LABEL } from '../../../contracts/activity.contract'
import type * as R from '../../../contracts/record.contract'
import type { Caller, Deps, In } from '../deps'
import { toXlsx, XLSX_MIME } from '../../lib/xlsx'
import { branchInScope, requireRole } from '../shared/actor'
import { cnDay, cnTime, cnYearStart } from '../shared/china-time'
import { C } from '../shared/collections'
import { queryAll } from '../../store/document-store'
import type { ActivityDoc } from './activity.docs'
import { attended } from './attendance'
import { listAttendance } from './attendance.usecases'
import type { RecordDoc } from './record.usecases'

const BLOCK_PREFIX = { h: '【', p: '', li: '• ' } as const
const BLOCK_SUFFIX = { h: '】', p: '', li: '' } as const

/** A decision's follow-up as the 台账 words it. */
const decisionState = (d: RecordDoc['decisions'][number], today: string) => (d.done ? '已完成' : d.deadline < today ? '已逾期' : '进行中')

const minutesText = (r: RecordDoc) => r.blocks.map((b) => `${BLOCK_PREFIX[b.type]}${b.text}${BLOCK_SUFFIX[b.type]}`).join('\n')

/** Every activity of the year is a row, a missing record shown as 未填写: the 台账 shows its gaps. */
export async function exportRecords(deps: Deps, caller: Caller, input: In<R.ExportRecordsInput>): Promise<{ fileName: string; mimeType: string; base64: string }> {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const branch = await branchInScope(deps, actor, input.branchId)
  const [activities, records] = await Promise.all([
    queryAll<ActivityDoc>(deps.store, C.activity, {
      where: { branchId: branch._id, startAt: { $gte: cnYearStart(input.year), $lt: cnYearStart(input.year + 1) } },
      orderBy: [['startAt', 'asc']],
    }),
    queryAll<RecordDoc>(deps.store, C.activityRecord, { where: { branchId: branch._id, year: input.year } }),
  ])
  const byId = new Map(records.map((r) => [r._id, r]))
  const today = cnDay(deps.clock.now())
  const buffer = await toXlsx([
    {
      name: '纪实台账',
      title: `${branch.name} ${input.year} 年度组织生活全程纪实台账`,
      columns: [
        { header: '日期', width: 17 },
        { header: '类型', width: 12 },
        { header: '活动', width: 22 },
        { header: '会议主题', width: 24 },
        { header: '主持人', width: 10 },
        { header: '记录人', width: 10 },
        { header: '会议纪要', width: 60 },
        { header: '决议', width: 6 },
        { header: '未完成', width: 8 },
        { header: '照片', width: 6 },
        { header: '最后修改', width: 24 },
      ],
      rows: activities.map((a) => {
        const r = byId.get(a._id)
        const title = a.status === 'cancelled' ? `${a.title}（已取消）` : a.title
        if (!r) return [cnTime(a.startAt), ACTIVITY_KIND_LABEL[a.kind], title, '未填写', '', '', '', 0, 0, 0, '']
        return [
          cnTime(a.startAt), ACTIVITY_KIND_LABEL[a.kind], title, r.topic, r.host, r.recorderName ?? '', minutesText(r),
          r.decisions.length, r.decisions.filter((d) => !d.done).length, r.photos.length, `${cnTime(r.updatedAt)} ${r.updatedByName}（第 ${r.version} 版）`,
        ]
      }),
    },
    {
      name: '决议事项',
      columns: [
        { header: '活动日期', width: 17 },
        { header: '活动', width: 22 },
        { header: '决议事项', width: 40 },
        { header: '责任人', width: 10 },
        { header: '完成期限', width: 12 },
        { header: '状态', width: 8 },
        { header: '完成时间', width: 17 },
      ],
      rows: activities.flatMap((a) =>
        (byId.get(a._id)?.decisions ?? []).map((d) => [
          cnTime(a.startAt), a.title, d.text, d.ownerName, d.deadline, decisionState(d, today), cnTime(d.doneAt),
        ]),
      ),
    },
  ])
  return { fileName: `纪实台账_${branch.name}_${input.year}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}

/**
 * One activity's 纪实 as .xlsx (secretary, admin): the record (topic, host, recorder, the minutes
 * one block a row), its decisions, and the attendance list as the attendance page shows it
 * (线上参加 included). An activity without a record still exports, marked 未填写.
 */
export async function exportRecord(deps: Deps, caller: Caller, input: In<R.ExportRecordInput>): Promise<{ fileName: string; mimeType: string; base64: string }> {
  // listAttendance checks the caller manages the activity (another branch: ACTIVITY.NOT_FOUND).
  const att = await listAttendance(deps, caller, { activityId: input.activityId })
  const a = att.activity
  const r = await deps.store.get<RecordDoc>(C.activityRecord, a.id)
  const today = cnDay(deps.clock.now())
  const title = `${a.kindLabel}｜${a.title}${a.status === 'cancelled' ? '（已取消）' : ''}｜${cnTime(a.startAt)}｜${a.place}`
  const buffer = await toXlsx([
    {
      name: '会议纪实',
      title,
      columns: [{ header: '项目', width: 12 }, { header: '内容', width: 70 }],
      rows: [
        ['会议主题', r ? r.topic : '未填写'],
        ['主持人', r?.host ?? ''],
        ['记录人', r?.recorderName ?? ''],
        ['应到 / 实到', `${att.rows.length} / ${att.rows.filter((x) => attended(x.state)).length}`],
        ...(r?.blocks ?? []).map((b, i) => [i === 0 ? '会议纪要' : '', `${BLOCK_PREFIX[b.type]}${b.text}${BLOCK_SUFFIX[b.type]}`]),
        ['照片', r ? `${r.photos.length} 张` : ''],
        ['最后修改', r ? `${cnTime(r.updatedAt)} ${r.updatedByName}（第 ${r.version} 版）` : ''],
      ],
    },
    {
      name: '决议事项',
      columns: [
        { header: '决议事项', width: 40 },
        { header: '责任人', width: 10 },
        { header: '完成期限', width: 12 },
        { header: '状态', width: 8 },
        { header: '完成时间', width: 17 },
      ],
      rows: (r?.decisions ?? []).map((d) => [d.text, d.ownerName, d.deadline, decisionState(d, today), cnTime(d.doneAt)]),
    },
    {
      name: '出勤名单',
      columns: [{ header: '姓名', width: 12 }, { header: '状态', width: 10 }, { header: '签到时间', width: 18 }, { header: '请假原因', width: 24 }],
      rows: att.rows.map((x) => [x.name, x.stateLabel, cnTime(x.signedAt), x.leaveReason ?? '']),
    },
  ])
  return { fileName: `纪实_${a.title}_${cnTime(a.startAt).slice(0, 10)}.xlsx`, mimeType: XLSX_MIME, base64: buffer.toString('base64') }
}
