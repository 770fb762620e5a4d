/**
 * The loading (a Skeleton) and error screens every page shows the same way (classes from app.css). The error
 * screen offers the action that can succeed for that error: 重新加载 only for a network fault or a
 * server error (5xx, rate limit, a submission still in progress); 使用邀请码加入支部 when the caller is
 * not a member yet; otherwise (no permission, not found, a bad or expired link) 返回首页.
 */
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ERRORS } from '../../contracts/errors'
import { errorCodeOf } from '../api/client'
import { ROUTES } from '../routes'
import { go } from '../utils/feedback'
import { Skeleton } from './ui'

/** Grey bars where the page is about to appear (no 加载中… text), inside a page that draws its own `.page` wrapper. */
export function LoadingView() {
  return <Skeleton id='page-loading' />
}

export type ErrorAction = 'retry' | 'join' | 'home'

const RETRYABLE = new Set(['NETWORK', 'INTERNAL', 'RATE_LIMITED', 'REQUEST.IN_PROGRESS'])

/** Which action can succeed after an error with this code (undefined: a page's own message, e.g. 课程不存在). */
export function errorAction(code: string | undefined): ErrorAction {
  if (code === 'MEMBER.NOT_MEMBER') return 'join'
  if (code && (RETRYABLE.has(code) || ((ERRORS as Record<string, { status: number } | undefined>)[code]?.status ?? 0) >= 500)) return 'retry'
  return 'home'
}

/** The current page's path with its query, to come back to after joining. */
function currentUrl(): string | null {
  const pages = Taro.getCurrentPages()
  const page = pages[pages.length - 1] as { route?: string; options?: Record<string, string | undefined> } | undefined
  if (!page?.route) return null
  const query = Object.entries(page.options ?? {})
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '$taroTimestamp')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  return `/${page.route.replace(/^\//, '')}${query ? `?${query}` : ''}`
}

function goHome() {
  Taro.switchTab({ url: ROUTES.home }).catch(() => Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined))
}

function joinThenBack() {
  const back = currentUrl()
  go(back ? `${ROUTES.join}?back=${encodeURIComponent(back)}` : ROUTES.join)
}

/**
 * An error message and the action that can succeed, inside a page that draws its own `.page`
 * wrapper. `code` when the page has it; otherwise the code of the API answer with this message.
 */
export function ErrorView({ id, message, onRetry, code }: { id: string; message: string; onRetry?: () => void; code?: string }) {
  const action = errorAction(code ?? errorCodeOf(message))
  return (
    <View className='state'>
      <Text className='state__text' id={id}>
        {message}
      </Text>
      {action === 'retry' && onRetry ? (
        <Button className='btn btn--plain' id={`${id}-retry`} onClick={onRetry}>
          重新加载
        </Button>
      ) : null}
      {action === 'join' ? (
        <View className='state__actions'>
          <Button className='btn btn--primary' id={`${id}-join`} onClick={joinThenBack}>
            使用邀请码加入支部
          </Button>
          <Button className='btn btn--plain' id={`${id}-home`} onClick={goHome}>
            返回首页
          </Button>
        </View>
      ) : null}
      {action === 'home' ? (
        <Button className='btn btn--plain' id={`${id}-home`} onClick={goHome}>
          返回首页
        </Button>
      ) : null}
    </View>
  )
}

export function Loading() {
  return (
    <View className='page'>
      <LoadingView />
    </View>
  )
}

export function ErrorState(props: { id: string; message: string; onRetry?: () => void; code?: string }) {
  return (
    <View className='page'>
      <ErrorView {...props} />
    </View>
  )
}
