/**
 * 问卷题目（支部书记 / 党委管理员）：修改问卷标题、卡片上的邀请语和分项（增、改名、删，最多 6 个）。
 * 每次保存生成新版本，已提交的答卷保留当时的版本；改名不改变分项编号，统计前后连续。
 */
import { useState } from 'react'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { api } from '../../../api'
import type { SurveyDefinition } from '../../../api/survey'
import { useQuery } from '../../../hooks/use-query'
import { inputId } from '../../../utils/element-id'
import { toastSuccess } from '../../../utils/feedback'
import { ErrorState, Loading } from '../../../components/page-state'
import { useManager } from '../components/use-manager'
import { rememberBranch } from '../../../utils/branch-choice'
import '../components/survey.css'
import './index.css'

const MAX_ASPECTS = 6

type Aspect = SurveyDefinition['aspects'][number]

/** A new aspect's key: lowercase, starts with a letter, unlike the keys already in use. */
function newKey(taken: readonly Aspect[]): string {
  const used = new Set(taken.map((a) => a.key))
  for (;;) {
    const key = `a${Math.random().toString(36).slice(2, 8).replace(/[^a-z0-9]/g, '')}`
    if (/^[a-z][a-z0-9_]{0,19}$/.test(key) && !used.has(key)) return key
  }
}

/** The first problem with the form, in the words shown to the secretary; null when it is fine. */
function problemOf(title: string, invitation: string, aspects: readonly Aspect[]): string | null {
  if (title.trim().length < 2 || title.trim().length > 30) return '问卷标题须为 2–30 个字'
  if (invitation.trim().length < 2 || invitation.trim().length > 40) return '邀请语须为 2–40 个字'
  for (const [i, a] of aspects.entries()) {
    const n = a.label.trim().length
    if (n < 2 || n > 8) return `第 ${i + 1} 个分项的名称须为 2–8 个字`
  }
  if (new Set(aspects.map((a) => a.label.trim())).size !== aspects.length) return '分项名称不能重复'
  if (aspects.length > MAX_ASPECTS) return `最多 ${MAX_ASPECTS} 个分项`
  return null
}

