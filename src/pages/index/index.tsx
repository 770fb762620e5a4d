/** 首页：问候调用方，「现在要做的事」（进行中或下一场活动、待学习的推送课程、待审批请假），并按角色列出功能入口。 */
import { Button, Text, View } from '@tarojs/components'
import { api } from '../../api'
import type { ActivityView } from '../../api/activity'
import { isWeapp } from '../../env'
import { scanToSignIn } from '../../utils/scan-sign-in'
import { formatDate, formatTimeRange } from '../../utils/format'
import { ErrorView, LoadingView } from '../../components/page-state'
import { Cell } from '../../components/ui'
import type { PendingLecture } from '../../api/lecture'
import type { GetMeOutput } from '../../api/member'
import { useMe } from '../../hooks/use-me'
import { useQuery } from '../../hooks/use-query'
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
  /** 入口图标：一个字，放在色块里 */
  glyph: string
  /** 色块颜色 @default 红 */
  tone?: 'red' | 'orange' | 'blue' | 'green'
}

const MEMBER_ENTRIES: Entry[] = [
  { id: 'home-activities', title: '组织生活', desc: '三会一课、主题党日签到', url: ROUTES.activityList, glyph: '会' },
  { id: 'home-lectures', title: '微党课', desc: '五个栏目，随时学习', url: ROUTES.study, glyph: '课', tone: 'orange' },
  { id: 'home-points', title: '我的积分', desc: '学习与活动积分', url: ROUTES.pointsMine, branchMemberOnly: true, glyph: '分', tone: 'green' },
]

const MANAGER_ENTRIES: Entry[] = [
  { id: 'home-activity-new', title: '发布活动', desc: '安排组织生活，现场扫码签到', url: ROUTES.activityEdit, glyph: '＋' },
  { id: 'home-alerts', title: '缺席提醒', desc: '无故缺席提醒与年度出勤率', url: ROUTES.activityAlerts, glyph: '勤', tone: 'orange' },
  { id: 'home-invite', title: '邀请党员入支部', desc: '生成邀请链接与二维码', url: ROUTES.invite, glyph: '邀', tone: 'blue' },
  { id: 'home-members', title: '支部党员名册', desc: '查看支部党员与角色', url: ROUTES.members, glyph: '册', tone: 'blue' },
  { id: 'home-survey', title: '满意度调查', desc: '收费站二维码评价与统计', url: ROUTES.surveyStations, glyph: '评', tone: 'green' },
]

