/**
 * The mini-program's independent survey page (src/survey/index.js, a native page) run in Node
 * with a stand-in `wx` whose `cloud.callFunction` calls the real `survey` function's `main` on the
 * embedded store: the page reads its code from c / scene / q and keeps to the contract.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { mountFunctions } from '../../server/functions'
import type { CloudFunctionMain } from '../../server/platform/define-function'
import { contextFor } from '../../server/platform/runtime'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

type Data = Record<string, unknown> & {
  phase: string
  message: string
  place: string
  overall: number
  error: string
  aspects: Array<{ key: string; value: number; valueLabel: string }>
}
interface PageInstance {
  data: Data
  code: string
  setData(patch: Record<string, unknown>): void
  onLoad(options: Record<string, string>): void
  chooseOverall(e: unknown): void
  chooseStar(e: unknown): void
  onComment(e: unknown): void
  submit(): void
}

const SOURCE = readFileSync(path.resolve(__dirname, '../../src/survey/index.js'), 'utf8')
let h: Harness
let survey: CloudFunctionMain
let windowCode: string
const inits: unknown[] = []

beforeAll(async () => {
  h = await makeHarness()
  survey = mountFunctions(h.runtime).survey as CloudFunctionMain
  const codes = dataOf(await h.call<{ codes: Array<{ code: string; window: string | null }> }>('survey', 'demo-secretary', { action: 'listCodes', stationId: 'station_chunjiang' }))
  windowCode = codes.codes.find((c) => c.window === '1号窗口')?.code ?? ''
})

/** Sets `aspects[0].value`-style paths as the mini-program's setData does. */
function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.replace(/\[(\d+)\]/g, '.$1').split('.')
  let at: Record<string, unknown> = target
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>
  at[parts[parts.length - 1] as string] = value
}

let pending: Promise<unknown>[] = []
const settle = async () => {
  while (pending.length) {
    const now = pending
    pending = []
    await Promise.all(now)
    await new Promise((r) => setImmediate(r))
  }
}

/** Loads a fresh copy of the page as WeChat would, for one phone (OPENID). */
function openPage(options: Record<string, string>, openid = 'wx-commuter-1'): PageInstance {
  let config: Record<string, unknown> = {}
  const wx = {
    cloud: {
      DYNAMIC_CURRENT_ENV: 'dynamic-env',
      init: (o: unknown) => inits.push(o),
      callFunction: ({ name, data, success, fail }: { name: string; data: unknown; success: (r: unknown) => void; fail: () => void }) => {
        if (name !== 'survey') return fail()
        pending.push(survey(data, contextFor(openid)).then((result) => success({ result })))
      },
    },
  }
  new Function('wx', 'Page', 'process', SOURCE)(wx, (c: Record<string, unknown>) => (config = c), { env: {} })
  const page = { ...config, data: structuredClone(config.data) } as unknown as PageInstance
  page.setData = (patch) => {
    for (const [k, v] of Object.entries(patch)) setPath(page.data, k, v)
  }
  for (const [k, v] of Object.entries(page)) if (typeof v === 'function') (page as unknown as Record<string, unknown>)[k] = v.bind(page)
  page.onLoad(options)
  return page
}
const tap = (dataset: Record<string, unknown>) => ({ currentTarget: { dataset } })

describe('the independent survey subpackage page', () => {
  test('opens from a mini-program code (scene), a plain-link QR (q) or the card link (c)', async () => {
    const openings: Array<Record<string, string>> = [
      { scene: windowCode },
      { scene: encodeURIComponent(`c=${windowCode}`) },
      { q: encodeURIComponent(`https://dj.example.cn/pages/survey/index?c=${windowCode}`), scancode_time: '1764547200' },
      { c: windowCode.toUpperCase() },
    ]
    for (const options of openings) {
      const page = openPage(options)
      expect(page.data.phase).toBe('loading')
      await settle()
      expect(page.data.phase).toBe('form')
      expect(page.data.place).toBe('春江站 · 1号窗口')
      expect(page.data.aspects.map((a) => a.key)).toEqual(['courtesy', 'speed', 'appearance', 'handling'])
    }
    // It initialises the cloud itself (an independent subpackage runs no app.js), on the current env.
    expect(inits[0]).toEqual({ env: 'dynamic-env', traceUser: true })
  })

  test('a malformed code is explained without a call; an unknown one with the server’s message', async () => {
    const bad = openPage({ scene: 'nope' })
    expect(bad.data).toMatchObject({ phase: 'error', message: '二维码编号无效，请重新扫描窗口张贴的二维码', retry: false })
    const unknown = openPage({ c: 'zzzzzzzz' })
    await settle()
    expect(unknown.data).toMatchObject({ phase: 'error', message: '二维码无效或已停用，请扫描窗口张贴的最新二维码' })
  })

  test('answers through submitResponse: no face explained, star toggles, counted once a day', async () => {
    const page = openPage({ scene: windowCode }, 'wx-commuter-2')
    await settle()
    page.submit()
    expect(page.data.error).toBe('请先选择您对本次服务的满意程度')
    page.chooseOverall(tap({ score: 5 }))
    expect(page.data).toMatchObject({ overall: 5, error: '' })
    page.chooseStar(tap({ key: 'speed', n: 4 }))
    expect(page.data.aspects[1]).toMatchObject({ value: 4, valueLabel: '满意' })
    page.chooseStar(tap({ key: 'speed', n: 4 }))
    expect(page.data.aspects[1]).toMatchObject({ value: 0, valueLabel: '' })
    page.chooseStar(tap({ key: 'courtesy', n: 5 }))
    page.onComment({ detail: { value: '  很快  ' } })
    h.clock.advance(4000)
    page.submit()
    await settle()
    expect(page.data).toMatchObject({ phase: 'thanks', counted: true, message: '感谢您的评价！您的意见已计入统计。' })

    const again = openPage({ scene: windowCode }, 'wx-commuter-2')
    await settle()
    again.chooseOverall(tap({ score: 3 }))
    h.clock.advance(4000)
    again.submit()
    await settle()
    expect(again.data).toMatchObject({ phase: 'thanks', counted: false })
    expect(again.data.message).toContain('今天已经评价过')
  })
})
