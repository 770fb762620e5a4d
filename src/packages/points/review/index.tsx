/**
 * 积分审核（支部书记 / 党委管理员）：待初评的申报（通过进入公示，不通过退回）、公示中有异议的申报（异议
 * 成立不通过；不成立继续公示）、公示期满的申报（生效记分）；以及上月与本月的双承诺评分（0–6 分）。
 * 本人的申报与承诺须由其他支委或党委管理员审核。
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import { branchScope } from '../../../utils/branch-choice'
import { useDidShow } from '@tarojs/taro'
import { APPLICATION_STATUS_LABEL, POINTS_CATEGORY_LABEL } from '../../../../contracts/points.contract'
import { finalizeApplication, listApplications, listCommitments, resolveObjection, reviewApplication, reviewCommitment, type ApplicationView } from '../../../api/points'
import { ErrorState, Loading } from '../../../components/page-state'
import { toast, toastSuccess } from '../../../utils/feedback'
import { cnParts, formatDate } from '../../../utils/format'
import '../components/points.css'

type Commitment = Extract<Awaited<ReturnType<typeof listCommitments>>, { ok: true }>['data']['commitments'][number]
type PageState = { status: 'loading' } | { status: 'error'; message: string; code?: string } | { status: 'ready'; apps: ApplicationView[]; commitments: Commitment[]; branches: Array<{ id: string; name: string }>; branchId: string | undefined }

function months(): [string, string] {
  const p = cnParts(Date.now())
  const y = p?.year ?? new Date().getUTCFullYear()
  const m = p?.month ?? new Date().getUTCMonth() + 1
  const fmt = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`
  return [m === 1 ? fmt(y - 1, 12) : fmt(y, m - 1), fmt(y, m)]
}
const SCORES = ['0', '1', '2', '3', '4', '5', '6']

export default function ReviewPage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [note, setNote] = useState('')
  const [scores, setScores] = useState<Record<string, number>>({})
  const latest = useRef(0)

  const [branchId, setBranchId] = useState<string | undefined>(undefined)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const [prev, current] = months()
    // An admin belongs to no branch: the page is of a branch they choose (utils/branch-choice).
    const { branches, chosen } = await branchScope(branchId)
    const scope = chosen ? { branchId: chosen } : {}
    const [apps, c1, c2] = await Promise.all([listApplications({ scope: 'review', ...scope }), listCommitments({ month: prev, ...scope }), listCommitments({ month: current, ...scope })])
    if (ticket !== latest.current) return
    if (!apps.ok) return setState({ status: 'error', message: apps.error.message, code: apps.error.code })
    const commitments = [...(c1.ok ? c1.data.commitments : []), ...(c2.ok ? c2.data.commitments : [])]
    setState({ status: 'ready', apps: apps.data.applications, commitments, branches, branchId: chosen })
  }, [branchId])

  useDidShow(() => {
    void load()
  })
  useEffect(() => {
    if (branchId) void load()
  }, [branchId, load])

  const done = async (res: { ok: true } | { ok: false; error: { message: string; issues?: Array<{ message: string }> } }, message: string) => {
    if (!res.ok) return toast(res.error.issues?.[0]?.message ?? res.error.message)
    toastSuccess(message)
    setNote('')
    void load()
  }

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='review-error' message={state.message} code={state.code} onRetry={() => void load()} />
  const now = new Date().toISOString()
  return (
    <View className='page'>
      {state.branches.length > 1 ? (
        <View className='pts-card'>
          <Picker
            mode='selector'
            range={state.branches.map((b) => b.name)}
            value={Math.max(0, state.branches.findIndex((b) => b.id === state.branchId))}
            onChange={(e) => setBranchId(state.branches[Number(e.detail.value)]?.id)}
          >
            <View className='pts-picker'>支部：{state.branches.find((b) => b.id === state.branchId)?.name ?? ''}</View>
          </Picker>
        </View>
      ) : null}
      <Text className='section-title'>积分申报（{state.apps.length}）</Text>
      <View className='pts-card'>
        <Textarea className='pts-textarea' value={note} maxlength={200} placeholder='审核意见 / 异议处理说明（处理异议时必填）' onInput={(e) => setNote(e.detail.value)} />
      </View>
      {state.apps.length === 0 ? (
        <Text className='pts-note'>没有待处理的申报</Text>
      ) : (
        <View className='cells' id='review-apps'>
          {state.apps.map((a) => (
            <View key={a.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>
                  {a.memberName} · {POINTS_CATEGORY_LABEL[a.category]} {a.amount} 分 · {APPLICATION_STATUS_LABEL[a.status]}
                </Text>
                <Text className='cell__desc'>{a.title}</Text>
                <Text className='cell__desc'>佐证：{a.evidence}</Text>
                {a.objections
                  .filter((o) => o.resolution === 'open')
                  .map((o, i) => (
                    <Text key={i} className='cell__desc'>
                      异议（{o.byName}，{formatDate(o.at)}）：{o.text}
                    </Text>
                  ))}
                <View className='pts-actions'>
                  {a.status === 'pending' ? (
                    <>
                      <Button className='btn btn--primary btn--small' onClick={async () => done(await reviewApplication({ applicationId: a.id, approve: true, ...(note ? { note } : {}) }), '已通过，进入公示')}>
                        初评通过
                      </Button>
                      <Button className='btn btn--plain btn--small' onClick={async () => done(await reviewApplication({ applicationId: a.id, approve: false, ...(note ? { note } : {}) }), '已退回')}>
                        不通过
                      </Button>
                    </>
                  ) : null}
                  {a.status === 'objected' ? (
                    <>
                      <Button className='btn btn--primary btn--small' onClick={async () => done(await resolveObjection({ applicationId: a.id, uphold: false, note }), '异议不成立，继续公示')}>
                        异议不成立
                      </Button>
                      <Button className='btn btn--plain btn--small' onClick={async () => done(await resolveObjection({ applicationId: a.id, uphold: true, note }), '异议成立，申报不通过')}>
                        异议成立
                      </Button>
                    </>
                  ) : null}
                  {a.status === 'publicity' ? (
                    a.publicUntil && a.publicUntil <= now ? (
                      <Button className='btn btn--primary btn--small' onClick={async () => done(await finalizeApplication({ applicationId: a.id }), '积分已生效')}>
                        公示期满，生效
                      </Button>
                    ) : (
                      <Text className='pts-note'>公示至 {formatDate(a.publicUntil)}</Text>
                    )
                  ) : null}
                </View>
              </View>
            </View>
          ))}
        </View>
      )}

      <Text className='section-title'>双承诺评分（上月与本月，月末可评）</Text>
      {state.commitments.length === 0 ? (
        <Text className='pts-note'>没有承诺</Text>
      ) : (
        <View className='cells' id='review-commitments'>
          {state.commitments.map((c) => (
            <View key={c.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>
                  {c.month} · {c.memberName}
                </Text>
                <Text className='cell__desc'>岗位：{c.post}</Text>
                <Text className='cell__desc'>服务：{c.service}</Text>
                {c.score === null ? (
                  <View className='pts-actions'>
                    <Picker mode='selector' range={SCORES} value={scores[c.id] ?? 5} onChange={(e) => setScores({ ...scores, [c.id]: Number(e.detail.value) })}>
                      <View className='pts-picker'>{scores[c.id] ?? 5} 分</View>
                    </Picker>
                    <Button className='btn btn--primary btn--small' onClick={async () => done(await reviewCommitment({ commitmentId: c.id, score: scores[c.id] ?? 5, ...(note ? { note } : {}) }), '已评分')}>
                      评分
                    </Button>
                  </View>
                ) : (
                  <Text className='cell__desc'>
                    {c.score} 分 · {c.reviewedByName}
                  </Text>
                )}
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
