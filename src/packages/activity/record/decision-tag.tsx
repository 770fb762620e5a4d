/** A decision's follow-up state as a coloured tag: 已完成 / 已逾期 / 进行中. */
import type { DecisionView } from '../../../api/activity'
import { Tag } from '../../../components/ui'

export function DecisionTag({ decision, id }: { decision: Pick<DecisionView, 'done' | 'overdue'>; id?: string }) {
  if (decision.done) return <Tag tone='ok' id={id}>已完成</Tag>
  if (decision.overdue) return <Tag tone='warn' id={id}>已逾期</Tag>
  return <Tag tone='soon' id={id}>进行中</Tag>
}
