/**
 * 邀请党员入支部（支部书记 / 党委管理员）：设定可用次数与有效天数，生成邀请码并复制或转发。
 * 党委管理员须先选择支部；支部书记只能为本支部生成。
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import { Button, Image, Input, Picker, Text, View } from '@tarojs/components'
import { ErrorState, Loading } from '../../../components/page-state'
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro'
import {
  createInvite,
  getMe,
  listBranches,
  type CreateInviteOutput,
  type GetMeOutput,
  type ListBranchesOutput,
} from '../../../api/member'
import { isH5, isWeapp } from '../../../env'
import { ROUTES } from '../../../routes'
import { defaultBranch, rememberBranch } from '../../../utils/branch-choice'
import { toast, toastSuccess } from '../../../utils/feedback'
import { formatDateTime } from '../../../utils/format'
import { inputId } from '../../../utils/element-id'
import { qrDataUri } from '../../../utils/qr'
import './index.css'

type Branch = ListBranchesOutput['branches'][number]

/** 默认可使用次数 */
const DEFAULT_MAX_USES = 50
/** 默认有效天数 */
const DEFAULT_DAYS = 7
/** 服务端允许的上限 */
const MAX_USES_LIMIT = 500
const DAYS_LIMIT = 90
const DAY_MS = 24 * 60 * 60 * 1000

type PageState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'forbidden' }
  | { status: 'ready'; me: GetMeOutput; branches: Branch[] }

