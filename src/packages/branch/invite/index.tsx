/**
 * 邀请党员入支部（支部书记 / 党委管理员）：设定可用次数与有效天数，生成邀请码并复制或转发。
 * 党委管理员须先选择支部；支部书记只能为本支部生成。
 */
import { useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import { api } from '../../../api'
import type { CreateInviteOutput } from '../../../api/member'
import { ErrorState, Loading } from '../../../components/page-state'
import { Actions, Button, Field, FieldError, Form, Hint, Section } from '../../../components/ui'
import { useQuery } from '../../../hooks/use-query'
import { defaultBranch, rememberBranch } from '../../../utils/branch-choice'
import { inputId } from '../../../utils/element-id'
import { toast, toastSuccess } from '../../../utils/feedback'
import { InviteResult, useInviteShare } from './invite-result'
import './index.css'

/** 默认可使用次数 */
const DEFAULT_MAX_USES = 50
/** 默认有效天数 */
const DEFAULT_DAYS = 7
/** 服务端允许的上限 */
const MAX_USES_LIMIT = 500
const DAYS_LIMIT = 90
const DAY_MS = 24 * 60 * 60 * 1000

/** A whole number within [min, max], or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const n = Number(text.trim())
  return n >= min && n <= max ? n : null
}

/** Who is inviting; for an admin, the branches to choose from. */
async function loadInviter() {
  const meRes = await api.member.getMe()
  if (!meRes.ok || meRes.data.role !== 'admin') return meRes.ok ? { ok: true as const, data: { me: meRes.data, branches: [] } } : meRes
  const branchesRes = await api.member.listBranches()
  return branchesRes.ok ? { ok: true as const, data: { me: meRes.data, branches: branchesRes.data.branches } } : branchesRes
}

export default function InvitePage() {
  const [branchId, setBranchId] = useState<string | null>(null)
  const [maxUses, setMaxUses] = useState(String(DEFAULT_MAX_USES))
  const [days, setDays] = useState(String(DEFAULT_DAYS))
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [invite, setInvite] = useState<CreateInviteOutput | null>(null)
  const query = useQuery(
    async () => {
      const res = await loadInviter()
      // Keep the admin's choice across reloads and pages; start on the first branch with members.
      if (res.ok) setBranchId((current) => defaultBranch(res.data.branches, current)?.id ?? null)
      return res
    },
    [],
    { refreshOnShow: true, toastErrors: true },
  )
  const ready = query.state.status === 'ready' ? query.state.data : null
  const isAdmin = ready?.me.role === 'admin'
  const branches = ready?.branches ?? []
  const branchIndex = branches.findIndex((b) => b.id === branchId)
  const branch = isAdmin ? branches[branchIndex] : undefined
  const branchName = isAdmin ? (branch?.name ?? '') : (ready?.me.branch?.name ?? '')
  useInviteShare(invite, branchName)

  if (query.state.status === 'loading') return <Loading />
  if (query.state.status === 'error') return <ErrorState id='invite-error' message={query.state.message} code={query.state.code} onRetry={() => void query.reload()} />
  if (!ready || (ready.me.role !== 'secretary' && ready.me.role !== 'admin')) {
    return <ErrorState id='invite-forbidden' message='仅支部书记和党委管理员可以邀请党员' code='FORBIDDEN' />
  }

  const submit = async () => {
    if (submitting) return
    const uses = wholeNumber(maxUses, 1, MAX_USES_LIMIT)
    const validDays = wholeNumber(days, 1, DAYS_LIMIT)
    const problem =
      uses === null
        ? `可使用次数须为 1～${MAX_USES_LIMIT} 的整数`
        : validDays === null
          ? `有效天数须为 1～${DAYS_LIMIT} 的整数`
          : isAdmin && !branch
            ? '请先选择党支部'
            : ''
    setFormError(problem)
    if (problem || uses === null || validDays === null) return
    setSubmitting(true)
    const res = await api.member.createInvite({
      maxUses: uses,
      expiresAt: new Date(Date.now() + validDays * DAY_MS).toISOString(),
      ...(branch ? { branchId: branch.id } : {}),
    })
    setSubmitting(false)
    if (!res.ok) {
      setFormError(res.error.issues?.[0]?.message ?? res.error.message)
      toast(res.error.message)
      return
    }
    setInvite(res.data)
    toastSuccess('邀请码已生成')
  }

  return (
    <View className='page'>
      <Section title='党员凭邀请码在「我的」或首页加入支部' />
      <Form>
        <Field label='党支部'>
          {!isAdmin ? (
            <Text id='invite-branch'>{branchName}</Text>
          ) : branches.length > 0 ? (
            <Picker
              className='form-item__picker'
              mode='selector'
              range={branches.map((b) => b.name)}
              value={Math.max(branchIndex, 0)}
              onChange={(e) => {
                const next = branches[Number(e.detail.value)]?.id ?? null
                rememberBranch(next)
                setBranchId(next)
              }}
            >
              <View id='invite-branch'>
                {branch?.name ?? '请选择'} <Text className='cell__arrow'>›</Text>
              </View>
            </Picker>
          ) : (
            <Text className='muted'>暂无党支部</Text>
          )}
        </Field>
        <Field label='可使用次数'>
          <Input className='form-item__control' {...inputId('invite-max-uses')} type='number' value={maxUses} maxlength={3} onInput={(e) => setMaxUses(e.detail.value)} />
        </Field>
        <Field label='有效天数'>
          <Input className='form-item__control' {...inputId('invite-days')} type='number' value={days} maxlength={2} onInput={(e) => setDays(e.detail.value)} />
        </Field>
      </Form>
      <Hint>
        默认 {DEFAULT_MAX_USES} 次、{DEFAULT_DAYS} 天内有效；最多 {MAX_USES_LIMIT} 次、{DAYS_LIMIT} 天。
      </Hint>
      <FieldError id='invite-form-error' message={formError} />

      <Actions>
        <Button id='invite-create' loading={submitting} onClick={() => void submit()}>
          生成邀请码
        </Button>
      </Actions>

      {invite ? <InviteResult invite={invite} branchName={branchName} /> : null}
    </View>
  )
}
