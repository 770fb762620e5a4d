/**
 * 扣分、冲正与参评标记（支部书记 / 党委管理员）：结算本年无故缺席扣分；选一位党员，按规则扣基础分、
 * 冲正一笔记录、标记免于参评或违纪。本人的积分须由其他支委或党委管理员处理。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Picker, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { getRanking, getRules, settleAbsences, type GetRankingOutput, type PointsRules } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { branchScope } from '../../../utils/branch-choice'
import { toast } from '../../../utils/feedback'
import { cnYearNow } from '../../../utils/format'
import { MemberPanel } from './member-panel'
import '../components/points.css'

type Ready = {
  status: 'ready'
  ranking: GetRankingOutput
  items: PointsRules['deductions']
  absence: number | null
  branches: Array<{ id: string; name: string }>
  branchId: string | undefined
}
type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | Ready

export default function ManagePage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [branchId, setBranchId] = useState<string | undefined>(undefined)
  const [memberId, setMemberId] = useState<string | null>(null)
  const [settled, setSettled] = useState('')
  const [busy, setBusy] = useState(false)
  const latest = useRef(0)
  const year = cnYearNow()

  const load = useCallback(async () => {
    const ticket = ++latest.current
    // An admin belongs to no branch: the page is of a branch they choose (utils/branch-choice).
    const { branches, chosen } = await branchScope(branchId)
    const [ranking, rules] = await Promise.all([getRanking({ year, ...(chosen ? { branchId: chosen } : {}) }), getRules()])
    if (ticket !== latest.current) return
    if (!ranking.ok) return setState({ status: 'error', message: ranking.error.message, code: ranking.error.code })
    const items = rules.ok ? rules.data.rules.deductions : []
    const absence = items.find((d) => d.key === 'unexcused_absence')?.amount ?? null
    setState({ status: 'ready', ranking: ranking.data, items, absence, branches, branchId: chosen })
  }, [branchId, year])

  useDidShow(() => {
    void load()
  })
  useEffect(() => {
    if (branchId) void load()
  }, [branchId, load])

  const settle = async (s: Ready) => {
    setBusy(true)
    const res = await settleAbsences({ year, ...(s.branchId ? { branchId: s.branchId } : {}) })
    setBusy(false)
    if (!res.ok) return toast(res.error.message)
    const r = res.data
    setSettled(`已核对 ${r.activities} 场已结束的活动：新扣分 ${r.deducted} 人次，冲正 ${r.cleared} 人次，目前共 ${r.standing} 人次无故缺席`)
    void load()
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='manage-error' message={state.message} code={state.code} onRetry={() => void load()} />
  const s = state
  return (
    <View className='page'>
      {s.branches.length > 1 ? (
        <View className='pts-card'>
          <Picker
            mode='selector'
            range={s.branches.map((b) => b.name)}
            value={Math.max(0, s.branches.findIndex((b) => b.id === s.branchId))}
            onChange={(e) => {
              setMemberId(null)
              setBranchId(s.branches[Number(e.detail.value)]?.id)
            }}
          >
            <View className='pts-picker'>支部：{s.ranking.branch.name}</View>
          </Picker>
        </View>
      ) : null}

      <View className='pts-card'>
        <Text className='pts-card__title'>无故缺席扣分</Text>
        <Text className='pts-note'>
          {s.absence === null
            ? '积分规则中没有「无故缺席组织生活」扣分项，不会自动扣分。'
            : `活动结束后，应到而未签到、未补录、请假未获批准的党员，每场扣基础分 ${s.absence} 分（同一场只扣一次，基础分不低于 0）；之后补录或请假获批的，自动冲正。`}
        </Text>
        <View className='pts-actions'>
          <Button id='manage-settle' className='btn btn--primary btn--small' loading={busy} disabled={busy || s.absence === null || s.ranking.frozen} onClick={() => void settle(s)}>
            结算{year}年缺席扣分
          </Button>
        </View>
        {settled ? (
          <Text className='pts-note' id='manage-settle-result'>
            {settled}
          </Text>
        ) : null}
      </View>

      <Text className='section-title'>
        {s.ranking.branch.name} · 选择党员（{s.ranking.rows.length} 人）
      </Text>
      {/* The chosen member's panel opens right under their row. */}
      <View className='cells' id='manage-members'>
      {s.ranking.rows.map((r) => (
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
          {r.memberId === memberId ? <MemberPanel memberId={r.memberId} year={year} items={s.items} frozen={s.ranking.frozen} onChanged={() => void load()} /> : null}
        </View>
      ))}
      </View>
    </View>
  )
}