export default function DefinitionPage() {
  const { state: scope, reload: reloadScope } = useManager()
  const [chosenIndex, setBranchIndex] = useState<number | null>(null)
  const branchIndex = chosenIndex ?? (scope.status === 'ready' ? scope.defaultIndex : 0)
  const [title, setTitle] = useState('')
  const [invitation, setInvitation] = useState('')
  const [aspects, setAspects] = useState<Aspect[]>([])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  /** The definition the form was last filled from: a newly loaded one fills it again. */
  const [filledFrom, setFilledFrom] = useState<SurveyDefinition | null>(null)

  const branchId = scope.status === 'ready' && scope.isAdmin ? scope.branches[branchIndex]?.id : undefined
  const pickBranch = (i: number) => {
    setBranchIndex(i)
    if (scope.status === 'ready' && scope.isAdmin) rememberBranch(scope.branches[i]?.id ?? null)
  }
  const ready = scope.status === 'ready'

  const def = useQuery(ready ? () => api.survey.getDefinition(branchId ? { branchId } : {}) : null, [branchId])
  const loaded = def.state.status === 'ready' ? def.state.data.definition : null
  if (loaded && loaded !== filledFrom) {
    setFilledFrom(loaded)
    setTitle(loaded.title)
    setInvitation(loaded.invitation)
    setAspects(loaded.aspects.map((a) => ({ ...a })))
    setError('')
  }

  if (scope.status === 'loading') return <Loading />
  if (scope.status === 'error') return <ErrorState id='definition-error' message={scope.message} onRetry={reloadScope} />
  if (scope.status === 'forbidden') return <ErrorState id='definition-error' message={scope.message} />
  if (def.state.status === 'loading') return <Loading />
  if (def.state.status === 'error') {
    return <ErrorState id='definition-error' message={def.state.message} code={def.state.code} onRetry={() => void def.reload()} />
  }

  const { definition } = def.state.data

  const rename = (i: number, label: string) => setAspects((prev) => prev.map((a, j) => (j === i ? { ...a, label } : a)))
  const remove = (i: number) => setAspects((prev) => prev.filter((_, j) => j !== i))
  const add = () => setAspects((prev) => (prev.length >= MAX_ASPECTS ? prev : [...prev, { key: newKey(prev), label: '' }]))

  const save = async () => {
    if (busy) return
    const problem = problemOf(title, invitation, aspects)
    if (problem) {
      setError(problem)
      return
    }
    setError('')
    setBusy(true)
    const res = await api.survey.updateDefinition({
      title: title.trim(),
      invitation: invitation.trim(),
      aspects: aspects.map((a) => ({ key: a.key, label: a.label.trim() })),
      ...(branchId ? { branchId } : {}),
    })
    setBusy(false)
    if (!res.ok) {
      setError(res.error.issues?.[0]?.message ?? res.error.message)
      return
    }
    // The saved version on screen; the form already holds what was saved.
    setFilledFrom(res.data.definition)
    def.mutate(() => res.data)
    toastSuccess(`已保存为第 ${res.data.definition.version} 版`)
  }

  return (
    <View className='page'>
      {scope.isAdmin ? (
        <View className='cells def-branch'>
          <Picker mode='selector' range={scope.branches.map((b) => b.name)} value={branchIndex} onChange={(e) => pickBranch(Number(e.detail.value))}>
            <View className='cell cell--link' id='def-branch'>
              <Text className='cell__body'>党支部</Text>
              <Text className='cell__value'>{scope.branches[branchIndex]?.name ?? '请选择'}</Text>
              <Text className='cell__arrow'>›</Text>
            </View>
          </Picker>
        </View>
      ) : null}

      <Text className='notice' id='def-version-note'>
        当前为第 {definition.version} 版。保存后生成新版本，只影响此后的评价；已提交的答卷保留原来的题目。分项改名后仍按同一分项统计。
      </Text>

      <Text className='section-title'>问卷</Text>
      <View className='form'>
        <View className='form-item'>
          <Text className='form-item__label'>标题</Text>
          <Input className='form-item__control' {...inputId('def-title')} value={title} maxlength={30} onInput={(e) => setTitle(e.detail.value)} />
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>邀请语</Text>
          <Input
            className='form-item__control'
            {...inputId('def-invitation')}
            value={invitation}
            maxlength={40}
            placeholder='印在卡片上的一句话'
            onInput={(e) => setInvitation(e.detail.value)}
          />
        </View>
      </View>

      <Text className='section-title'>
        分项（选填评价，最多 {MAX_ASPECTS} 个，已有 {aspects.length} 个）
      </Text>
      <View className='form' id='def-aspects'>
        {aspects.length === 0 ? <Text className='svm-empty'>没有分项：司机只回答总体满意度</Text> : null}
        {aspects.map((a, i) => (
          <View key={a.key} className='form-item'>
            <Text className='form-item__label'>分项 {i + 1}</Text>
            <Input
              className='form-item__control'
              {...inputId(`def-aspect-${i}`)}
              value={a.label}
              maxlength={8}
              placeholder='2–8 个字，如：文明用语'
              onInput={(e) => rename(i, e.detail.value)}
            />
            <Text className='def-remove' id={`def-aspect-remove-${i}`} onClick={() => remove(i)}>
              删除
            </Text>
          </View>
        ))}
      </View>
      {aspects.length < MAX_ASPECTS ? (
        <Text className='def-add' id='def-aspect-add' onClick={add}>
          ＋ 添加分项
        </Text>
      ) : null}

      {error ? (
        <Text className='form-error' id='def-error'>
          {error}
        </Text>
      ) : null}
      <View className='actions'>
        <Button className='btn btn--primary' id='def-save' loading={busy || undefined} disabled={busy || undefined} onClick={() => void save()}>
          保存为新版本
        </Button>
      </View>
    </View>
  )
}
