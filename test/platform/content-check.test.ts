/**
 * Content checks on CloudBase (server/platform/content-check.cloudbase.ts) against a stand-in of
 * wx-server-sdk's `cloud.openapi.security`: msgSecCheck v2 with the caller's OPENID decides; when
 * the platform cannot answer the word list decides and the fallback is logged with its reason.
 * The functions that take comments are wired to it and ship a config.json granting the cloud call.
 */
import { jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mountFunctions } from '../../server/functions'
import type { CloudFunctionMain } from '../../server/platform/define-function'
import { contextFor, type Runtime } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'
import path from 'node:path'
import {
  MSG_SEC_CHECK_MAX,
  platformContentCheck,
  wordListOnly,
  wxServerSecurity,
  type FallbackReason,
  type MsgSecCheckInput,
  type MsgSecCheckOutput,
  type SecurityApi,
} from '../../server/platform/content-check.cloudbase'
import { wxServerWxacode } from '../../server/platform/mini-codes.cloudbase'

afterAll(closeAllPglite)

function setup(answer: (input: MsgSecCheckInput) => Promise<{ result?: { suggest?: string } }>) {
  const calls: MsgSecCheckInput[] = []
  const fallbacks: FallbackReason[] = []
  const security: SecurityApi = {
    msgSecCheck: (input) => {
      calls.push(input)
      return answer(input)
    },
  }
  const check = platformContentCheck(async () => security, { fallback: (reason) => fallbacks.push(reason) })
  return { check, calls, fallbacks }
}

const member = { openid: 'o-member' }

describe('msgSecCheck through cloud.openapi.security', () => {
  test('pass / review / risky, asked with v2, scene 2 (评论), the OPENID and at most 2,500 characters', async () => {
    for (const [suggest, verdict] of [['pass', 'pass'], ['review', 'review'], ['risky', 'review']] as const) {
      const { check, calls, fallbacks } = setup(async () => ({ result: { suggest, label: 100 }, errCode: 0 } as never))
      await expect(check('服务很好'.repeat(1000), member)).resolves.toBe(verdict)
      expect(calls).toEqual([{ content: '服务很好'.repeat(1000).slice(0, MSG_SEC_CHECK_MAX), version: 2, scene: 2, openid: 'o-member' }])
      expect(fallbacks).toEqual([])
    }
  })
  test('a failed call (WeChat errcode thrown by the SDK): the word list decides, logged', async () => {
    const { check, fallbacks } = setup(async () => {
      throw Object.assign(new Error('openapi.security.msgSecCheck:fail 61010 user in black list'), { errCode: 61010 })
    })
    await expect(check('收费站服务很好', member)).resolves.toEqual({ verdict: 'pass', unchecked: true })
    expect(fallbacks).toEqual(['call_failed'])
  })
  test('an unknown answer: the word list, logged', async () => {
    const { check, fallbacks } = setup(async () => ({}))
    await expect(check('好', member)).resolves.toEqual({ verdict: 'pass', unchecked: true })
    expect(fallbacks).toEqual(['unknown_answer'])
  })
  test('no OPENID (an H5 caller): not sent to WeChat, the word list, logged', async () => {
    const { check, calls, fallbacks } = setup(async () => ({ result: { suggest: 'pass' } }))
    await expect(check('好', { openid: null, deviceId: 'd'.repeat(20) })).resolves.toEqual({ verdict: 'pass', unchecked: true })
    expect(calls).toEqual([])
    expect(fallbacks).toEqual(['no_openid'])
  })
  test('a function with no platform check wired logs every use as a fallback', async () => {
    const fallbacks: FallbackReason[] = []
    await wordListOnly({ fallback: (r) => fallbacks.push(r) })('好', member)
    expect(fallbacks).toHaveLength(1)
  })
})

