/**
 * 切换调试身份（仅 H5 + 开发模式的网关）：选择一个演示身份后回到首页。
 * 身份只保存在本浏览器，网关在非开发模式下拒绝调试身份。
 */
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { getDevOpenid, isDevMode, setDevOpenid } from '../../../api/dev-identity'
import { ErrorState, Loading } from '../../../components/page-state'
import { ROUTES } from '../../../routes'
import { toast } from '../../../utils/feedback'
import './index.css'

interface Persona {
  id: string
  label: string
  desc: string
  /** The openid to act as; null means no identity at all (a commuter in a browser). */
  openid: () => string | null
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** 8 random lowercase letters or digits, for a fresh WeChat user on each click. */
function randomSuffix(): string {
  const bytes = new Uint8Array(8)
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') {
    crypto.getRandomValues(bytes)
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  }
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')
}

const PERSONAS: Persona[] = [
  { id: 'dev-as-secretary', label: '王建国 · 支部书记', desc: 'demo-secretary', openid: () => 'demo-secretary' },
  { id: 'dev-as-admin', label: '党委管理员', desc: 'demo-admin', openid: () => 'demo-admin' },
  { id: 'dev-as-member', label: '普通党员', desc: 'demo-member-01', openid: () => 'demo-member-01' },
  { id: 'dev-as-new', label: '新微信用户', desc: '每次生成新的 wx-new-xxxxxxxx', openid: () => `wx-new-${randomSuffix()}` },
  { id: 'dev-as-commuter', label: '无身份（旅客）', desc: '不带调试身份', openid: () => null },
]

/** A readable name for a stored debug openid. */
function describe(openid: string | null): string {
  if (!openid) return '无身份（旅客）'
  const known = PERSONAS.find((p) => p.desc === openid)
  return known ? `${known.label}（${openid}）` : openid
}

export default function DevIdentityPage() {
  const [devMode, setDevMode] = useState<boolean | null>(null)
  const [current, setCurrent] = useState<string | null>(null)

  useDidShow(() => {
    setCurrent(getDevOpenid())
    void isDevMode().then(setDevMode)
  })

  const choose = (persona: Persona) => {
    setDevOpenid(persona.openid())
    Taro.reLaunch({ url: ROUTES.home }).catch(() => toast('页面打开失败，请稍后重试'))
  }

  if (devMode === null) {
    return <Loading />
  }
  if (!devMode) {
    return <ErrorState id='dev-unavailable' message='调试身份切换仅在开发模式下可用' code='DEV_HEADER_REFUSED' />
  }

  return (
    <View className='page'>
      <Text className='dev-current' id='dev-current'>
        当前身份：{describe(current)}
      </Text>
      <View className='dev-options'>
        {PERSONAS.map((p) => (
          <View key={p.id}>
            <Button className='btn btn--plain' id={p.id} onClick={() => choose(p)}>
              {p.label}
            </Button>
            <Text className='dev-option__desc'>{p.desc}</Text>
          </View>
        ))}
      </View>
      <Text className='form-hint'>调试身份只保存在本浏览器，网关在非开发模式下会拒绝它。</Text>
    </View>
  )
}
