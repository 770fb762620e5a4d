/**
 * 积分排名与公示：本支部本年度排名（前 20% 标记、等次；免评党员不参与排名），以及正在公示的积分申报，
 * 公示期内本支部党员可以对他人的申报提出异议。党委管理员在上方选择支部。
 */
import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { APPLICATION_STATUS_LABEL, GRADE_LABEL, POINTS_CATEGORY_LABEL, objectInput, type ApplicationView } from '../../../../contracts/points.contract'
import { api } from '../../../api'
import { Actions, Button, Cells, Empty, FieldError, Hint, Section } from '../../../components/ui'
import { useZodForm } from '../../../hooks/use-form'
import { exportAndSave } from '../../../utils/download'
import { toastSuccess } from '../../../utils/feedback'
import { cnYearNow, formatDate } from '../../../utils/format'
import { labelled } from '../components/labels'
import { useBranchQuery } from '../components/scope'
import '../components/points.css'

const named = labelled({ text: '异议' })

async function loadRanking(year: number, branch: { branchId?: string }) {
  const [ranking, publicity] = await Promise.all([api.points.getRanking({ year, ...branch }), api.points.listApplications({ scope: 'publicity', ...branch })])
  if (!ranking.ok) return ranking
  if (!publicity.ok) return publicity
  return { ok: true as const, data: { ranking: ranking.data, publicity: publicity.data.applications } }
}

/** One application in 公示, with 提出异议 opening a box under it. */
function PublicityRow({ app, open, onOpen, onDone }: { app: ApplicationView; open: boolean; onOpen: (open: boolean) => void; onDone: () => void }) {
  const form = useZodForm(['text'] as const, { issues: named })
  const [text, setText] = useState('')
  const submit = async () => {
    const input = form.check(objectInput, { action: 'object', applicationId: app.id, text })
    if (!input || !(await form.submit(() => api.points.object({ applicationId: app.id, text: input.text })))) return
    toastSuccess('异议已提交，由支部书记处理')
    setText('')
    onOpen(false)
    onDone()
  }
  return (
    <View className='cell'>
      <View className='cell__body'>
        <Text className='cell__title'>
          {app.memberName} · {POINTS_CATEGORY_LABEL[app.category]} {app.amount} 分
        </Text>
        <Text className='cell__desc'>{app.title}</Text>
        <Text className='cell__desc'>佐证：{app.evidence}</Text>
        <Text className='cell__desc'>
          {APPLICATION_STATUS_LABEL[app.status]}
          {app.publicUntil ? ` · 公示至 ${formatDate(app.publicUntil)}` : ''}
        </Text>
        {open ? (
          <View>
            <Textarea className='pts-textarea' value={text} maxlength={500} placeholder='请写明异议的事实与理由' onInput={(e) => setText(e.detail.value)} />
            <FieldError id={`object-error-${app.id}`} message={form.errors.text} />
            <View className='pts-row-actions'>
              <Button small loading={form.submitting} onClick={() => void submit()}>
                提交异议
              </Button>
              <Button small kind='plain' onClick={() => onOpen(false)}>
                取消
              </Button>
            </View>
          </View>
        ) : (
          <View className='pts-row-actions'>
            <Button small kind='plain' onClick={() => onOpen(true)}>
              提出异议
            </Button>
          </View>
        )}
      </View>
    </View>
  )
}

export default function RankingPage() {
  const thisYear = cnYearNow()
  // the year shown: this year, or last year's (frozen once the admin has closed it)
  const [year, setYear] = useState(thisYear)
  const page = useBranchQuery('ranking-error', (branch) => loadRanking(year, branch), [year])
  const [objecting, setObjecting] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  if (page.view) return page.view
  const { ranking, publicity } = page.data
  const manager = page.role === 'secretary' || page.role === 'admin'

  const download = async () => {
    setExporting(true)
    await exportAndSave(() => api.points.exportYear({ year, branchId: ranking.branch.id }))
    setExporting(false)
  }

  return (
    <View className='page'>
      {page.picker}
      <Section title={`正在公示（${publicity.length}）`} />
      {publicity.length === 0 ? (
        <Empty id='publicity-empty'>目前没有正在公示的积分申报</Empty>
      ) : (
        <Cells id='publicity-list'>
          {publicity.map((a) => (
            <PublicityRow key={a.id} app={a} open={objecting === a.id} onOpen={(open) => setObjecting(open ? a.id : null)} onDone={() => void page.query.reload()} />
          ))}
        </Cells>
      )}

      <Section title={`${ranking.branch.name} ${ranking.year} 年度排名${ranking.frozen ? '（已封存）' : ''}`} />
      <View className='pts-row-actions pts-years'>
        <Button small kind={year === thisYear - 1 ? 'primary' : 'plain'} id='ranking-last-year' onClick={() => setYear(thisYear - 1)}>
          {thisYear - 1} 年度
        </Button>
        <Button small kind={year === thisYear ? 'primary' : 'plain'} id='ranking-this-year' onClick={() => setYear(thisYear)}>
          {thisYear} 年度
        </Button>
      </View>
      {ranking.frozen ? <Hint id='ranking-frozen'>本年度已由党委封存：以下为封存时的排名与等次，不再变动。</Hint> : null}
      {ranking.rows.length === 0 ? (
        <Empty id='ranking-empty'>本支部还没有党员</Empty>
      ) : (
        <Cells id='ranking-list'>
          {ranking.rows.map((r) => (
            <View key={r.memberId} id={`ranking-${r.memberId}`} className='cell'>
              <View className='cell__body'>
                <Text className={r.top ? 'cell__title pts-top' : 'cell__title'}>
                  {r.rank === null ? '—' : `第 ${r.rank} 名`} {r.name}
                  {r.top ? ' · 前20%' : ''}
                </Text>
                <Text className='cell__desc'>
                  {r.exempt ? '免于参评' : r.grade ? GRADE_LABEL[r.grade] : ''}
                  {r.violation ? ' · 有违纪记录' : ''} · 基础 {r.byCategory.base} / 任务 {r.byCategory.task} / 奖励 {r.byCategory.reward}
                  {r.byCategory.honour ? ` / 荣誉 ${r.byCategory.honour}` : ''}
                </Text>
              </View>
              <Text className='pts-amount'>{r.score}</Text>
            </View>
          ))}
        </Cells>
      )}
      <Hint id='ranking-rule'>
        参评 {ranking.ranked} 人{ranking.rows.length > ranking.ranked ? `（另有 ${ranking.rows.length - ranking.ranked} 人经党委批准免于参评，不参加排名）` : ''}，前 20%（至多 {ranking.topCount} 人，参评人数 × 0.2 向上取整；跨线同分者由支委会研究）为评先选优对象
      </Hint>
      {manager ? (
        <Actions>
          <Button kind='plain' id='ranking-export' loading={exporting} onClick={() => void download()}>
            导出排名与明细（Excel）
          </Button>
        </Actions>
      ) : null}
    </View>
  )
}
