/**
 * Pull-down refresh: the page's reload when the user pulls the page down, and the native spinner
 * stopped when it has answered. The page's config turns it on (`enablePullDownRefresh: true`).
 */
import Taro, { usePullDownRefresh } from '@tarojs/taro'

export function usePullRefresh(reload: () => Promise<unknown>): void {
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
}
