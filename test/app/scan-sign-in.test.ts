/**
 * 扫一扫 for sign-in (src/utils/scan-sign-in.ts) with a stand-in `@tarojs/taro` that records what
 * the page asks of the platform: the scanner must open the camera only (`onlyFromCamera`, Taro's
 * types/api/device/scan.d.ts: "是否只能从相机扫码，不允许从相册选择图片"), so a relayed picture of the
 * code saved in the album cannot be scanned in the app.
 */
type Call = { api: string; options: Record<string, unknown> }

const calls: Call[] = []
let nextScan: () => Promise<{ result: string }> = () => Promise.reject(new Error('cancel'))

jest.mock('@tarojs/taro', () => {
  const record = (api: string) => (options: Record<string, unknown>) => {
    calls.push({ api, options })
    return api === 'scanCode' ? nextScan() : Promise.resolve({})
  }
  const taro = { scanCode: record('scanCode'), navigateTo: record('navigateTo'), switchTab: record('switchTab'), showToast: record('showToast') }
  return { __esModule: true, default: taro }
})

import { scanToSignIn } from '../../src/utils/scan-sign-in'
import { ROUTES } from '../../src/routes'

const TOKEN = 's1.act_123.123456.abcdefghijklmnopqrstuvwx'

beforeEach(() => {
  calls.length = 0
})

const of = (api: string) => calls.filter((c) => c.api === api)

test('the sign-in scanner opens the camera only (no album) and reads QR codes', async () => {
  nextScan = () => Promise.resolve({ result: TOKEN })
  await scanToSignIn()
  expect(of('scanCode')).toEqual([{ api: 'scanCode', options: { onlyFromCamera: true, scanType: ['qrCode'] } }])
})

test('a scanned sign-in code (bare or inside the QR link) opens the check-in page with it', async () => {
  for (const result of [TOKEN, `https://dj.example.cn/packages/activity/check-in/index?t=${encodeURIComponent(TOKEN)}`]) {
    calls.length = 0
    nextScan = () => Promise.resolve({ result })
    await scanToSignIn()
    expect(of('navigateTo')).toEqual([{ api: 'navigateTo', options: { url: `${ROUTES.activityCheckIn}?t=${encodeURIComponent(TOKEN)}` } }])
  }
})

test('another code is refused with a plain-Chinese toast, and a cancelled scan does nothing', async () => {
  nextScan = () => Promise.resolve({ result: 'https://example.com/not-ours' })
  await scanToSignIn()
  expect(of('navigateTo')).toEqual([])
  expect(of('showToast')[0]?.options.title).toBe('这不是签到二维码，请扫描书记手机上显示的二维码')
  calls.length = 0
  nextScan = () => Promise.reject(new Error('scanCode:fail cancel'))
  await scanToSignIn()
  expect(calls.map((c) => c.api)).toEqual(['scanCode'])
})
