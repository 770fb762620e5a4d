/**
 * Every WeChat privacy API the app calls is named in the README's 用户隐私保护指引 step (what the
 * console declaration must list): a new call without a declaration fails here, not in review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '../..')

/** WeChat's privacy APIs (用户隐私保护指引 接口列表) a Taro app could call. */
const PRIVACY_APIS = [
  'chooseMessageFile', 'setClipboardData', 'getClipboardData', 'chooseImage', 'chooseMedia', 'chooseVideo',
  'saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum', 'getLocation', 'chooseLocation', 'startLocationUpdate',
  'choosePoi', 'chooseAddress', 'chooseInvoiceTitle', 'getWeRunData', 'getUserProfile', 'authorize',
  'startRecord', 'getRecorderManager', 'createCameraContext', 'openBluetoothAdapter', 'createVKSession',
  'searchContacts', 'addPhoneContact', 'addPhoneCalendar', 'addPhoneRepeatCalendar', 'chooseLicensePlate',
]

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) return sources(p)
    return /\.(tsx?|js)$/.test(name) ? [p] : []
  })
}

test('every privacy API called in src/ is declared in the README privacy step', () => {
  const called = new Set<string>()
  for (const file of sources(path.join(root, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const api of PRIVACY_APIS) if (new RegExp(`\\b(?:Taro|wx)\\.${api}\\b`).test(text)) called.add(api)
  }
  expect([...called].sort()).toEqual(['chooseMessageFile', 'getLocation', 'setClipboardData'])
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const step = readme.slice(readme.indexOf('Privacy (用户隐私保护指引)'))
  expect(step.length).toBeLessThan(readme.length)
  for (const api of called) expect(step.slice(0, 1500)).toContain(`\`${api}\``)
})

test('the functions keep a timeout of 10 s or more (cloudbaserc.json)', () => {
  const rc = JSON.parse(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ timeout: number; memorySize: number }> }
  for (const f of rc.functions) {
    expect(f.timeout).toBeGreaterThanOrEqual(10)
    expect(f.memorySize).toBeGreaterThanOrEqual(256)
  }
})
