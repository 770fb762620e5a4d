/**
 * Printed survey cards on CloudBase carry real mini-program codes: `wxacode.getUnlimited` (scene =
 * the code, page survey/index) through a stand-in of wx-server-sdk's `openapi.wxacode`, the PNG kept
 * in (stand-in) cloud storage under survey-codes/, the sheet showing it by its temporary URL. On the
 * gateway (no MiniCodes port) the cards keep their URL QR codes; a code that fails falls back to one.
 */
import { jest } from '@jest/globals'
import { mountFunctions } from '../../server/functions'
import type { CloudFunctionMain } from '../../server/platform/define-function'
import { cloudMiniCodes, type WxacodeApi } from '../../server/platform/mini-codes.cloudbase'
import { contextFor, type Runtime } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness, type Harness } from '../support/harness'
import type { CloudBase } from '@cloudbase/node-sdk'

afterAll(closeAllPglite)

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const BUCKET = 'cloud://env-1.bucket/'

function standIns(fail: (scene: string) => boolean = () => false) {
  const asked: Array<Record<string, unknown>> = []
  const stored = new Map<string, Buffer>()
  const wxacode: WxacodeApi = {
    async getUnlimited(input) {
      asked.push(input)
      if (fail(String(input.scene))) throw Object.assign(new Error('openapi.wxacode.getUnlimited:fail 41030 invalid page'), { errCode: 41030 })
      return { contentType: 'image/jpeg', buffer: PNG, errCode: 0 } as never
    },
  }
  const storage = {
    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) {
      stored.set(cloudPath, fileContent)
      return { fileID: `${BUCKET}${cloudPath}` }
    },
  } as unknown as CloudBase
  return { asked, stored, miniCodes: cloudMiniCodes(async () => wxacode, () => storage) }
}

describe('the adapter', () => {
  test('asks getUnlimited with the code as scene and keeps the image under survey-codes/, once per instance', async () => {
    const s = standIns()
    await expect(s.miniCodes.refFor('ab3dk9mz')).resolves.toBe(`${BUCKET}survey-codes/ab3dk9mz.png`)
    await s.miniCodes.refFor('ab3dk9mz')
    expect(s.asked).toEqual([{ scene: 'ab3dk9mz', page: 'survey/index', check_path: false, env_version: 'release', width: 430 }])
    expect(s.stored.get('survey-codes/ab3dk9mz.png')).toEqual(PNG)
  })
  test('a failed call rejects (and is tried again next time); a code that is not scene-safe is never sent', async () => {
    const s = standIns(() => true)
    await expect(s.miniCodes.refFor('ab3dk9mz')).rejects.toThrow('41030')
    await expect(s.miniCodes.refFor('ab3dk9mz')).rejects.toThrow()
    expect(s.asked).toHaveLength(2)
    await expect(s.miniCodes.refFor('NOT SAFE')).rejects.toThrow()
    expect(s.asked).toHaveLength(2)
  })
})

describe('the adapter refuses what is not a stored image', () => {
  const answering = (answer: { contentType?: string; buffer?: Buffer }, fileID: string | null = `${BUCKET}x.png`) => {
    const uploads: string[] = []
    const wxacode: WxacodeApi = { getUnlimited: async () => answer }
    const storage = { async uploadFile({ cloudPath }: { cloudPath: string }) { uploads.push(cloudPath); return fileID === null ? {} : { fileID } } } as unknown as CloudBase
    return { uploads, miniCodes: cloudMiniCodes(async () => wxacode, () => storage) }
  }
  let logged: unknown[][] = []
  const spy = jest.spyOn(console, 'error')
  beforeEach(() => {
    logged = []
    spy.mockImplementation((...args: unknown[]) => void logged.push(args))
  })
  afterAll(() => spy.mockRestore())

  test('no bytes, empty bytes or a content type that is not an image: rejected, nothing stored, the fallback logged with the reason', async () => {
    for (const [answer, reason] of [
      [{ contentType: 'image/png' }, 'image/png'],
      [{ contentType: 'image/png', buffer: Buffer.alloc(0) }, 'image/png'],
      [{ contentType: 'application/json', buffer: PNG }, 'application/json'],
      [{ contentType: 'text/image/png', buffer: PNG }, 'text/image/png'],
      [{ buffer: PNG }, 'no content type'],
    ] as const) {
      const s = answering(answer)
      await expect(s.miniCodes.refFor('ab3dk9mz')).rejects.toThrow(`wxacode.getUnlimited: no image (${reason})`)
      expect(s.uploads).toEqual([])
    }
    expect(logged[0]).toEqual(['[miniCodes] falling back to the URL QR for', 'ab3dk9mz', 'wxacode.getUnlimited: no image (image/png)'])
  })

  test('storage that gives no fileID is a failure, not an empty reference', async () => {
    const s = answering({ contentType: 'image/jpeg', buffer: PNG }, null)
    await expect(s.miniCodes.refFor('ab3dk9mz')).rejects.toThrow('uploadFile: no fileID')
    expect(s.uploads).toEqual(['survey-codes/ab3dk9mz.png'])
  })
})

describe('the print sheet', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })
  const survey = (runtime: Runtime) => mountFunctions(runtime).survey as CloudFunctionMain
  const withPorts = (extra: Partial<Runtime>): Runtime => Object.assign(Object.create(Object.getPrototypeOf(h.runtime)), h.runtime, extra)
  const tempUrls = { async put() { return '' }, async urls(refs: string[]) { return new Map(refs.map((r) => [r, `https://tmp.example/${r.slice(BUCKET.length)}`])) } }
  const print = async (runtime: Runtime) =>
    (dataOf(await survey(runtime)({ action: 'printCards', stationId: DEMO.stationChunjiang }, contextFor(DEMO.secretaryOpenid))) as { html: string }).html

  test('on CloudBase: every card carries its mini-program code, no URL QR', async () => {
    const s = standIns()
    const html = await print(withPorts({ miniCodes: s.miniCodes, files: tempUrls }))
    expect(html.match(/<img class="mini" src="https:\/\/tmp\.example\/survey-codes\/[a-z2-9]{8}\.png"/g)).toHaveLength(9)
    expect(html).not.toContain('<svg')
    expect(s.asked).toHaveLength(9)
  })
  test('a code WeChat would not make falls back to the URL QR for that card only', async () => {
    let first = ''
    const s = standIns((scene) => (first ||= scene) === scene)
    const html = await print(withPorts({ miniCodes: s.miniCodes, files: tempUrls }))
    expect(html.match(/<img class="mini"/g)).toHaveLength(8)
    expect(html.match(/<svg/g)).toHaveLength(1)
  })
  test('a code image the file store cannot give an address for falls back to the URL QR for that card only', async () => {
    const s = standIns()
    let skipped = ''
    const partly = { ...tempUrls, async urls(refs: string[]) { skipped ||= refs[0] ?? ''; return new Map(refs.filter((r) => r !== skipped).map((r) => [r, `https://tmp.example/${r.slice(BUCKET.length)}`])) } }
    const html = await print(withPorts({ miniCodes: s.miniCodes, files: partly }))
    expect(html.match(/<img class="mini"/g)).toHaveLength(8)
    expect(html.match(/<svg/g)).toHaveLength(1)
    expect(html).not.toContain(skipped.slice(BUCKET.length))
  })
  test('on the gateway (no MiniCodes port): URL QR codes as before', async () => {
    const html = await print(h.runtime)
    expect(html.match(/<svg/g)).toHaveLength(9)
    expect(html).not.toContain('class="mini"')
  })
})
