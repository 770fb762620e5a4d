/**
 * 当前位置（WGS-84）：签到地点核验的两端——书记在活动表单里设定活动地点、党员扫码签到——都从这里取。
 *
 * One code path for both builds: `Taro.getLocation({ type: 'wgs84' })` is wx.getLocation in the
 * mini-program and, in H5, Taro's own wrapper of `navigator.geolocation.getCurrentPosition`
 * (node_modules/@tarojs/taro-h5/dist/api/location/getLocation.js: it accepts only `wgs84`, fails
 * with `getLocation:fail <the browser's message>`, e.g. "User denied Geolocation", and passes no
 * timeout unless asked), so a timer of our own bounds the wait on both. WGS-84 is also what the
 * server compares against (server/domain/activity/place-check.ts): nothing is converted.
 *
 * Weapp needs `requiredPrivateInfos: ['getLocation']` and `permission['scope.userLocation']` in
 * app.config.ts; once a member has said no, wx.getLocation fails at once without asking again and
 * only 设置 (Taro.openSetting, from a tap) can turn it back on — `denied` says so.
 */
import Taro from '@tarojs/taro'
import { isWeapp } from '../env'

export interface Position {
  latitude: number
  longitude: number
  /** metres, as the phone reports it */
  accuracy: number
}

export type LocationResult =
  | { ok: true; position: Position }
  /** denied: the member (or the browser) refused this app the location; off: the phone's location service is off; failed: no fix in time or another error */
  | { ok: false; reason: 'denied' | 'off' | 'failed'; message: string }

const TIMEOUT_MS = 15_000

/** What to do about each failure, in plain Chinese. */
export function locationHelp(reason: 'denied' | 'off' | 'failed'): string {
  if (reason === 'denied') {
    return isWeapp
      ? '您没有允许获取位置。请点「去设置」，在设置页打开「位置信息」后返回本页。'
      : '浏览器拒绝了获取位置。请点地址栏左侧的图标，在「网站设置」中允许使用位置信息，然后点「重新定位」。'
  }
  if (reason === 'off') return '手机的定位服务没有打开。请在手机「设置」中打开定位服务，并允许微信使用位置信息，然后点「重新定位」。'
  return '暂时无法获取您的位置（信号弱或定位超时）。请到窗边或室外稍等片刻，然后点「重新定位」。'
}

function classify(errMsg: string): 'denied' | 'off' | 'failed' {
  const msg = errMsg.toLowerCase()
  if (/system permission denied|locationswitchoff|location service|system.*(off|close)/.test(msg)) return 'off'
  if (/auth deny|auth denied|authorize|denied|permission/.test(msg)) return 'denied'
  return 'failed'
}

/** WeChat's own record of the member's answer: false once they refused this app the location. */
async function weappDenied(): Promise<boolean> {
  if (!isWeapp) return false
  try {
    const { authSetting } = await Taro.getSetting()
    return authSetting['scope.userLocation'] === false
  } catch {
    return false
  }
}

export async function getPosition(): Promise<LocationResult> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const res = await Promise.race([
      Taro.getLocation({ type: 'wgs84' }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject({ errMsg: 'getLocation:fail timeout' }), TIMEOUT_MS)
      }),
    ])
    return { ok: true, position: { latitude: res.latitude, longitude: res.longitude, accuracy: Number.isFinite(res.accuracy) ? Math.max(0, res.accuracy) : 0 } }
  } catch (err) {
    const errMsg = typeof err === 'object' && err && 'errMsg' in err ? String((err as { errMsg: unknown }).errMsg) : String(err)
    const reason = (await weappDenied()) ? 'denied' : classify(errMsg)
    return { ok: false, reason, message: locationHelp(reason) }
  } finally {
    if (timer) clearTimeout(timer)
  }
}

/**
 * 去设置 (weapp only, from a tap): WeChat's settings page of this mini-program; true when the member
 * came back with the location allowed.
 */
export async function openLocationSetting(): Promise<boolean> {
  if (!isWeapp) return false
  try {
    const { authSetting } = await Taro.openSetting()
    return authSetting['scope.userLocation'] === true
  } catch {
    return false
  }
}

/** 「北纬 30.27410°，东经 120.15510°」: a point as a secretary reads it (5 decimals, about a metre). */
export function formatPoint(lat: number, lng: number): string {
  return `${lat >= 0 ? '北纬' : '南纬'} ${Math.abs(lat).toFixed(5)}°，${lng >= 0 ? '东经' : '西经'} ${Math.abs(lng).toFixed(5)}°`
}

/** The location signIn takes (contracts/activity.contract.ts signInInput.location), accuracy capped to its range. */
export function signInLocation(p: Position) {
  return { latitude: p.latitude, longitude: p.longitude, accuracy: Math.min(100_000, Math.round(p.accuracy)) }
}
