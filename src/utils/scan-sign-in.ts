/** 扫一扫 (weapp): reads the sign-in token from the scanned code and opens the check-in page. */
import Taro from '@tarojs/taro'
import { ROUTES } from '../routes'
import { go, toast } from './feedback'
import { placeHintFromText, signInTokenFromText } from './launch-query'

/**
 * `onlyFromCamera` (WeChat ≥ 1.2.0, Taro types/api/device/scan.d.ts): the scanner opens the camera
 * only, so a picture of the code saved from a chat cannot be picked from the album (issue 13). It
 * does not stop a camera pointed at another screen: the personal-code mode is for that.
 */
export async function scanToSignIn(): Promise<void> {
  let text: string
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    text = res.result
  } catch {
    return // 用户取消了扫码
  }
  const token = signInTokenFromText(text)
  if (!token) {
    toast('这不是签到二维码，请扫描书记手机上显示的二维码')
    return
  }
  go(`${ROUTES.activityCheckIn}?t=${encodeURIComponent(token)}${placeHintFromText(text) ? '&l=1' : ''}`)
}
