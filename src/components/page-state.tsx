/**
 * The loading (a Skeleton) and error screens every page shows the same way (the UI kit's
 * ResultView). The error screen offers the action that can succeed for that error: 重新加载 only
 * for a network fault or a server error (5xx, rate limit, a submission still in progress);
 * 使用邀请码加入支部 when the caller is not a member yet; 重新扫码 for an unknown or expired scanned
 * code where the page can scan; otherwise (no permission, not found, a bad link) 返回首页.
 */
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ERRORS } from '../../contracts/errors'
import { errorCodeOf } from '../api/client'
import { ROUTES } from '../routes'
import { go } from '../utils/feedback'
import { ResultView, Skeleton, type ResultAction } from './ui'

/** Grey bars where the page is about to appear (no 加载中… text), inside a page that draws its own `.page` wrapper. */
export function LoadingView() {
  return <Skeleton id='page-loading' />
}

export type ErrorAction = 'retry' | 'join' | 'rescan' | 'home'

const RETRYABLE = new Set(['NETWORK', 'INTERNAL', 'RATE_LIMITED', 'REQUEST.IN_PROGRESS'])
/** A scanned code that is not (or no longer) a valid one: scanning the right code can succeed. */
const RESCANNABLE = new Set(['ACTIVITY.TOKEN_INVALID', 'ACTIVITY.TOKEN_EXPIRED'])

/** Which action can succeed after an error with this code (undefined: a page's own message, e.g. 课程不存在). */
export function errorAction(code: string | undefined): ErrorAction {
  if (code === 'MEMBER.NOT_MEMBER') return 'join'
  if (code && RESCANNABLE.has(code)) return 'rescan'
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
 * An error message and the action that can succeed (a `ResultView` with the warn icon), inside a
 * page that draws its own `.page` wrapper. `code` when the page has it; otherwise the code of the
 * API answer with this message. `onRescan` where the page was opened by scanning a code (weapp):
 * offered for a code that is unknown or expired.
 */
export function ErrorView({ id, message, onRetry, onRescan, code }: ErrorViewProps) {
  const action = errorAction(code ?? errorCodeOf(message))
  const home = { id: `${id}-home`, label: '返回首页', onClick: goHome }
  const view = (primary: ResultAction, plain?: ResultAction[]) => (
    <ResultView icon='warn' title={message} titleId={id} primary={primary} plain={plain} />
  )
  if (action === 'retry' && onRetry) return view({ id: `${id}-retry`, label: '重新加载', onClick: onRetry })
  if (action === 'join') return view({ id: `${id}-join`, label: '使用邀请码加入支部', onClick: joinThenBack }, [home])
  if (action === 'rescan' && onRescan) return view({ id: `${id}-rescan`, label: '重新扫码', onClick: onRescan }, [home])
  return view(home)
}

export interface ErrorViewProps {
  /** On the message (journeys read it); the buttons are `${id}-retry`, `-join`, `-rescan`, `-home` */
  id: string
  message: string
  onRetry?: () => void
  onRescan?: () => void
  code?: string
}

export function Loading() {
  return (
    <View className='page'>
      <LoadingView />
    </View>
  )
}

export function ErrorState(props: ErrorViewProps) {
  return (
    <View className='page page--msg'>
      <ErrorView {...props} />
    </View>
  )
}
