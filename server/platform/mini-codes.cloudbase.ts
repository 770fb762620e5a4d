/**
 * Mini-program codes for the printed survey cards on CloudBase: wx-server-sdk
 * `cloud.openapi.wxacode.getUnlimited` with `miniCodeRequest(code)` (scene = the code, page
 * `survey/index`), the PNG kept in cloud storage at `survey-codes/<code>.png`. Needs
 * `"permissions": { "openapi": ["wxacode.getUnlimited"] }` in the survey function's config.json.
 *
 * Read in wx-server-sdk 4.0.2 index.js (src/api/openapi/namespace/generic.ts): an image answer
 * comes back as `{ contentType, buffer }` (a JSON answer with `errcode` is thrown); the request data
 * is converted camelCase → snake_case, so `miniCodeRequest`'s snake_case keys pass unchanged.
 * WeChat allows 5,000 calls a minute; a code is made once per warm instance (then overwritten in
 * storage on the next print, which keeps the image current if the page or width changes).
 */
import type { CloudBase } from '@cloudbase/node-sdk'
import type { MiniCodes } from '../domain/deps'
import { miniCodeRequest } from '../domain/survey/survey.usecases'

export interface WxacodeApi {
  getUnlimited(input: Record<string, unknown>): Promise<{ contentType?: string; buffer?: Buffer | Uint8Array }>
}

export const MINI_CODE_PREFIX = 'survey-codes/'

export function cloudMiniCodes(wxacode: () => Promise<WxacodeApi>, storage: () => Pick<CloudBase, 'uploadFile'>): MiniCodes {
  const made = new Map<string, Promise<string>>()
  const make = async (code: string): Promise<string> => {
    const { requestData } = miniCodeRequest(code)
    const res = await (await wxacode()).getUnlimited(requestData)
    if (!res.buffer || !res.buffer.length || !/^image\//.test(res.contentType ?? '')) {
      throw new Error(`wxacode.getUnlimited: no image (${res.contentType ?? 'no content type'})`)
    }
    const uploaded = await storage().uploadFile({ cloudPath: `${MINI_CODE_PREFIX}${code}.png`, fileContent: Buffer.from(res.buffer) })
    if (!uploaded.fileID) throw new Error('uploadFile: no fileID')
    return uploaded.fileID
  }
  return {
    refFor(code) {
      let ref = made.get(code)
      if (!ref) {
        ref = make(code).catch((err: unknown) => {
          made.delete(code)
          console.error('[miniCodes] falling back to the URL QR for', code, err instanceof Error ? err.message : err)
          throw err
        })
        made.set(code, ref)
      }
      return ref
    },
  }
}

type WxServerSdk = { init(config?: { env?: string | symbol }): void; DYNAMIC_CURRENT_ENV: symbol; openapi: { wxacode: WxacodeApi } }
let wxacodeApi: Promise<WxacodeApi> | undefined

/** wx-server-sdk's `openapi.wxacode`, loaded and initialised on first use (like content-check.cloudbase.ts). */
export function wxServerWxacode(): Promise<WxacodeApi> {
  wxacodeApi ??= import('wx-server-sdk')
    .then((mod) => {
      const cloud = ((mod as { default?: unknown }).default ?? mod) as WxServerSdk
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
      // A plain object, not the namespace Proxy (whose `then` would be taken for an API call when the
      // promise resolves; see content-check.cloudbase.ts).
      const api: WxacodeApi = { getUnlimited: (input) => cloud.openapi.wxacode.getUnlimited(input) }
      return api
    })
    .catch((err: unknown) => {
      wxacodeApi = undefined
      throw err
    })
  return wxacodeApi
}
