/** User feedback helpers that never throw (a toast failing must not break a page). */
import Taro from '@tarojs/taro'
import { TAB_ROUTES } from '../routes'

/** A plain-Chinese toast without an icon (room for two lines of text). */
export function toast(title: string): void {
  Taro.showToast({ title, icon: 'none', duration: 2500 }).catch(() => undefined)
}

/** A success toast with the tick icon. */
export function toastSuccess(title: string): void {
  Taro.showToast({ title, icon: 'success', duration: 1500 }).catch(() => undefined)
}

/** Opens a page, using `switchTab` for tab pages; a failure becomes a toast. */
export function go(url: string): void {
  const path = url.split('?')[0] ?? url
  const nav = TAB_ROUTES.includes(path) ? Taro.switchTab({ url: path }) : Taro.navigateTo({ url })
  nav.catch(() => toast('页面打开失败，请稍后重试'))
}

/** Shown for features that are planned but not built yet. */
export function comingSoon(): void {
  toast('该功能即将上线，敬请期待')
}

/** Asks before a destructive action (WeChat's modal, the confirm button in the brand red); false when dismissed or unavailable. */
export async function confirmDanger(title: string, content: string, confirmText: string): Promise<boolean> {
  const answer = await Taro.showModal({ title, content, confirmText, confirmColor: '#C8161D' }).catch(() => ({ confirm: false }))
  return answer.confirm
}
