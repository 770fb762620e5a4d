/**
 * The study report's workbook, cell by cell: each member's state, progress, completion time and
 * push; each push's reach; who to remind — the same figures getStudyReport answers, in Chinese.
 */
import type { lecture as L } from '../../contracts'
import { cnTime, pct } from '../../server/domain/shared/china-time'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'
import { readWorkbook, trimRow } from '../support/xlsx'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const M = (n: number) => DEMO.memberOpenid(n)
const AUDIO = 'lec_demo_audio' // 20 s → complete at 18 s

const sheetsOf = readWorkbook
const trim = trimRow

test('学习情况, 推送效果 and 待提醒 hold what the report says, with states, percentages, times and rates in Chinese', async () => {
  const h = await makeHarness()
  const beat = (openid: string, positionSec: number) => h.call('lecture', openid, { action: 'reportProgress', lectureId: AUDIO, positionSec, playing: true })
  const push = dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: '第四党支部全体群', deadline: '2026-11-21T12:00:00.000Z' }))
  dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: '党小组群' }))
  dataOf(await h.call('lecture', M(1), { action: 'getLecture', lectureId: AUDIO, pushId: push.pushId }))
  dataOf(await beat(M(1), 0))
  dataOf(await beat(M(2), 0))
  h.clock.advance(10_000)
  dataOf(await beat(M(2), 10))
  h.clock.advance(10_000)
  dataOf(await beat(M(1), 20))

  const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SECRETARY, { action: 'getStudyReport', lectureId: AUDIO }))
  const out = dataOf(await h.call<L.ExportFileOutput>('lecture', SECRETARY, { action: 'exportStudyReport', lectureId: AUDIO }))
  expect(out.fileName).toBe(`学习情况_${report.lecture.title}.xlsx`)
  const book = await sheetsOf(out.base64)
  expect(book.names).toEqual(['学习情况', '推送效果', '待提醒'])

  const study = book.rows('学习情况')
  expect(study[0]?.[0]).toBe(`党课随身听｜${report.lecture.title}｜已完成 1/21`)
  expect(study[1]).toEqual(['姓名', '状态', '进度', '完成时间', '来自推送'])
  const state = { none: '未开始', in_progress: '学习中', completed: '已完成' } as const
  expect(study.slice(2)).toEqual(report.rows.map((r) => trim([r.name, state[r.state], `${r.percent}%`, cnTime(r.completedAt), r.viaPush ?? ''])))
  expect(study.find((r) => r[0] === '李明华')).toEqual(['李明华', '已完成', '100%', cnTime(report.rows.find((r) => r.name === '李明华')?.completedAt ?? null), '第四党支部全体群'])
  expect(study.find((r) => r[0] === '张晓燕')?.slice(0, 2)).toEqual(['张晓燕', '学习中'])
  expect(study.find((r) => r[0] === '刘建军')).toEqual(['刘建军', '未开始', '0%'])

  const pushes = book.rows('推送效果')
  expect(pushes[0]).toEqual(['推送到', '推送时间', '截止时间', '打开人数', '经此完成', '截止前完成', '完成率'])
  expect(pushes.slice(1)).toEqual(report.pushes.map((p) => [p.label, cnTime(p.createdAt), cnTime(p.deadline), String(p.opens), String(p.completions), String(p.completedByDeadline), pct(p.rate)]))
  expect(pushes.find((r) => r[0] === '第四党支部全体群')?.slice(2)).toEqual(['2026-11-21 20:00', '1', '1', '1', pct(1 / 21)])
  expect(pushes.find((r) => r[0] === '党小组群')?.[2]).toBe('')

  const remind = book.rows('待提醒')
  expect(remind[0]).toEqual(['尚未开始学习的党员'])
  expect(remind.slice(1)).toEqual(report.remind.map((n) => [n]))
  expect(remind).toHaveLength(20)
})
