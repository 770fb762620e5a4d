/**
 * One member's year for their secretary: the score and standing, a deduction by a rule's item, the
 * standing marks (免于参评 / 违纪) with a reason, and the 明细 with 冲正 on the entries a secretary
 * may reverse (扣分、申报、双承诺; 签到、学习与缺席扣分由各自流程更正).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import { GRADE_LABEL } from '../../../../contracts/points.contract'
import { deduct, memberPoints, reverseEntry, setStanding, type MemberPointsOutput, type PointsRules } from '../../../api/points'
import { toast, toastSuccess } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import { EntryRow } from '../components/entry-row'

const REVERSIBLE = new Set(['deduction', 'application', 'commitment'])
const SOURCE_LABEL: Record<string, string> = {
  activity_sign_in: '签到',
  activity_makeup: '补录',
  activity_makeup_revoked: '撤销补录',
  lecture_completed: '微党课',
  commitment: '双承诺',
  deduction: '扣分',
  absence: '缺席扣分',
  absence_cleared: '缺席冲正',
  application: '申报',
  reversal: '冲正',
}

type Failure = { ok: false; error: { message: string; issues?: Array<{ message: string }> } }
const messageOf = (res: Failure) => res.error.issues?.[0]?.message ?? res.error.message
/** A required reason, said in plain words before anything is sent. */
function filled(value: string, what: string): boolean {
  if (value.trim().length >= 2) return true
  toast(`请先填写${what}（至少 2 个字）`)
  return false
}

export function MemberPanel({ memberId, year, items, frozen, onChanged }: { memberId: string; year: number; items: PointsRules['deductions']; frozen: boolean; onChanged: () => void }) {
  const [data, setData] = useState<MemberPointsOutput | null>(null)
  const [error, setError] = useState('')
  const [item, setItem] = useState(0)
  const [note, setNote] = useState('')
  const [exempt, setExempt] = useState(false)
  const [violation, setViolation] = useState(false)
  const [standingReason, setStandingReason] = useState('')
  const [reverseReason, setReverseReason] = useState('')
  const [busy, setBusy] = useState(false)
  const requestId = useRef(newRequestId())

  const load = useCallback(async () => {
    const res = await memberPoints({ memberId, year })
    if (!res.ok) return setError(res.error.message)
    setData(res.data)
    setExempt(res.data.exempt)
    setViolation(res.data.violation)
  }, [memberId, year])
  useEffect(() => {
    void load()
  }, [load])

  /** Runs one write; on success reloads this member and the list above, on failure says why in plain words. */
  const run = async (write: () => Promise<{ ok: true } | Failure>, done: string, after?: () => void) => {
    setBusy(true)
    const res = await write()
    setBusy(false)
    if (!res.ok) return toast(messageOf(res))
    after?.()
    toastSuccess(done)
    void load()
    onChanged()
  }

  if (error) return <Text className='pts-note' id='member-error'>{error}</Text>
  if (!data) return <Text className='pts-note'>正在读取……</Text>
  const chosen = items[item]
  const reversed = new Set(data.entries.map((e) => e.reverses).filter(Boolean))
  return (
    <View id='member-panel' className='pts-panel'>
      <View className='pts-card'>
        <Text className='pts-card__title'>
          {data.member.name} · {data.score} 分 · {data.exempt ? '免于参评' : data.grade ? GRADE_LABEL[data.grade] : '—'}
        </Text>
        <Text className='pts-note' id='member-base'>
          基础分 {data.byCategory.base} / {data.caps.base} · 任务分 {data.byCategory.task} · 奖励分 {data.byCategory.reward} · 荣誉 {data.byCategory.honour}
        </Text>
        {data.standingNote ? <Text className='pts-note'>标记说明：{data.standingNote}</Text> : null}
      </View>

      {frozen ? (
        <Text className='pts-note'>本年度已封存，不能再扣分、冲正或修改标记。</Text>
      ) : (
        <>
          <View className='pts-card'>
            <Text className='pts-card__title'>扣基础分</Text>
            <Picker mode='selector' range={items.map((d) => `${d.label}（扣 ${d.amount} 分）`)} value={item} onChange={(e) => setItem(Number(e.detail.value))}>
              <View className='pts-picker' id='deduct-item'>{chosen ? `${chosen.label}（扣 ${chosen.amount} 分）` : '规则中没有扣分项'}</View>
            </Picker>
            <Textarea id='deduct-note' className='pts-textarea' value={note} maxlength={200} placeholder='事由（必填，如：11月未按时交纳党费）' onInput={(e) => setNote(e.detail.value)} />
            <View className='pts-actions'>
              <Button
                id='deduct-submit'
                className='btn btn--primary btn--small'
                disabled={busy || !chosen}
                onClick={() =>
                  chosen &&
                  filled(note, '扣分事由') &&
                  void run(() => deduct({ memberId, item: chosen.key, note, requestId: requestId.current }), '已扣分', () => {
                    requestId.current = newRequestId()
                    setNote('')
                  })
                }
              >
                确认扣分
              </Button>
            </View>
          </View>

          <View className='pts-card'>
            <Text className='pts-card__title'>参评标记（{year} 年度）</Text>
            <View className='pts-bar__row'>
              <Text>因特殊情况免于参评</Text>
              <Switch id='standing-exempt' checked={exempt} color='#c8161d' onChange={(e) => setExempt(e.detail.value)} />
            </View>
            <View className='pts-bar__row'>
              <Text>有违纪记录（直接评为不合格）</Text>
              <Switch id='standing-violation' checked={violation} color='#c8161d' onChange={(e) => setViolation(e.detail.value)} />
            </View>
            <Textarea id='standing-reason' className='pts-textarea' value={standingReason} maxlength={200} placeholder='说明（必填，如：长期病假经党委批准）' onInput={(e) => setStandingReason(e.detail.value)} />
            <View className='pts-actions'>
              <Button id='standing-submit' className='btn btn--primary btn--small' disabled={busy} onClick={() => filled(standingReason, '标记说明') && void run(() => setStanding({ memberId, year, exempt, violation, reason: standingReason }), '标记已保存', () => setStandingReason(''))}>
                保存标记
              </Button>
            </View>
          </View>
        </>
      )}

      <Text className='section-title'>积分明细（{data.entries.length} 笔）</Text>
      {frozen ? null : (
        <View className='pts-card'>
          <Textarea id='reverse-reason' className='pts-textarea' value={reverseReason} maxlength={200} placeholder='冲正原因（冲正前必填，如：已补交党费）' onInput={(e) => setReverseReason(e.detail.value)} />
        </View>
      )}
      <View className='cells' id='member-entries'>
        {data.entries.map((e) => (
          <EntryRow key={e.id} entry={e} detail={` · ${SOURCE_LABEL[e.sourceType] ?? e.sourceType}${reversed.has(e.id) ? ' · 已冲正' : ''}`}>
            {!frozen && REVERSIBLE.has(e.sourceType) && !e.reverses && !reversed.has(e.id) ? (
              <View className='pts-actions'>
                <Button
                  className='btn btn--plain btn--small'
                  disabled={busy}
                  onClick={() => {
                    if (filled(reverseReason, '上方的冲正原因')) void run(() => reverseEntry({ entryId: e.id, reason: reverseReason }), '已冲正', () => setReverseReason(''))
                  }}
                >
                  冲正
                </Button>
              </View>
            ) : null}
          </EntryRow>
        ))}
      </View>
    </View>
  )
}
