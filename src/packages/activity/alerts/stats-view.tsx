/** 年度出勤: the branch's rate (headline), 三会一课, by kind, by month and by member, as bars. */
import { Text, View } from '@tarojs/components'
import type { AttendanceStatsOutput } from '../../../api/activity'
import { Section } from '../../../components/ui'
import { formatRate } from '../../../utils/format'

/** 三会一课：支部党员大会、支委会、党小组会、党课 */
const THREE_MEETINGS = new Set(['party_congress', 'committee', 'group_meeting', 'party_lecture'])
/** 出勤率低于此值的条形标为橙色 */
const LOW_RATE = 0.8

function Bar({ label, rate, detail, id }: { label: string; rate: number | null; detail?: string; id?: string }) {
  const pct = rate === null ? 0 : Math.max(0, Math.min(100, rate * 100))
  return (
    <View className='bar-row' id={id}>
      <Text className='bar-row__label'>{label}</Text>
      <View className='bar'>
        <View className={rate !== null && rate < LOW_RATE ? 'bar__fill bar__fill--low' : 'bar__fill'} style={{ width: `${pct}%` }} />
      </View>
      <Text className='bar-row__value'>{rate === null ? (detail ?? '—') : formatRate(rate)}</Text>
    </View>
  )
}

export function StatsView({ stats }: { stats: AttendanceStatsOutput }) {
  const three = stats.byKind.filter((k) => THREE_MEETINGS.has(k.kind))
  const threeExpected = three.reduce((n, k) => n + k.expected, 0)
  const threeAttended = three.reduce((n, k) => n + k.attended, 0)
  const threeRate = threeExpected ? threeAttended / threeExpected : null
  // Only rows with something to say: months that had activities, members who were expected.
  const members = stats.byMember
    .filter((m) => m.expected > 0)
    .sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.name.localeCompare(b.name, 'zh-CN'))
  const idle = stats.byMember.length - members.length
  const months = stats.byMonth.filter((m) => m.expected > 0)

  return (
    <View>
      <View className='headline'>
        <Text className='headline__label'>{stats.year}年全支部出勤率</Text>
        <Text className='headline__num' id='stats-rate'>
          {formatRate(stats.branch.rate)}
        </Text>
        <Text className='headline__sub'>
          应到 {stats.branch.expected} 人次 · 实到 {stats.branch.attended} 人次（含补录）
        </Text>
        <Text className='headline__sub' id='stats-three'>
          三会一课出勤率 {formatRate(threeRate)}
        </Text>
      </View>

      <Section title='按活动类型' />
      <View className='bars' id='stats-kinds'>
        {stats.byKind.length === 0 ? (
          <Text className='empty'>本年度还没有已结束的活动</Text>
        ) : (
          stats.byKind.map((k) => <Bar key={k.kind} label={k.kindLabel} rate={k.rate} />)
        )}
      </View>

      <Section title='按月份' />
      <View className='bars' id='stats-months'>
        {months.length === 0 ? (
          <Text className='empty' id='stats-months-empty'>
            本年度还没有已结束的活动
          </Text>
        ) : (
          months.map((m) => <Bar key={m.month} label={`${m.month}月`} rate={m.rate} />)
        )}
      </View>
      {months.length && months.length < stats.byMonth.length ? (
        <Text className='stats-note'>其余 {stats.byMonth.length - months.length} 个月没有已结束的活动，未列出</Text>
      ) : null}

      <Section title='按党员（出勤率由低到高）' />
      <View className='cells' id='stats-members'>
        {members.length === 0 ? (
          <Text className='empty' id='stats-members-empty'>
            活动结束后，这里按党员列出出勤率
          </Text>
        ) : null}
        {members.map((m) => (
          <View key={m.memberId} className='member-rate' id={`stats-member-${m.memberId}`}>
            <Text className='member-rate__name'>{m.name}</Text>
            <View className='bar'>
              <View
                className={m.rate !== null && m.rate < LOW_RATE ? 'bar__fill bar__fill--low' : 'bar__fill'}
                style={{ width: `${m.rate === null ? 0 : m.rate * 100}%` }}
              />
            </View>
            <Text className='member-rate__meta'>
              {m.attended}/{m.expected} · 假{m.leave} · 缺{m.absent}
            </Text>
            <Text className='member-rate__value'>{formatRate(m.rate)}</Text>
          </View>
        ))}
      </View>
      {members.length && idle ? <Text className='stats-note'>另有 {idle} 名党员本年度没有需要参加的已结束活动，未列出</Text> : null}
    </View>
  )
}
