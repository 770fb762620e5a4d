/**
 * 组织生活：即将开展 / 已结束两栏活动卡片。党员在卡片上看到自己的出勤状态；支部书记和党委管理员
 * 可发布活动，并进入缺席提醒与年度出勤统计。
 */
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useShareAppMessage } from '@tarojs/taro'
import { api } from '../../../api'
import type { ActivityView } from '../../../api/activity'
import { usePullRefresh } from '../../../hooks/use-pull-refresh'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { go } from '../../../utils/feedback'
import { formatTimeRange } from '../../../utils/format'
import { STATE_LABEL, stateClass, windowState } from '../components/activity-labels'
import { ErrorState, ErrorView, Loading } from '../../../components/page-state'
import { ResultPage, Skeleton } from '../../../components/ui'
import { BranchPicker, isManager, useScope } from '../components/use-scope'
import '../components/activity.css'
import './index.css'

type Scope = 'upcoming' | 'past'

const TABS: Array<{ key: Scope; label: string }> = [
  { key: 'upcoming', label: '即将开展' },
  { key: 'past', label: '已结束' },
]

function ActivityCard({ activity }: { activity: ActivityView }) {
  const cancelled = activity.status === 'cancelled'
  // 未签到 only once signing in is possible: before the window opens nobody has missed anything.
  const state = activity.myState === 'pending' && windowState(activity) === 'not_started' ? null : activity.myState
  return (
    <View
      className={cancelled ? 'act-card act-card--cancelled' : 'act-card'}
      id={`activity-card-${activity.id}`}
      onClick={() => go(`${ROUTES.activityDetail}?id=${activity.id}`)}
    >
      <View className='act-card__head'>
        <Text className='kind-badge'>{activity.kindLabel}</Text>
        {cancelled ? (
          <Text className='att-badge att-badge--cancelled'>已取消</Text>
        ) : state ? (
          <Text className={stateClass(state)} id={`activity-state-${activity.id}`}>
            {STATE_LABEL[state]}
          </Text>
        ) : activity.signIn.open ? (
          <Text className='att-badge att-badge--open'>签到中</Text>
        ) : null}
        {!cancelled && activity.pendingLeaves ? (
          <Text className='att-badge att-badge--leave_pending act-card__leaves' id={`activity-leaves-${activity.id}`}>
            待审批请假 {activity.pendingLeaves}
          </Text>
        ) : null}
      </View>
      <Text className='act-card__title'>{activity.title}</Text>
      <Text className='act-card__meta'>{formatTimeRange(activity.startAt, activity.endAt)}</Text>
      {activity.place ? <Text className='act-card__meta'>地点：{activity.place}</Text> : null}
    </View>
  )
}

export default function ActivityListPage() {
  const { state: scope, reload, chooseBranch } = useScope()
  const [tab, setTab] = useState<Scope>('upcoming')
  const ready = scope.status === 'ready' ? scope : null
  const canList = ready !== null && ready.me.role !== 'public' && (ready.me.role !== 'admin' || ready.branchId !== null)
  const branchId = ready?.branchId ?? null

  // Reloads on every show, on a tab switch (the skeleton first) and on another branch.
  const query = useQuery(
    canList ? () => api.activity.listActivities({ scope: tab, ...(branchId ? { branchId } : {}) }) : null,
    [tab, branchId],
    { refreshOnShow: true },
  )

  useShareAppMessage(() => ({ title: '组织生活', path: ROUTES.activityList }))
  usePullRefresh(query.reload)

  if (scope.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='activity-list-error' message={scope.message} onRetry={reload} />

  const { me } = scope
  if (me.role === 'public') {
    return (
      <ResultPage
        icon='info'
        title='组织生活面向支部党员'
        message='加入党支部后即可查看和参加组织生活'
        messageId='activity-list-join'
        primary={{ id: 'activity-list-join-go', label: '使用邀请码加入支部', onClick: () => go(ROUTES.join) }}
      />
    )
  }

  const manager = isManager(me)
  const list = query.state

  return (
    <View className='page'>
      <View className='tabs'>
        {TABS.map((t) => (
          <View
            key={t.key}
            className={t.key === tab ? 'tabs__item tabs__item--active' : 'tabs__item'}
            id={`activity-tab-${t.key}`}
            onClick={() => setTab(t.key)}
          >
            {t.label}
            {t.key === tab ? <View className='tabs__bar' /> : null}
          </View>
        ))}
      </View>

      <BranchPicker state={scope} onChange={chooseBranch} />

      <View className='toolbar'>
        {manager ? (
          <Button className='btn btn--primary btn--small list-toolbar-btn' id='activity-new' onClick={() => go(ROUTES.activityEdit)}>
            ＋ 发布活动
          </Button>
        ) : null}
        <View className='toolbar__links'>
          {manager ? (
            <Text className='link' id='activity-alerts' onClick={() => go(ROUTES.activityAlerts)}>
              缺席提醒
            </Text>
          ) : null}
          {manager ? (
            <Text className='link' id='activity-stats' onClick={() => go(`${ROUTES.activityAlerts}?tab=stats`)}>
              年度出勤
            </Text>
          ) : null}
          {me.member?.branchId ? (
            <Text className='link' id='activity-mine' onClick={() => go(ROUTES.activityMine)}>
              我的出勤
            </Text>
          ) : null}
        </View>
      </View>

      {list.status === 'ready' && list.data.pendingLeaveTotal ? (
        <Text className='notice' id='activity-pending-leaves'>
          本支部有 {list.data.pendingLeaveTotal} 条请假申请待审批，请在标有「待审批请假」的活动的考勤页处理。
        </Text>
      ) : null}

      {!canList ? (
        <Text className='empty'>请先选择党支部</Text>
      ) : list.status === 'loading' ? (
        <Skeleton id='activity-list-loading' />
      ) : list.status === 'error' ? (
        <ErrorView id='activity-list-error' message={list.message} code={list.code} onRetry={() => void query.reload()} />
      ) : list.data.activities.length === 0 ? (
        <Text className='empty' id='activity-empty'>
          {tab === 'upcoming' ? (manager ? '暂无即将开展的活动，点击「发布活动」安排组织生活' : '暂无即将开展的活动') : '暂无已结束的活动'}
        </Text>
      ) : (
        <View className='act-list' id='activity-list'>
          {list.data.activities.map((a) => (
            <ActivityCard key={a.id} activity={a} />
          ))}
        </View>
      )}
    </View>
  )
}
