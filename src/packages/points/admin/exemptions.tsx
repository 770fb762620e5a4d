/**
 * 免于参评（党委管理员审批）：选一个支部、一位党员，写明特殊情况后批准免评（该党员本年度不参加排名、
 * 不评等次），或取消免评。违纪标记原样保留（由支部书记在「扣分、冲正与参评标记」里处理）。
 */
import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { setStandingInput } from '../../../../contracts/points.contract'
import { api } from '../../../api'
import { Button, Cells, Empty, Field, FieldError, Form, Hint, Section, Tag } from '../../../components/ui'
import { useZodForm } from '../../../hooks/use-form'
import { toastSuccess } from '../../../utils/feedback'
import { labelled } from '../components/labels'
import { useBranchQuery } from '../components/scope'

export function Exemptions({ year }: { year: number }) {
  const page = useBranchQuery('exempt-error', (branch) => api.points.getRanking({ year, ...branch }))
  const form = useZodForm(['reason'] as const, { issues: labelled({ reason: '免评说明' }) })
  const [chosen, setChosen] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  if (page.view) {
    return (
      <>
        <Section title={`免于参评（${year} 年度）`} />
        {page.view}
      </>
    )
  }
  const ranking = page.data
  const exempted = ranking.rows.filter((r) => r.exempt)

  const decide = async (memberId: string, violation: boolean, exempt: boolean) => {
    const input = form.check(setStandingInput, { action: 'setStanding', memberId, year, exempt, violation, reason })
    if (!input || !(await form.submit(() => api.points.setStanding({ memberId, year, exempt, violation, reason: input.reason })))) return
    toastSuccess(exempt ? '已批准免评，该党员不参加本年度排名' : '已取消免评')
    setReason('')
    setChosen(null)
    void page.query.reload()
  }

  return (
    <>
      <Section title={`免于参评（${year} 年度，${ranking.branch.name}）`} />
      {page.picker}
      <Hint>
        因特殊情况（长期病假、外派等）经党委批准免于参评的党员不参加排名、不评等次，前 20% 按其余参评党员计算。
        {ranking.frozen ? '本年度已封存，不能再修改。' : ''}
      </Hint>
      <Text className='notice' id='exempt-summary'>
        {exempted.length ? `已免于参评：${exempted.map((r) => r.name).join('、')}` : '本支部本年度没有免于参评的党员'}
      </Text>
      {ranking.rows.length === 0 ? (
        <Empty id='exempt-empty'>本支部还没有党员</Empty>
      ) : (
        <Cells id='exempt-members'>
          {ranking.rows.map((r) => (
            <View key={r.memberId} className='pts-row'>
              <View className='cell cell--link' id={`exempt-member-${r.memberId}`} onClick={() => setChosen(chosen === r.memberId ? null : r.memberId)}>
                <View className='cell__body'>
                  <Text className='cell__title pts-title'>
                    {r.exempt ? <Tag tone='warn'>免评</Tag> : null}
                    {r.name}
                  </Text>
                  <Text className='cell__desc'>
                    {r.score} 分{r.rank === null ? ' · 不参加排名' : ` · 第 ${r.rank} 名`}
                    {r.violation ? ' · 有违纪记录' : ''}
                  </Text>
                </View>
                <Text className='cell__arrow'>{chosen === r.memberId ? '⌄' : '›'}</Text>
              </View>
              {chosen === r.memberId && !ranking.frozen ? (
                <View className='pts-panel'>
                  <Form>
                    <Field label='免评说明' className='pts-stack'>
                      <Textarea id='exempt-reason' className='pts-textarea' value={reason} maxlength={200} placeholder='必填，如：全年病休，经党委会议研究同意' onInput={(e) => setReason(e.detail.value)} />
                    </Field>
                  </Form>
                  <FieldError id='exempt-reason-error' message={form.errors.reason} />
                  <View className='actions'>
                    <Button id='exempt-submit' kind={r.exempt ? 'plain' : 'primary'} loading={form.submitting} onClick={() => void decide(r.memberId, r.violation, !r.exempt)}>
                      {r.exempt ? '取消免评' : '批准免于参评'}
                    </Button>
                  </View>
                </View>
              ) : null}
            </View>
          ))}
        </Cells>
      )}
    </>
  )
}
