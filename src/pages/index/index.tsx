/** 首页：问候调用方，并按角色列出可用的功能入口。 */
import { Text, View } from '@tarojs/components'
import { ErrorView, LoadingView } from '../../components/page-state'
import type { GetMeOutput } from '../../api/member'
import { useMe } from '../../hooks/use-me'
import { ROUTES } from '../../routes'
import { comingSoon, go } from '../../utils/feedback'
import { roleLabel } from '../../utils/format'
import './index.css'

interface Entry {
  id: string
  title: string
  desc: string
  /** 尚未开放的功能如实标注「即将上线」 */
  soon?: boolean
  url?: string
  /** 只对支部党员有意义（党委管理员不属于任何支部，没有个人积分） */
  branchMemberOnly?: boolean
}

const MEMBER_ENTRIES: Entry[] = [
  { id: 'home-activities', title: '组织生活', desc: '三会一课、主题党日签到', url: ROUTES.activityList },
  { id: 'home-lectures', title: '微党课', desc: '五个栏目，随时学习', url: ROUTES.study },
  { id: 'home-points', title: '我的积分', desc: '学习与活动积分', url: ROUTES.points, branchMemberOnly: true },
]

const MANAGER_ENTRIES: Entry[] = [
  { id: 'home-activity-new', title: '发布活动', desc: '安排组织生活，现场扫码签到', url: ROUTES.activityEdit },
  { id: 'home-alerts', title: '缺席提醒', desc: '无故缺席提醒与年度出勤率', url: ROUTES.activityAlerts },
  { id: 'home-invite', title: '邀请党员入支部', desc: '生成邀请码供党员加入', url: ROUTES.invite },
  { id: 'home-members', title: '支部党员名册', desc: '查看支部党员与角色', url: ROUTES.members },
  { id: 'home-survey', title: '满意度调查', desc: '收费站二维码评价与统计', url: ROUTES.surveyStations },
]

function EntryCard({ entry }: { entry: Entry }) {
  const open = () => (entry.url ? go(entry.url) : comingSoon())
  return (
    <View className='card' id={entry.id} onClick={open}>
      <View className='home-card-head'>
        <Text className='card__title'>{entry.title}</Text>
        {entry.soon ? <Text className='badge badge--soon'>即将上线</Text> : null}
      </View>
      <Text className='card__desc'>{entry.desc}</Text>
    </View>
  )
}

function greetingOf(me: GetMeOutput): string {
  if (me.member) return `${me.member.name}同志，您好`
  return '您好，欢迎使用智慧党建'
}

function subtitleOf(me: GetMeOutput): string {
  // 党委管理员不属于任何支部：显示所在党委
  if (me.role === 'admin') return [me.org?.name, roleLabel(me.role)].filter(Boolean).join(' · ')
  if (me.member) return [me.branch?.name, roleLabel(me.role)].filter(Boolean).join(' · ')
  return me.org?.name ?? '党支部组织生活 · 微党课 · 党员积分'
}

function Home({ me }: { me: GetMeOutput }) {
  const isMember = me.member !== null && me.role !== 'public'
  const isManager = me.role === 'secretary' || me.role === 'admin'
  return (
    <View>
      <View className='hero'>
        <Text className='hero__title' id='home-greeting'>
          {greetingOf(me)}
        </Text>
        <Text className='hero__sub'>{subtitleOf(me)}</Text>
      </View>

      {isMember ? (
        <View className='cards'>
          {MEMBER_ENTRIES.filter((entry) => !entry.branchMemberOnly || me.member?.branchId).map((entry) => (
            <EntryCard key={entry.id} entry={entry} />
          ))}
          {isManager ? MANAGER_ENTRIES.map((entry) => <EntryCard key={entry.id} entry={entry} />) : null}
        </View>
      ) : (
        <View>
          <View className='cards'>
            <View className='card card--wide' id='home-join' onClick={() => go(ROUTES.join)}>
              <View className='home-card-head'>
                <Text className='card__title'>加入支部</Text>
                <Text className='cell__arrow'>›</Text>
              </View>
              <Text className='card__desc'>使用支部书记提供的邀请码加入党支部</Text>
            </View>
          </View>
          <Text className='home-intro'>
            「智慧党建」为党支部提供组织生活签到、微党课学习和党员积分等服务。党员请使用支部书记提供的邀请码加入支部，加入后即可使用各项功能。
          </Text>
          {me.identified ? null : <Text className='notice'>请在微信中打开本小程序，以便识别您的身份后加入支部。</Text>}
        </View>
      )}
    </View>
  )
}

export default function IndexPage() {
  const { state, reload } = useMe()
  return (
    <View className='page'>
      {state.status === 'loading' ? (
        <LoadingView />
      ) : state.status === 'error' ? (
        <ErrorView id='home-error' message={state.message} onRetry={reload} />
      ) : (
        <Home me={state.me} />
      )}
    </View>
  )
}