describe('what is logged, and the SDK itself', () => {
  test('an answer of nothing at all is an unknown answer, not a failed call', async () => {
    const { check, fallbacks } = setup(async () => undefined as never)
    await expect(check('好', member)).resolves.toEqual({ verdict: 'pass', unchecked: true })
    expect(fallbacks).toEqual(['unknown_answer'])
  })

  test('by default each fallback is one warning line in the function log, with its reason and detail', async () => {
    const lines: unknown[][] = []
    const spy = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args))
    try {
      let answer: () => Promise<MsgSecCheckOutput> = async () => ({ result: { suggest: 'weird' } }) as never
      const check = platformContentCheck(async () => ({ msgSecCheck: () => answer() }))
      await check('好', { openid: null })
      await check('好', member)
      answer = async () => {
        throw new Error('openapi.security.msgSecCheck:fail 61010')
      }
      await check('好', member)
      await wordListOnly()('好', member)
      expect(lines).toEqual([
        ['[contentCheck] fallback to the word list:', 'no_openid', ''],
        ['[contentCheck] fallback to the word list:', 'unknown_answer', 'weird'],
        ['[contentCheck] fallback to the word list:', 'call_failed', 'openapi.security.msgSecCheck:fail 61010'],
        ['[contentCheck] fallback to the word list:', 'call_failed', 'no platform content check in this function'],
      ])
    } finally {
      spy.mockRestore()
    }
  })

  test('wx-server-sdk is loaded once and initialised for the current environment: its security and wxacode APIs', async () => {
    const security = wxServerSecurity()
    expect(wxServerSecurity()).toBe(security)
    expect(typeof (await security).msgSecCheck).toBe('function')
    const wxacode = wxServerWxacode()
    expect(wxServerWxacode()).toBe(wxacode)
    expect(typeof (await wxacode).getUnlimited).toBe('function')
  })
})

describe('the reviewer is told', () => {
  test('a comment the platform could not check is listed marked unchecked; a checked one is not', async () => {
    const h = await makeHarness()
    let platformUp = false
    const check = platformContentCheck(async () => {
      if (!platformUp) throw new Error('openapi.security.msgSecCheck:fail -604101 no permission')
      return { msgSecCheck: async () => ({ result: { suggest: 'pass' } }) }
    }, { fallback: () => undefined })
    const runtime: Runtime = Object.assign(Object.create(Object.getPrototypeOf(h.runtime)), h.runtime, { contentCheck: check })
    const survey = mountFunctions(runtime).survey as CloudFunctionMain
    const codes = dataOf(await h.call<{ codes: Array<{ code: string }> }>('survey', DEMO.secretaryOpenid, { action: 'listCodes', stationId: DEMO.stationChunjiang })).codes
    const answer = async (openid: string, comment: string) => {
      const form = (await survey({ action: 'getForm', code: codes[1]?.code }, contextFor(openid))) as { ok: true; data: { ticket: string } }
      h.clock.advance(5000)
      return survey({ action: 'submitResponse', code: codes[1]?.code, overall: 5, comment, ticket: form.data.ticket }, contextFor(openid))
    }
    await answer('o-commuter-1', '窗口服务很耐心')
    platformUp = true
    await answer('o-commuter-2', '收费员态度很好')
    const listed = (await survey({ action: 'listComments', stationId: DEMO.stationChunjiang }, contextFor(DEMO.secretaryOpenid))) as { ok: true; data: { comments: Array<{ comment: string; unchecked?: true }> } }
    const byText = new Map(listed.data.comments.map((c) => [c.comment, c]))
    expect(byText.get('窗口服务很耐心')?.unchecked).toBe(true)
    expect(byText.get('收费员态度很好')).not.toHaveProperty('unchecked')
    // the stored answer says so too (the export's 标记 column shows it)
    const stored = (await h.store.query<{ _id: string; comment: string; flags: string[] }>('survey_response', { limit: 100 })).docs
    expect(stored.find((d) => d.comment === '窗口服务很耐心')?.flags).toContain('comment_unchecked')
    expect(stored.find((d) => d.comment === '收费员态度很好')?.flags).not.toContain('comment_unchecked')
  })
})

describe('the functions that take comments', () => {
  const root = path.resolve(__dirname, '../..')
  test.each(['survey', 'lecture'])('%s: wired to the platform check, wx-server-sdk installed, permission granted', (name) => {
    const entry = readFileSync(path.join(root, 'cloudfunctions', name, 'index.ts'), 'utf8')
    expect(entry).toMatch(/contentCheck: platformContentCheck\(wxServerSecurity\)/)
    const pkg = JSON.parse(readFileSync(path.join(root, 'cloudfunctions', name, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    expect(pkg.dependencies['wx-server-sdk']).toBe('4.0.2')
    const config = JSON.parse(readFileSync(path.join(root, 'cloudfunctions', name, 'config.json'), 'utf8')) as { permissions: { openapi: string[] } }
    expect(config.permissions.openapi).toContain('security.msgSecCheck')
  })
  test('no adapter calls node-sdk callWxOpenApi any more', () => {
    const runtime = readFileSync(path.join(root, 'server/platform/runtime.cloudbase.ts'), 'utf8')
    expect(runtime).not.toMatch(/callWxOpenApi|msg_sec_check/)
  })
})
