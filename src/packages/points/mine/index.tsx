/**
 * 我的积分（党员）：百分制得分与等次、基础分 / 任务分 / 奖励分 / 荣誉加分各自对上限的进度、距下一等次
 * 还差几分，以及本年度每一笔记录（更正以冲正记录体现，从不改写）。
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { GRADE_LABEL, GRADE_THRESHOLDS, POINTS_SOURCE_LABEL } from '../../../../contracts/points.contract'
import { api } from '../../../api'
import { Cell, Cells, Empty, Hint, Section } from '../../../components/ui'
import { useMe } from '../../../hooks/use-me'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { exportAndSave } from '../../../utils/download'
import { go } from '../../../utils/feedback'
import { EntryRow } from '../components/entry-row'
import { gate } from '../components/scope'
import '../components/points.css'

const LINKS: Array<{ id: string; title: string; url: string; managers?: boolean; admin?: boolean }> = [
  { id: 'pts-go-apply', title: '积分申报（任务分、奖励分、荣誉）', url: ROUTES.pointsApply },
  { id: 'pts-go-commit', title: '党员双承诺', url: ROUTES.pointsCommit },
  { id: 'pts-go-ranking', title: '支部排名与公示', url: ROUTES.pointsRanking },
  { id: 'pts-go-review', title: '积分审核（初评、异议、承诺评分）', url: ROUTES.pointsReview, managers: true },
  { id: 'pts-go-manage', title: '扣分、冲正与参评标记', url: ROUTES.pointsManage, managers: true },
  { id: 'pts-go-admin', title: '积分规则与年度封存', url: ROUTES.pointsAdmin, admin: true },
]

/** 距下一等次还差几分（已优秀时为 null） */
function nextGrade(score: number): string | null {
  if (score >= GRADE_THRESHOLDS.excellent) return null
  const [label, at] = score >= GRADE_THRESHOLDS.qualified ? ['优秀', GRADE_THRESHOLDS.excellent] : score >= GRADE_THRESHOLDS.basic ? ['合格', GRADE_THRESHOLDS.qualified] : ['基本合格', GRADE_THRESHOLDS.basic]
  return `距「${label}」还差 ${at - score} 分`
}

function Bar({ id, label, value, cap }: { id: string; label: string; value: number; cap: number | null }) {
  const pct = cap ? Math.min(100, Math.round((value / cap) * 100)) : 100
  return (
    <View className='pts-bar' id={id}>
      <View className='pts-bar__row'>
        <Text>{label}</Text>
        <Text>{cap === null ? `+${value}` : `${value} / ${cap}`}</Text>
      </View>
      {cap === null ? null : (
        <View className='pts-bar__track'>
          <View className='pts-bar__fill' style={{ width: `${pct}%` }} />
        </View>
      )}
    </View>
  )
}

export default function MyPointsPage() {
  const points = useQuery(() => api.points.getMyPoints(), [], { refreshOnShow: true })
  const me = useMe()
  const [exporting, setExporting] = useState(false)
  const waiting = gate('pts-error', points)
  if (waiting || !points.data) return waiting
  const data = points.data
  const role = me.state.status === 'ready' ? me.state.me.role : 'member'
  const manager = role === 'secretary' || role === 'admin'
  const next = nextGrade(data.score)
  const download = async () => {
    if (exporting) return
    setExporting(true)
    await exportAndSave(() => api.points.exportMine({ year: data.year }))
    setExporting(false)
  }
  return (
    <View className='page'>
      <View className='pts-head'>
        <Text className='pts-head__label'>{data.year}年度积分（百分制）</Text>
        <Text className='pts-head__num' id='pts-score'>
          {data.score}
        </Text>
        <Text className='pts-head__sub' id='pts-grade'>
          {data.exempt ? '本年度免于参评' : `当前等次：${data.grade ? GRADE_LABEL[data.grade] : '—'}${data.violation ? '（有违纪记录）' : ''}`}
          {next && !data.exempt && !data.violation ? `，${next}` : ''}
        </Text>
      </View>

      <Section title='分类得分' />
      <Cells className='pts-bars'>
        <Bar id='pts-bar-base' label='基础分' value={data.byCategory.base} cap={data.caps.base} />
        <Bar id='pts-bar-task' label='任务分' value={data.byCategory.task} cap={data.caps.task} />
        <Bar id='pts-bar-reward' label='奖励分' value={data.byCategory.reward} cap={data.caps.reward} />
        <Bar id='pts-bar-honour' label='荣誉加分（县级及以上）' value={data.byCategory.honour} cap={null} />
      </Cells>
      <Hint>等次：90 分及以上优秀，80–89 合格，60–79 基本合格，60 分以下不合格</Hint>

      <Section title='积分事务' />
      <Cells>
        {LINKS.filter((l) => (l.admin ? role === 'admin' : l.managers ? manager : true)).map((l) => (
          <Cell key={l.id} id={l.id} title={l.title} onClick={() => go(l.url)} />
        ))}
      </Cells>

      <Section title={`积分明细（${data.entries.length} 笔）`} />
      {data.entries.length === 0 ? null : (
        <Cells>
          <Cell id='pts-export' title={exporting ? '正在导出…' : '导出我的积分明细（Excel）'} onClick={() => void download()} />
        </Cells>
      )}
      {data.entries.length === 0 ? (
        <Empty id='pts-empty'>本年度还没有积分记录：参加组织生活签到、学习微党课、填写双承诺都可以获得积分</Empty>
      ) : (
        <Cells id='pts-list'>
          {data.entries.map((e) => (
            <EntryRow key={e.id} entry={e} detail={` · ${POINTS_SOURCE_LABEL[e.sourceType] ?? e.sourceType}`} />
          ))}
        </Cells>
      )}
    </View>
  )
}
