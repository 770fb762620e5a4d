/**
 * 决议督办（支部书记 / 党委管理员）：本支部本年度各次活动纪实中尚未完成的决议，逾期的在前，
 * 再按完成期限；可直接标记完成，或打开所在活动的纪实；可导出年度纪实台账（Excel）。
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { ROUTES } from '../../../../routes'
import { exportAndSave } from '../../../../utils/download'
import { go, toast, toastSuccess } from '../../../../utils/feedback'
import { cnYearNow, formatDate } from '../../../../utils/format'
import { useQuery } from '../../../../hooks/use-query'
import { ErrorState, Loading } from '../../../../components/page-state'
import { Actions, Button, Cells, Empty, Section } from '../../../../components/ui'
import { BranchPicker, useScope } from '../../components/use-scope'
import { DecisionTag } from '../decision-tag'
import '../../components/activity.css'
import '../index.css'
import { api } from '../../../../api'

/** 最早可查看的年份 */
const FIRST_YEAR = 2020

export default function DecisionsPage() {
  const { state: scope, reload, chooseBranch } = useScope()
  const [busy, setBusy] = useState('')
  const thisYear = cnYearNow()
  // A decision belongs to its activity's year: last December's may still be open in January.
  const [year, setYear] = useState(thisYear)
  const branchId = scope.status === 'ready' ? scope.branchId : null
  const query = useQuery(
    scope.status === 'ready' ? () => api.activity.listOpenDecisions({ year, ...(branchId ? { branchId } : {}) }) : null,
    [branchId, year],
  )

  const markDone = async (activityId: string, decisionId: string) => {
    if (busy) return
    setBusy(decisionId)
    const res = await api.activity.setDecisionState({ activityId, decisionId, done: true })
    setBusy('')
    if (!res.ok) return toast(res.error.message)
    toastSuccess('已标记完成')
    void query.reload()
  }

  const exportLedger = async () => {
    if (busy) return
    setBusy('export')
    const saved = await exportAndSave(() => api.activity.exportRecords({ year, ...(branchId ? { branchId } : {}) }))
    setBusy('')
    if (saved) toastSuccess('已导出')
  }

  if (scope.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='decisions-error' message={scope.message} onRetry={reload} />
  const data = query.state
  return (
    <View className='page record-page'>
      <BranchPicker state={scope} onChange={chooseBranch} />
      {data.status === 'loading' ? <Loading /> : null}
      {data.status === 'error' ? <ErrorState id='decisions-error' message={data.message} code={data.code} onRetry={() => void query.reload()} /> : null}
      {data.status === 'ready' ? (
        <View>
          <View className='record-years'>
            {year > FIRST_YEAR ? (
              <Text className='link' id='decisions-prev-year' onClick={() => setYear(year - 1)}>
                ‹ {year - 1}年
              </Text>
            ) : (
              <Text />
            )}
            {year < thisYear ? (
              <Text className='link' id='decisions-next-year' onClick={() => setYear(year + 1)}>
                {year + 1}年 ›
              </Text>
            ) : null}
          </View>
          <Section title={`${year}年未完成的决议 ${data.data.items.length} 条，其中逾期 ${data.data.overdue} 条`} id='decisions-summary' />
          <Cells id='decisions-list'>
            {data.data.items.length ? null : <Empty id='decisions-empty'>本年度的决议都已完成</Empty>}
            {data.data.items.map((item, i) => (
              <View key={item.decision.id} className='cell record-decision' id={`decision-${i}`}>
                <View className='cell__body' onClick={() => go(`${ROUTES.activityRecord}?id=${item.activityId}`)}>
                  <Text className='cell__title'>{item.decision.text}</Text>
                  <Text className='cell__desc'>
                    责任人 {item.decision.owner.name} · 期限 {item.decision.deadline} · {item.activityTitle}（{formatDate(item.activityStartAt)}）
                  </Text>
                  <DecisionTag decision={item.decision} id={`decision-${i}-state`} />
                </View>
                <Button kind='plain' small id={`decision-${i}-done`} loading={busy === item.decision.id} onClick={() => void markDone(item.activityId, item.decision.id)}>
                  完成
                </Button>
              </View>
            ))}
          </Cells>
          <Actions>
            <Button kind='plain' id='decisions-export' loading={busy === 'export'} onClick={() => void exportLedger()}>
              导出{year}年纪实台账（Excel）
            </Button>
          </Actions>
        </View>
      ) : null}
    </View>
  )
}
