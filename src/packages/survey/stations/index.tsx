/**
 * 收费站（支部书记 / 党委管理员）：本支部（管理员：全部支部）的收费站与窗口数，进入二维码、统计；
 * 新增收费站（名称 + 窗口，可一键填入「1-8号窗口」）；全部统计与问卷题目的入口。
 */
import { useRef, useState } from 'react'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { api } from '../../../api'
import { useQuery } from '../../../hooks/use-query'
import { ROUTES } from '../../../routes'
import { inputId } from '../../../utils/element-id'
import { go, toastSuccess } from '../../../utils/feedback'
import { newRequestId } from '../../../utils/request-id'
import { ErrorState, Loading } from '../../../components/page-state'
import { useManager } from '../components/use-manager'
import { numberedWindows, parseWindows } from '../components/windows'
import { rememberBranch } from '../../../utils/branch-choice'
import '../components/survey.css'
import './index.css'

const QUICK_FILL = [4, 6, 8, 12]

export default function StationsPage() {
  const { state: scope, reload: reloadScope } = useManager()
  const list = useQuery(() => api.survey.listStations({}), [], { refreshOnShow: true })
  const [name, setName] = useState('')
  const [windows, setWindows] = useState('')
  const [chosenIndex, setBranchIndex] = useState<number | null>(null)
  const branchIndex = chosenIndex ?? (scope.status === 'ready' ? scope.defaultIndex : 0)
  const pickBranch = (i: number) => {
    setBranchIndex(i)
    if (scope.status === 'ready' && scope.isAdmin) rememberBranch(scope.branches[i]?.id ?? null)
  }
  const [formError, setFormError] = useState('')
  const [busy, setBusy] = useState(false)
  const requestId = useRef(newRequestId())

  if (scope.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='stations-error' message={scope.message} onRetry={reloadScope} />
  if (scope.status === 'forbidden') return <ErrorState id='stations-error' message={scope.message} />

  const { isAdmin, branches } = scope
  const branchName = new Map(branches.map((b) => [b.id, b.name]))
  const names = parseWindows(windows)

  const create = async () => {
    if (busy) return
    const trimmed = name.trim()
    if (trimmed.length < 2) {
      setFormError('请填写收费站名称（至少 2 个字）')
      return
    }
    if (!names.length) {
      setFormError('请至少填写一个窗口，如「1号窗口」')
      return
    }
    const branchId = isAdmin ? branches[branchIndex]?.id : undefined
    if (isAdmin && !branchId) {
      setFormError('请先选择党支部')
      return
    }
    setFormError('')
    setBusy(true)
    const res = await api.survey.createStation({ name: trimmed, windows: names, requestId: requestId.current, ...(branchId ? { branchId } : {}) })
    setBusy(false)
    if (!res.ok) {
      setFormError(res.error.issues?.[0]?.message ?? res.error.message)
      return
    }
    requestId.current = newRequestId()
    setName('')
    setWindows('')
    toastSuccess('已新增收费站')
    go(`${ROUTES.surveyCodes}?stationId=${res.data.station.id}`)
  }

  return (
    <View className='page'>
      <View className='svm-links'>
        <Text className='svm-link' id='survey-dashboard-all' onClick={() => go(ROUTES.surveyDashboard)}>
          全部统计 ›
        </Text>
        <Text className='svm-link' id='survey-definition' onClick={() => go(ROUTES.surveyDefinition)}>
          问卷题目 ›
        </Text>
      </View>

      <Text className='section-title'>收费站</Text>
      {list.state.status === 'loading' ? (
        <Text className='svm-empty'>加载中…</Text>
      ) : list.state.status === 'error' ? (
        <Text className='svm-empty' id='stations-list-error' onClick={() => void list.reload()}>
          {list.state.message}（点此重试）
        </Text>
      ) : list.state.data.stations.length === 0 ? (
        <Text className='svm-empty' id='stations-empty'>
          还没有收费站，请在下方新增
        </Text>
      ) : (
        <View className='svm-list' id='stations-list'>
          {list.state.data.stations.map((s) => (
            <View key={s.id} className='svm-card' id={`station-${s.id}`}>
              <Text className='svm-card__title'>{s.name}</Text>
              <Text className='svm-card__meta'>
                {s.windows.length} 个窗口{isAdmin && branchName.get(s.branchId) ? ` · ${branchName.get(s.branchId) ?? ''}` : ''}
              </Text>
              <View className='svm-card__actions'>
                <Button className='btn btn--small btn--plain' id={`station-codes-${s.id}`} onClick={() => go(`${ROUTES.surveyCodes}?stationId=${s.id}`)}>
                  二维码
                </Button>
                <Button
                  className='btn btn--small btn--plain'
                  id={`station-dashboard-${s.id}`}
                  onClick={() => go(`${ROUTES.surveyDashboard}?stationId=${s.id}`)}
                >
                  满意度统计
                </Button>
              </View>
            </View>
          ))}
        </View>
      )}

      <Text className='section-title'>新增收费站</Text>
      <View className='form'>
        {isAdmin ? (
          <View className='form-item'>
            <Text className='form-item__label'>党支部</Text>
            <Picker
              className='form-item__picker'
              mode='selector'
              range={branches.map((b) => b.name)}
              value={branchIndex}
              onChange={(e) => pickBranch(Number(e.detail.value))}
            >
              <Text id='station-branch'>{branches[branchIndex]?.name ?? '请选择'}</Text>
            </Picker>
          </View>
        ) : null}
        <View className='form-item'>
          <Text className='form-item__label'>名称</Text>
          <Input
            className='form-item__control'
            {...inputId('station-name')}
            value={name}
            maxlength={20}
            placeholder='如：春江站'
            onInput={(e) => setName(e.detail.value)}
          />
        </View>
        <View className='form-item svm-form-top'>
          <Text className='form-item__label'>窗口</Text>
          <Textarea
            className='svm-textarea'
            {...inputId('station-windows')}
            value={windows}
            maxlength={800}
            placeholder='每行一个，如：1号窗口'
            onInput={(e) => setWindows(e.detail.value)}
          />
        </View>
      </View>
      <View className='svm-chips'>
        {QUICK_FILL.map((n) => (
          <Text key={n} className='svm-chip' id={`station-fill-${n}`} onClick={() => setWindows(numberedWindows(1, n).join('\n'))}>
            1-{n}号窗口
          </Text>
        ))}
      </View>
      <Text className='form-hint'>
        {names.length ? `共 ${names.length} 个窗口；` : ''}每个窗口一张二维码卡片，另有一张全站通用卡片
      </Text>
      {formError ? (
        <Text className='form-error' id='station-error'>
          {formError}
        </Text>
      ) : null}
      <View className='actions'>
        <Button className='btn btn--primary' id='station-create' loading={busy || undefined} disabled={busy || undefined} onClick={() => void create()}>
          新增收费站
        </Button>
      </View>
    </View>
  )
}