function EntryCard({ entry }: { entry: Entry }) {
  const open = () => (entry.url ? go(entry.url) : comingSoon())
  return (
    <View className='card' id={entry.id} onClick={open}>
      <View className='home-card-head'>
        <Text className={`home-glyph home-glyph--${entry.tone ?? 'red'}`}>{entry.glyph}</Text>
        <Text className='card__title home-card-title'>{entry.title}</Text>
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

interface NowData {
  next: ActivityView | null
  pendingLeaves: number
  /** 近 30 天推送到本支部、本人尚未学完的课程 */
  lectures: PendingLecture[]
}

/** 首页列出的待学习课程数（其余在「学习」页） */
const LECTURES_SHOWN = 3

/** 进行中或下一场活动与待审批请假（一次 listActivities，即将开展的前 3 场）和待学习（myPendingLectures）。 */
function useNow(me: GetMeOutput): NowData | null {
  const branchId = me.member?.branchId ?? null
  const query = useQuery<NowData>(
    branchId && me.role !== 'public'
      ? async () => {
          const [res, pending] = await Promise.all([api.activity.listActivities({ scope: 'upcoming', limit: 3 }), api.lecture.myPendingLectures()])
          if (!res.ok) return res
          const next = res.data.activities.find((a) => a.status === 'scheduled') ?? null
          // 待学习 is a hint: without it the rest of the block still shows
          return { ok: true, data: { next, pendingLeaves: res.data.pendingLeaveTotal ?? 0, lectures: pending.ok ? pending.data.items : [] } }
        }
      : null,
    [branchId, me],
  )
  return query.data ?? null
}

function NowBlock({ now }: { now: NowData }) {
  const { next, pendingLeaves, lectures } = now
  if (!next && !pendingLeaves && !lectures.length) return null
  // 今日签到 x/y: the manager's live count of an activity whose sign-in is open (from listActivities).
  const running = next ? Date.parse(next.startAt) <= Date.now() : false
  const attended = next?.myState === 'signed' || next?.myState === 'makeup'
  const canScan = next !== null && next.signIn.open && next.expected && !attended
  return (
    <View className='home-now' id='home-now'>
      {pendingLeaves ? (
        <View className='home-now__row' id='home-pending-leaves' onClick={() => go(ROUTES.activityList)}>
          <Text className='home-now__label'>待审批请假</Text>
          <Text className='home-now__count'>{pendingLeaves}</Text>
          <Text className='cell__arrow'>›</Text>
        </View>
      ) : null}
      {lectures.length ? <PendingLectures lectures={lectures} /> : null}
      {next?.liveCount ? (
        <View className='home-now__row' id='home-live-count' onClick={() => go(`${ROUTES.activitySignIn}?id=${next.id}`)}>
          <Text className='home-now__label'>今日签到</Text>
          <Text className='home-now__live'>
            {next.liveCount.signed} / {next.liveCount.expected}
          </Text>
          <Text className='cell__arrow'>›</Text>
        </View>
      ) : null}
      {next ? (
        <View className='home-now__activity' id='home-next-activity'>
          <View onClick={() => go(`${ROUTES.activityDetail}?id=${next.id}`)}>
            <Text className='home-now__tag'>{running ? '进行中' : '下一场活动'}</Text>
            <Text className='home-now__title'>{next.title}</Text>
            <Text className='home-now__meta'>
              {formatTimeRange(next.startAt, next.endAt)}
              {next.place ? ` · ${next.place}` : ''}
              {attended ? ' · 已签到' : ''}
            </Text>
          </View>
          {canScan ? (
            <Button
              className='btn btn--primary home-now__scan'
              id='home-scan'
              onClick={() => (isWeapp ? void scanToSignIn() : go(`${ROUTES.activityDetail}?id=${next.id}`))}
            >
              扫码签到
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

/** 待学习: the newest pushes not yet studied, each opened with its push (the study counts for it). */
function PendingLectures({ lectures }: { lectures: PendingLecture[] }) {
  return (
    <View id='home-pending-lectures'>
      <View className='home-now__row' onClick={() => go(ROUTES.study)}>
        <Text className='home-now__label'>待学习</Text>
        <Text className='home-now__count' id='home-pending-lectures-count'>
          {lectures.length}
        </Text>
        <Text className='cell__arrow'>›</Text>
      </View>
      {lectures.slice(0, LECTURES_SHOWN).map(({ lecture, push }) => (
        <Cell
          key={lecture.id}
          id={`home-pending-lecture-${lecture.id}`}
          title={lecture.title}
          desc={`${push.label}${push.deadline ? ` · 请于 ${formatDate(push.deadline)} 前完成` : ''}${lecture.progress?.state === 'in_progress' ? ` · 已学 ${lecture.progress.percent}%` : ''}`}
          onClick={() => go(`${ROUTES.lectureDetail}?id=${lecture.id}&push=${push.id}`)}
        />
      ))}
    </View>
  )
}

function Home({ me }: { me: GetMeOutput }) {
  const isMember = me.member !== null && me.role !== 'public'
  const isManager = me.role === 'secretary' || me.role === 'admin'
  const now = useNow(me)
  return (
    <View>
      <View className='hero'>
        <Text className='hero__title' id='home-greeting'>
          {greetingOf(me)}
        </Text>
        <Text className='hero__sub'>{subtitleOf(me)}</Text>
      </View>

      {isMember && now ? <NowBlock now={now} /> : null}

      {isMember ? (
        <View>
          {isManager ? <Text className='section-title home-section'>我的</Text> : null}
          <View className={isManager ? 'cards cards--flat' : 'cards'} id='home-mine'>
            {MEMBER_ENTRIES.filter((entry) => !entry.branchMemberOnly || me.member?.branchId).map((entry) => (
              <EntryCard key={entry.id} entry={entry} />
            ))}
          </View>
          {isManager ? (
            <View id='home-manage'>
              <Text className='section-title home-section'>支部管理</Text>
              <View className='cards cards--flat'>
                {MANAGER_ENTRIES.map((entry) => (
                  <EntryCard key={entry.id} entry={entry} />
                ))}
              </View>
            </View>
          ) : null}
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
