/**
 * 加入支部：输入邀请码与真实姓名。邀请码可由链接或小程序码带入（`?code=` 或 `scene`），
 * 提交前用共享契约在本地校验，服务端的校验结果也逐项显示在对应输入框下。
 */
import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { inviteCode, joinBranchInput } from '../../../../contracts/member.contract'
import { api } from '../../../api'
import { useZodForm } from '../../../hooks/use-form'
import { forgetMe } from '../../../hooks/use-me'
import { ROUTES } from '../../../routes'
import { toast, toastSuccess } from '../../../utils/feedback'
import { inputId } from '../../../utils/element-id'
import './index.css'

const FIELDS = ['code', 'name'] as const

/** Reads the invite code a link or QR code carried; an unusable value prefills nothing. */
/** `back`: the in-app page to return to after joining (only a page path of this app, never a site). */
function backFromRoute(params: Partial<Record<string, string>>): string | null {
  let raw = params.back ?? ''
  try {
    raw = decodeURIComponent(raw)
  } catch {
    return null
  }
  return /^\/(pages|packages)\/[A-Za-z0-9/_-]+(\?[A-Za-z0-9=&%._-]*)?$/.test(raw) ? raw : null
}

function codeFromRoute(params: Partial<Record<string, string>>): string {
  const raw = params.code ?? params.scene ?? ''
  let text = raw
  try {
    text = decodeURIComponent(raw)
  } catch {
    // A malformed escape: keep the raw text.
  }
  const parsed = inviteCode.safeParse(text)
  return parsed.success ? parsed.data : ''
}

export default function JoinPage() {
  const router = useRouter()
  const [code, setCode] = useState(() => codeFromRoute(router.params))
  const back = backFromRoute(router.params)
  const [name, setName] = useState('')
  const form = useZodForm(FIELDS)
  const { errors, formError, submitting } = form
  const [joinedText, setJoinedText] = useState('')

  const submit = async () => {
    if (submitting) return
    const valid = form.check(joinBranchInput, { action: 'joinBranch', code, name })
    if (!valid) return
    const joined = await form.submit(() => api.member.joinBranch({ code: valid.code, name: valid.name }))
    if (!joined) return
    forgetMe()
    setJoinedText(joined.alreadyMember ? `您已是${joined.branch.name}的党员` : `加入成功，欢迎加入${joined.branch.name}`)
    toastSuccess(joined.alreadyMember ? '已是本支部党员' : '加入成功')
    setTimeout(() => {
      // Came from a page that needs membership (a pushed lecture…): back to it, now as a member.
      if (back) {
        Taro.reLaunch({ url: back }).catch(() => Taro.switchTab({ url: ROUTES.me }).catch(() => undefined))
        return
      }
      Taro.switchTab({ url: ROUTES.me }).catch(() => toast('页面打开失败，请点击底部「我的」查看'))
    }, 1200)
  }

  const locked = submitting || joinedText !== ''

  return (
    <View className='page'>
      <Text className='section-title'>请输入支部书记提供的邀请码和您的真实姓名</Text>
      <View className='form'>
        <View className='form-item'>
          <Text className='form-item__label'>邀请码</Text>
          <Input
            className='form-item__control join-code-input'
            {...inputId('join-code')}
            type='text'
            value={code}
            maxlength={16}
            placeholder='8 位字母或数字'
            onInput={(e) => setCode(e.detail.value)}
          />
        </View>
        <View className='form-item'>
          <Text className='form-item__label'>真实姓名</Text>
          <Input
            className='form-item__control'
            {...inputId('join-name')}
            type='text'
            value={name}
            maxlength={20}
            placeholder='与党员档案一致'
            onInput={(e) => setName(e.detail.value)}
          />
        </View>
      </View>
      {errors.code ? (
        <Text className='form-error' id='join-code-error'>
          {errors.code}
        </Text>
      ) : null}
      {errors.name ? (
        <Text className='form-error' id='join-name-error'>
          {errors.name}
        </Text>
      ) : null}
      {formError && !errors.code && !errors.name ? (
        <Text className='form-error' id='join-error'>
          {formError}
        </Text>
      ) : null}

      <View className='actions'>
        <Button
          className={locked ? 'btn btn--primary btn--disabled' : 'btn btn--primary'}
          id='join-submit'
          loading={submitting || undefined}
          disabled={locked || undefined}
          onClick={submit}
        >
          加入支部
        </Button>
      </View>
      {joinedText ? (
        <Text className='join-success' id='join-result'>
          {joinedText}
        </Text>
      ) : null}
    </View>
  )
}
