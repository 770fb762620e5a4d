/**
 * 积分审核（支部书记 / 党委管理员）：待初评的申报（通过进入公示，不通过退回）、公示中有异议的申报（异议
 * 成立不通过；不成立继续公示）、公示期满的申报（生效记分）；以及上月与本月的双承诺评分（0–6 分）。
 * 本人的申报与承诺须由其他支委或党委管理员审核。党委管理员在上方选择支部。
 */
import { useState } from 'react'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import { APPLICATION_STATUS_LABEL, POINTS_CATEGORY_LABEL, resolveObjectionInput, type ApplicationView } from '../../../../contracts/points.contract'
import type { Result } from '../../../../contracts/result'
import { api } from '../../../api'
import { Button, Cells, Empty, Field, FieldError, Form, Section } from '../../../components/ui'
import { useZodForm } from '../../../hooks/use-form'
import { confirmDanger, toastSuccess } from '../../../utils/feedback'
import { cnParts, formatDate } from '../../../utils/format'
import { labelled } from '../components/labels'
import { useBranchQuery } from '../components/scope'
import '../components/points.css'

const named = labelled({ note: '处理说明' })

/** The month's last day (YYYY-MM-DD): from that day the secretary may score the month's commitments. */
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

function todayCn(): string {
  const p = cnParts(Date.now())
  return p ? `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}` : new Date().toISOString().slice(0, 10)
}

