/**
 * One parser for page launch parameters (src/utils/launch-query.ts), and the independent survey
 * subpackage's copy of it (src/survey/index.js cannot import the main package) kept equal to it.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { paramFromUrl, placeHintFrom, placeHintFromText, signInTokenFrom, signInTokenFromText, surveyCodeFrom } from '../../src/utils/launch-query'

const CARD = 'https://dj.example.cn/pages/survey/index?c=ab23cd45'
const TOKEN = 's1.act-1.1764561600000.AbC_d-9'
const CHECK_IN = `https://dj.example.cn/packages/activity/check-in/index?t=${encodeURIComponent(TOKEN)}`

/** What WeChat hands a page opened from a 普通链接二维码: the whole URL encoded, and the scan time. */
const plainLinkLaunch = (url: string) => ({ q: encodeURIComponent(url), scancode_time: '1764561600' })

/** The native page's `codeFrom`, reached through its `onLoad` (it stores `this.code`). */
function nativeCodeFrom(): (options: Record<string, string>) => string {
  const source = readFileSync(path.resolve(__dirname, '../../src/survey/index.js'), 'utf8')
  let config: { onLoad(this: { code?: string; load(): void }, o: Record<string, string>): void } | undefined
  new Function('wx', 'Page', 'process', source)({}, (c: typeof config) => (config = c), { env: {} })
  return (options) => {
    const page: { code?: string; load(): void } = { load: () => undefined }
    if (!config) throw new Error('src/survey/index.js registered no Page')
    config.onLoad.call(page, options)
    return page.code ?? ''
  }
}

describe('survey code from the launch parameters', () => {
  test('a printed card scanned in WeChat (普通链接二维码): only q and scancode_time', () => {
    expect(surveyCodeFrom(plainLinkLaunch(CARD))).toBe('ab23cd45')
    expect(surveyCodeFrom(plainLinkLaunch(`${CARD}&from=card#top`))).toBe('ab23cd45')
  })
  test('c, a mini-program code scene (plain or c=…, encoded), upper case and blanks', () => {
    expect(surveyCodeFrom({ c: 'AB23CD45 ' })).toBe('ab23cd45')
    expect(surveyCodeFrom({ scene: 'ab23cd45' })).toBe('ab23cd45')
    expect(surveyCodeFrom({ scene: encodeURIComponent('c=ab23cd45') })).toBe('ab23cd45')
  })
  test('nothing usable: an empty string (the page shows its invalid-code message)', () => {
    expect(surveyCodeFrom({})).toBe('')
    expect(surveyCodeFrom({ scancode_time: '1' })).toBe('')
    expect(surveyCodeFrom({ q: encodeURIComponent('https://dj.example.cn/other') })).toBe('')
    expect(surveyCodeFrom({ q: '%E0%A4%A' })).toBe('')
  })
  test('the independent subpackage copy answers exactly as the shared parser', () => {
    const native = nativeCodeFrom()
    const cases: Array<Record<string, string>> = [
      plainLinkLaunch(CARD),
      { c: 'AB23CD45 ' },
      { scene: encodeURIComponent('c=ab23cd45') },
      { c: '', scene: 'xy23cd45' },
      { q: '%E0%A4%A' },
      {},
    ]
    for (const c of cases) expect(native(c)).toBe(surveyCodeFrom(c))
    const key = fc.constantFrom('c', 'scene', 'q', 'scancode_time')
    fc.assert(
      fc.property(fc.dictionary(key, fc.oneof(fc.string(), fc.webUrl().map((u) => encodeURIComponent(`${u}?c=ab23cd45`)))), (params) => {
        expect(native(params)).toBe(surveyCodeFrom(params))
      }),
    )
  })
})

describe('sign-in token from the launch parameters', () => {
  test('t, or q from a 普通链接二维码, or a nested q; null when none', () => {
    expect(signInTokenFrom({ t: encodeURIComponent(TOKEN) })).toBe(TOKEN)
    expect(signInTokenFrom(plainLinkLaunch(CHECK_IN))).toBe(TOKEN)
    expect(signInTokenFromText(`/pages/x?q=${encodeURIComponent(CHECK_IN)}`)).toBe(TOKEN)
    expect(signInTokenFromText(TOKEN)).toBe(TOKEN)
    expect(signInTokenFrom({ scancode_time: '1' })).toBeNull()
    expect(signInTokenFromText('https://dj.example.cn/')).toBeNull()
  })
  test('the place hint l=1 from the page query, from q, or from a scanned text; absent or another value is no hint', () => {
    const placed = `${CHECK_IN}&l=1`
    expect(placeHintFrom({ t: encodeURIComponent(TOKEN), l: '1' })).toBe(true)
    expect(placeHintFrom(plainLinkLaunch(placed))).toBe(true)
    expect(placeHintFromText(placed)).toBe(true)
    expect(placeHintFromText(`/pages/x?q=${encodeURIComponent(placed)}`)).toBe(true)
    expect(signInTokenFromText(placed)).toBe(TOKEN)
    expect(placeHintFrom({ t: encodeURIComponent(TOKEN) })).toBe(false)
    expect(placeHintFrom(plainLinkLaunch(CHECK_IN))).toBe(false)
    expect(placeHintFromText(`${CHECK_IN}&l=0`)).toBe(false)
    expect(placeHintFromText('')).toBe(false)
  })
  test('paramFromUrl ignores the fragment and decodes +', () => {
    expect(paramFromUrl('/p?a=1+2&b=x#b=y', 'a')).toBe('1 2')
    expect(paramFromUrl('/p?a=1#b=y', 'b')).toBeNull()
  })
})
