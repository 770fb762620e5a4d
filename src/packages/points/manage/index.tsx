/**
 * 扣分、冲正与参评标记（支部书记 / 党委管理员）：结算本年无故缺席扣分；选一位党员，按规则扣基础分、
 * 冲正一笔记录、标记免于参评或违纪。本人的积分须由其他支委或党委管理员处理。党委管理员在上方选择支部。
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { api } from '../../../api'
import { Actions, Button, Cells, Empty, Hint, Section } from '../../../components/ui'
import { toast } from '../../../utils/feedback'
import { cnYearNow } from '../../../utils/format'
import { useBranchQuery } from '../components/scope'
import { MemberPanel } from './member-panel'
import '../components/points.css'

async function loadBranch(year: number, branch: { branchId?: string }) {
  const [ranking, rules] = await Promise.all([api.points.getRanking({ year, ...branch }), api.points.getRules()])
  if (!ranking.ok) return ranking
  if (!rules.ok) return rules
  const items = rules.data.rules.deductions
  return { ok: true as const, data: { ranking: ranking.data, items, absence: items.find((d) => d.key === 'unexcused_absence')?.amount ?? null } }
}

export default function ManagePage() {
  const year = cnYearNow()
  const page = useBranchQuery('manage-error', (branch) => loadBranch(year, branch))
  const [memberId, setMemberId] = useState<string | null>(null)
  const [settled, setSettled] = useState('')
  const [busy, setBusy] = useState(false)
  if (page.view) return page.view
  const { ranking, items, absence } = page.data

  const settle = async () => {
    setBusy(true)
    const res = await api.points.settleAbsences({ year, branchId: ranking.branch.id })
    setBusy(false)
    if (!res.ok) return toast(res.error.message)
    const r = res.data
    setSettled(`已核对 ${r.activities} 场已结束的活动：新扣分 ${r.deducted} 人次，冲正 ${r.cleared} 人次，目前共 ${r.standing} 人次无故缺席`)
    void page.query.reload()
  }

  return (
    <View className='page'>
      {page.picker}
      <Section title='无故缺席扣分' />
      <Hint>
        {absence === null
          ? '积分规则中没有「无故缺席组织生活」扣分项，不会自动扣分。'
          : `活动结束后，应到而未签到、未补录、请假未获批准的党员，每场扣基础分 ${absence} 分（同一场只扣一次，基础分不低于 0）；之后补录或请假获批的，自动冲正。`}
      </Hint>
      {settled ? (
        <Text className='notice' id='manage-settle-result'>
          {settled}
        </Text>
      ) : null}
      <Actions>
        <Button id='manage-settle' kind='plain' loading={busy} disabled={absence === null || ranking.frozen} onClick={() => void settle()}>
          结算{year}年缺席扣分
        </Button>
      </Actions>

      <Section title={`${ranking.branch.name} · 选择党员（${ranking.rows.length} 人）`} />
      {ranking.rows.length === 0 ? (
        <Empty id='manage-empty'>本支部还没有党员</Empty>
      ) : (
        // The chosen member's panel opens right under their row.
        <Cells id='manage-members'>
          {ranking.rows.map((r) => (
            <View key={r.memberId} className='pts-row'>
              <View className='cell cell--link' id={`manage-member-${r.memberId}`} onClick={() => setMemberId(r.memberId === memberId ? null : r.memberId)}>
                <View className='cell__body'>
                  <Text className='cell__title'>{r.name}</Text>
                  <Text className='cell__desc'>
                    {r.score} 分 · 基础分 {r.byCategory.base}
                    {r.exempt ? ' · 免于参评' : ''}
                    {r.violation ? ' · 有违纪记录' : ''}
                  </Text>
                </View>
                <Text className='cell__arrow'>{r.memberId === memberId ? '⌄' : '›'}</Text>
              </View>
              {r.memberId === memberId ? <MemberPanel memberId={r.memberId} year={year} items={items} frozen={ranking.frozen} onChanged={() => void page.query.reload()} /> : null}
            </View>
          ))}
        </Cells>
      )}
    </View>
  )
}