function months(): [string, string] {
  const p = cnParts(Date.now())
  const y = p?.year ?? new Date().getUTCFullYear()
  const m = p?.month ?? new Date().getUTCMonth() + 1
  const fmt = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`
  return [m === 1 ? fmt(y - 1, 12) : fmt(y, m - 1), fmt(y, m)]
}

async function loadQueue(branch: { branchId?: string }) {
  const [prev, current] = months()
  const [apps, c1, c2, rules] = await Promise.all([
    api.points.listApplications({ scope: 'review', ...branch }),
    api.points.listCommitments({ month: prev, ...branch }),
    api.points.listCommitments({ month: current, ...branch }),
    api.points.getRules(),
  ])
  if (!apps.ok) return apps
  if (!c1.ok) return c1
  if (!c2.ok) return c2
  if (!rules.ok) return rules
  // the month's highest score is the rule in force today (an admin may have changed it)
  const max = rules.data.rules.commitmentMax
  return { ok: true as const, data: { apps: apps.data.applications, asOf: apps.data.asOf, commitments: [...c1.data.commitments, ...c2.data.commitments], max } }
}

/** The 公示 has run its days by the server's clock (`now` is the list's asOf). */
const ended = (a: ApplicationView, now: string) => a.status === 'publicity' && !!a.publicUntil && a.publicUntil <= now

/** What the secretary may do with an application in its state. */
function decisions(a: ApplicationView, now: string): Array<{ label: string; plain?: boolean; danger?: string; write: (note: string) => Promise<Result<unknown>>; done: string }> {
  const note = (n: string) => (n.trim() ? { note: n } : {})
  if (a.status === 'pending') {
    return [
      { label: '初评通过', write: (n) => api.points.review({ applicationId: a.id, approve: true, ...note(n) }), done: '已通过，进入公示' },
      { label: '不通过', plain: true, danger: '退回这份申报？', write: (n) => api.points.review({ applicationId: a.id, approve: false, ...note(n) }), done: '已退回' },
    ]
  }
  if (a.status === 'objected') {
    return [
      { label: '异议不成立', write: (n) => api.points.resolveObjection({ applicationId: a.id, uphold: false, note: n }), done: '异议不成立，继续公示' },
      { label: '异议成立', plain: true, danger: '异议成立，这份申报将不通过', write: (n) => api.points.resolveObjection({ applicationId: a.id, uphold: true, note: n }), done: '异议成立，申报不通过' },
    ]
  }
  if (ended(a, now)) {
    return [{ label: '公示期满，生效', write: () => api.points.finalize({ applicationId: a.id }), done: '积分已生效' }]
  }
  return []
}

export default function ReviewPage() {
  const page = useBranchQuery('review-error', loadQueue)
  const form = useZodForm(['note'] as const, { issues: named })
  const [note, setNote] = useState('')
  const [scores, setScores] = useState<Record<string, number>>({})
  if (page.view) return page.view
  const { apps, asOf, commitments, max } = page.data
  const scores0 = Array.from({ length: max + 1 }, (_, i) => `${i} 分`)
  const initial = Math.min(5, max)
  const today = todayCn()

  const run = async (write: () => Promise<Result<unknown>>, done: string) => {
    if (!(await form.submit(write))) return
    toastSuccess(done)
    setNote('')
    void page.query.reload()
  }
  const decide = async (a: ApplicationView, d: ReturnType<typeof decisions>[number]) => {
    // 异议的处理说明必填：先按契约检查，说明写在框下。
    if (a.status === 'objected' && !form.check(resolveObjectionInput, { action: 'resolveObjection', applicationId: a.id, uphold: false, note })) return
    if (d.danger && !(await confirmDanger(d.danger, note.trim() ? `意见：${note.trim()}` : '可在上方填写审核意见', d.label))) return
    await run(() => d.write(note), d.done)
  }

  // 公示是否期满以服务器时间为准（手机时钟可能不准）
  const now = asOf
  return (
    <View className='page'>
      {page.picker}
      <Section title={`积分申报（${apps.length}）`} />
      <Form>
        <Field label='审核意见' className='pts-stack'>
          <Textarea id='review-note' className='pts-textarea' value={note} maxlength={200} placeholder='审核意见 / 异议处理说明（处理异议时必填）' onInput={(e) => setNote(e.detail.value)} />
        </Field>
      </Form>
      <FieldError id='review-note-error' message={form.errors.note} />
      {apps.length === 0 ? (
        <Empty id='review-empty'>没有待处理的申报</Empty>
      ) : (
        <Cells id='review-apps'>
          {apps.map((a) => (
            <View key={a.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>
                  {a.memberName} · {POINTS_CATEGORY_LABEL[a.category]} {a.amount} 分 · {ended(a, now) ? '公示期满' : APPLICATION_STATUS_LABEL[a.status]}
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
                {a.status === 'publicity' && a.publicUntil ? (
                  <Text className='cell__desc'>
                    {ended(a, now) ? '公示已于' : '公示至'} {formatDate(a.publicUntil)}
                    {ended(a, now) ? ' 结束，无异议，可以生效' : ''}
                  </Text>
                ) : null}
                <View className='pts-row-actions'>
                  {decisions(a, now).map((d) => (
                    <Button key={d.label} small kind={d.plain ? 'plain' : 'primary'} disabled={form.submitting} onClick={() => void decide(a, d)}>
                      {d.label}
                    </Button>
                  ))}
                </View>
              </View>
            </View>
          ))}
        </Cells>
      )}

      <Section title={`双承诺评分（上月与本月，月末起可评 0–${max} 分）`} />
      {commitments.length === 0 ? (
        <Empty id='review-commitments-empty'>上月与本月都还没有党员提交承诺</Empty>
      ) : (
        <Cells id='review-commitments'>
          {commitments.map((c) => (
            <View key={c.id} className='cell'>
              <View className='cell__body'>
                <Text className='cell__title'>
                  {c.month} · {c.memberName}
                </Text>
                <Text className='cell__desc'>岗位：{c.post}</Text>
                <Text className='cell__desc'>服务：{c.service}</Text>
                {c.score === null && today < lastDayOf(c.month) ? (
                  <Text className='cell__desc'>待评：{formatDate(lastDayOf(c.month))}（月末）起可评分</Text>
                ) : c.score === null ? (
                  <View className='pts-row-actions'>
                    <Picker mode='selector' range={scores0} value={Math.min(scores[c.id] ?? initial, max)} onChange={(e) => setScores({ ...scores, [c.id]: Number(e.detail.value) })}>
                      <View className='pts-chip'>{Math.min(scores[c.id] ?? initial, max)} 分 ›</View>
                    </Picker>
                    <Button
                      small
                      disabled={form.submitting}
                      onClick={() => void run(() => api.points.reviewCommitment({ commitmentId: c.id, score: Math.min(scores[c.id] ?? initial, max), ...(note.trim() ? { note } : {}) }), '已评分')}
                    >
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
        </Cells>
      )}
    </View>
  )
}
