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

/**
 * The action sheet: WeChat's own (`Taro.showActionSheet`; Taro draws the same sheet in H5), not a
 * drawn one. Native costs no bytes, slides over everything (a drawn sheet would sit under native
 * components such as textarea, video and canvas in the mini-program) and is the sheet users know.
 * Its limits shape the use: at most 6 text items, one colour for all of them. So a destructive
 * action gets a sheet of its own, its one item in red under a grey line that says what happens
 * (WeChat's own 删除 pattern); plain choices share a sheet in black. Resolves with the index
 * tapped, or null when dismissed (取消, the mask) or unavailable.
 */
export async function actionSheet(items: string[], options: { alertText?: string; danger?: boolean } = {}): Promise<number | null> {
  try {
    const res = await Taro.showActionSheet({
      itemList: items.slice(0, 6),
      alertText: options.alertText,
      itemColor: options.danger ? '#C8161D' : '#000000',
    })
    return typeof res.tapIndex === 'number' ? res.tapIndex : null
  } catch {
    return null
  }
}

/** A destructive action confirmed in an action sheet: true when its one red item was tapped. */
export async function confirmInSheet(alertText: string, actionText: string): Promise<boolean> {
  return (await actionSheet([actionText], { alertText, danger: true })) === 0
}
