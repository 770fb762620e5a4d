/**
 * 积分排名与公示：本支部本年度排名（前 20% 标记、等次；免评党员不参与排名），以及正在公示的积分申报，
 * 公示期内本支部党员可以对他人的申报提出异议。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { APPLICATION_STATUS_LABEL, GRADE_LABEL, POINTS_CATEGORY_LABEL } from '../../../../contracts/points.contract'
import { branchScope } from '../../../utils/branch-choice'
import { exportPointsYear, getRanking, listApplications, objectApplication, type ApplicationView, type GetRankingOutput } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { toast, toastSuccess } from '../../../utils/feedback'
import { saveExport } from '../../../utils/download'
import { cnYearNow, formatDate } from '../../../utils/format'
import '../components/points.css'

type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; ranking: GetRankingOutput; publicity: ApplicationView[]; manager: boolean; branches: Array<{ id: string; name: string }> }

export default function RankingPage() {
  const year = cnYearNow()
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [objecting, setObjecting] = useState<string | null>(null)
  const [text, setText] = useState('')
  const latest = useRef(0)

  const [branchId, setBranchId] = useState<string | undefined>(undefined)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    // An admin belongs to no branch: the page is of a branch they choose (utils/branch-choice).
    const { role, branches, chosen } = await branchScope(branchId)
    const scope = chosen ? { branchId: chosen } : {}
    const [r, p] = await Promise.all([getRanking({ year, ...scope }), listApplications({ scope: 'publicity', ...scope })])
    if (ticket !== latest.current) return
    if (!r.ok) return setState({ status: 'error', message: r.error.message, code: r.error.code })
    const manager = role === 'secretary' || role === 'admin'
    setState({ status: 'ready', ranking: r.data, publicity: p.ok ? p.data.applications : [], manager, branches })
  }, [year, branchId])

  useDidShow(() => {
    void load()
  })
  useEffect(() => {
    if (branchId) void load()
  }, [branchId, load])

  const submitObjection = async (applicationId: string) => {
    const res = await objectApplication({ applicationId, text })
    if (!res.ok) return toast(res.error.issues?.[0]?.message ?? res.error.message)
    toastSuccess('异议已提交，由支部书记处理')
    setObjecting(null)
    setText('')
    void load()
  }

  const download = async (branchId: string) => {
    const res = await exportPointsYear({ year, branchId })
    if (!res.ok) return toast(res.error.message)
    if (!(await saveExport(res.data))) toast('文件保存失败，请稍后重试')
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='ranking-error' message={state.message} code={state.code} onRetry={() => void load()} />
  const { ranking, publicity } = state
  return (
    <View className='page'>
      {state.branches.length > 1 ? (
        <View className='pts-card'>
          <Picker
            mode='selector'
            range={state.branches.map((b) => b.name)}
            value={Math.max(0, state.branches.findIndex((b) => b.id === ranking.branch.id))}
            onChange={(e) => setBranchId(state.branches[Number(e.detail.value)]?.id)}
          >
            <View className='pts-picker'>支部：{ranking.branch.name}</View>
          </Picker>
        </View>
      ) : null}
      <Text className='section-title'>正在公示（{publicity.length}）</Text>
      {publicity.length === 0 ? (
        <Text className='pts-note'>目前没有正在公示的积分</Text>
      ) : (
        <View className='cells' id='publicity-list'>
          {publicity.map((a) => (
            <View key={a.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>
                  {a.memberName} · {POINTS_CATEGORY_LABEL[a.category]} {a.amount} 分
                </Text>
                <Text className='cell__desc'>{a.title}</Text>
                <Text className='cell__desc'>佐证：{a.evidence}</Text>
                <Text className='cell__desc'>
                  {APPLICATION_STATUS_LABEL[a.status]}
                  {a.publicUntil ? ` · 公示至 ${formatDate(a.publicUntil)}` : ''}
                </Text>
                {objecting === a.id ? (
                  <View>
                    <Textarea className='pts-textarea' value={text} maxlength={500} placeholder='请写明异议的事实与理由' onInput={(e) => setText(e.detail.value)} />
                    <View className='pts-actions'>
                      <Button className='btn btn--primary btn--small' onClick={() => void submitObjection(a.id)}>
                        提交异议
                      </Button>
                      <Button className='btn btn--plain btn--small' onClick={() => setObjecting(null)}>
                        取消
                      </Button>
                    </View>
                  </View>
                ) : (
                  <View className='pts-actions'>
                    <Button className='btn btn--plain btn--small' onClick={() => setObjecting(a.id)}>
                      提出异议
                    </Button>
                  </View>
                )}
              </View>
            </View>
          ))}
        </View>
      )}

      <Text className='section-title'>
        {ranking.branch.name} {ranking.year} 年度排名{ranking.frozen ? '（已封存）' : ''}
      </Text>
      <Text className='pts-note'>
        参评 {ranking.ranked} 人，前 20%（至多 {ranking.topCount} 人，参评人数 × 0.2 向上取整；跨线同分者由支委会研究）为评先选优对象
      </Text>
      {state.manager ? (
        <View className='pts-actions'>
          <Button className='btn btn--plain btn--small' id='ranking-export' onClick={() => void download(ranking.branch.id)}>
            导出排名与明细（Excel）
          </Button>
        </View>
      ) : null}
      <View className='cells' id='ranking-list'>
        {ranking.rows.map((r) => (
          <View key={r.memberId} className='cell'>
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
      </View>
    </View>
  )
}