/** A whole number within [min, max], or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null
  const n = Number(text.trim())
  return n >= min && n <= max ? n : null
}

export default function InvitePage() {
  const [state, setState] = useState<PageState>({ status: 'loading' })
  const [branchId, setBranchId] = useState<string | null>(null)
  const [maxUses, setMaxUses] = useState(String(DEFAULT_MAX_USES))
  const [days, setDays] = useState(String(DEFAULT_DAYS))
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [invite, setInvite] = useState<CreateInviteOutput | null>(null)
  const latest = useRef(0)

  const load = useCallback(async () => {
    const ticket = ++latest.current
    const meRes = await getMe()
    if (ticket !== latest.current) return
    if (!meRes.ok) {
      setState({ status: 'error', message: meRes.error.message })
      toast(meRes.error.message)
      return
    }
    const me = meRes.data
    if (me.role === 'secretary') {
      setState({ status: 'ready', me, branches: [] })
      return
    }
    if (me.role !== 'admin') {
      setState({ status: 'forbidden' })
      return
    }
    const branchesRes = await listBranches()
    if (ticket !== latest.current) return
    if (!branchesRes.ok) {
      setState({ status: 'error', message: branchesRes.error.message })
      toast(branchesRes.error.message)
      return
    }
    const branches = branchesRes.data.branches
    // Keep the admin's choice across reloads and pages; start on the first branch with members.
    setBranchId((current) => defaultBranch(branches, current)?.id ?? null)
    setState({ status: 'ready', me, branches })
  }, [])

  useDidShow(() => {
    void load()
  })

  // The share card opens the join page with the code filled in: nothing to type by hand.
  useShareAppMessage(() => ({
    title: invite ? `邀请您加入${inviteBranchName.current || '党支部'}` : '智慧党建',
    path: invite ? `${ROUTES.join}?code=${invite.code}` : ROUTES.home,
  }))
  const inviteBranchName = useRef('')
  // H5: a link to the join page with the code, and its QR code, for members without the mini-program card.
  const joinLink = invite && isH5 && typeof window !== 'undefined' ? `${window.location.origin}${ROUTES.join}?code=${invite.code}` : null
  const joinQr = useMemo(() => (joinLink ? qrDataUri(joinLink) : null), [joinLink])

  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState id='invite-error' message={state.message} onRetry={() => void load()} />
  if (state.status === 'forbidden') {
    return (
      <View className='page'>
        <View className='state'>
          <Text className='state__text' id='invite-forbidden'>
            仅支部书记和党委管理员可以邀请党员
          </Text>
        </View>
      </View>
    )
  }

  const { me, branches } = state
  const isAdmin = me.role === 'admin'
  const branchIndex = branches.findIndex((b) => b.id === branchId)
  const branch = isAdmin ? branches[branchIndex] : undefined

  const submit = async () => {
    if (submitting) return
    const uses = wholeNumber(maxUses, 1, MAX_USES_LIMIT)
    if (uses === null) {
      setFormError(`可使用次数须为 1～${MAX_USES_LIMIT} 的整数`)
      return
    }
    const validDays = wholeNumber(days, 1, DAYS_LIMIT)
    if (validDays === null) {
      setFormError(`有效天数须为 1～${DAYS_LIMIT} 的整数`)
      return
    }
    if (isAdmin && !branch) {
      setFormError('请先选择党支部')
      return
    }
    setFormError('')
    setSubmitting(true)
    const res = await createInvite({
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

  const copy = () => {
    if (!invite) return
    Taro.setClipboardData({ data: invite.code })
      .then(() => toastSuccess('已复制'))
      .catch(() => toast('复制失败，请长按邀请码手动复制'))
  }

  const branchName = isAdmin ? (branch?.name ?? '') : (me.branch?.name ?? '')
  inviteBranchName.current = branchName

  const copyLink = () => {
    if (!joinLink) return
    Taro.setClipboardData({ data: joinLink })
      .then(() => toastSuccess('邀请链接已复制，可发到微信群'))
      .catch(() => toast('复制失败，请稍后重试'))
  }

  return (
    <View className='page'>
      <Text className='section-title'>党员凭邀请码在「我的」或首页加入支部</Text>
      <View className='form'>
        {isAdmin ? (
          <View className='form-item'>
            <Text className='form-item__label'>党支部</Text>
            {branches.length > 0 ? (
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
          </View>
        ) : (
          <View className='form-item'>
            <Text className='form-item__label'>党支部</Text>
            <Text id='invite-branch'>{branchName}</Text>
          </View>
        )}
        <View className='form-item'>
          <Text className='form-item__label'>可使用次数</Text>
          <Input
            className='form-item__control'
            {...inputId('invite-max-uses')}
            type='number'
            value={maxUses}
            maxlength={3}
            onInput={(e) => setMaxUses(e.detail.value)}
          />
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>有效天数</Text>
          <Input
            className='form-item__control'
            {...inputId('invite-days')}
            type='number'
            value={days}
            maxlength={2}
            onInput={(e) => setDays(e.detail.value)}
          />
        </View>
      </View>
      <Text className='form-hint'>
        默认 {DEFAULT_MAX_USES} 次、{DEFAULT_DAYS} 天内有效；最多 {MAX_USES_LIMIT} 次、{DAYS_LIMIT} 天。
      </Text>
      {formError ? (
        <Text className='form-error' id='invite-form-error'>
          {formError}
        </Text>
      ) : null}

      <View className='actions'>
        <Button
          className={submitting ? 'btn btn--primary btn--disabled' : 'btn btn--primary'}
          id='invite-create'
          loading={submitting || undefined}
          disabled={submitting || undefined}
          onClick={submit}
        >
          生成邀请码
        </Button>
      </View>

      {invite ? (
        <View className='invite-result'>
          <Text className='invite-result__label'>{branchName} 邀请码</Text>
          <Text className='invite-code' id='invite-code' userSelect>
            {invite.code}
          </Text>
          <Text className='invite-result__meta' id='invite-expires'>
            有效期至 {formatDateTime(invite.expiresAt)}，可使用 {invite.maxUses} 次
          </Text>
          {joinQr ? (
            <View className='invite-share'>
              <Image className='invite-share__qr' id='invite-qr' src={joinQr} mode='scaleToFill' />
              <Text className='invite-share__hint'>党员用微信扫码或打开链接，邀请码自动填好，只需填写姓名</Text>
            </View>
          ) : null}
          <View className='invite-result__actions'>
            {isWeapp ? (
              <Button className='btn btn--primary btn--small' id='invite-share' openType='share'>
                转发给党员
              </Button>
            ) : null}
            {joinLink ? (
              <Button className='btn btn--primary btn--small' id='invite-copy-link' data-url={joinLink} onClick={copyLink}>
                复制邀请链接
              </Button>
            ) : null}
            <Button className='btn btn--plain btn--small' id='invite-copy' onClick={copy}>
              复制邀请码
            </Button>
          </View>
          {isWeapp ? <Text className='invite-share__hint'>转发后，党员点开卡片即进入加入页，邀请码已填好</Text> : null}
        </View>
      ) : null}
    </View>
  )
}
