/**
 * The function kit and the platform pieces every call goes through, tested directly (the journeys
 * and the function suites reach them too, but cannot tell apart, say, a lost `where` in the error
 * log or an issue path joined with the wrong separator): the action router (`defineFunction`),
 * identity from the CloudBase-shaped context, ids and keys, the local content check, the signal
 * counters and the audit helpers.
 */
import { createHmac } from 'node:crypto'
import { z } from '../../contracts/z'
import { messageOf } from '../../contracts/errors'
import { AppError, fail } from '../../server/domain/errors'
import { changedFields } from '../../server/domain/shared/audit'
import { defineFunction, flattenIssues } from '../../server/platform/define-function'
import { cryptoIds, memorySignals, secretKeys, systemClock, wordListCheck } from '../../server/platform/ids'
import { localRuntime } from '../../server/platform/runtime.local'
import { callerFromCloudbaseContext, contextFor, identifyFromEnvironment, type Runtime } from '../../server/platform/runtime'
import { InvalidCursorError, type DocumentStore } from '../../server/store/document-store'

const logged: Array<{ error: unknown; where: string }> = []
const runtime = localRuntime({} as DocumentStore, {
  secret: 'kit-secret-0123456789',
  files: {} as Runtime['files'],
  logError: (error, where) => logged.push({ error, where }),
})
beforeEach(() => {
  logged.length = 0
})

const contracts = {
  echo: {
    input: z.strictObject({ action: z.literal('echo'), name: z.string().min(1), tags: z.array(z.string().max(2)).optional() }),
    output: z.object({ name: z.string() }),
  },
  boom: { input: z.object({ kind: z.string() }), output: z.object({}) },
  badOutput: { input: z.object({}), output: z.object({ n: z.number() }) },
}
const main = defineFunction('kit', contracts, {
  // returns more than the contract's output: the kit must strip it
  echo: async (_deps, caller, input) => ({ name: input.name, secret: 's', who: caller.openid }) as { name: string },
  boom: async (_deps, _caller, input) => {
    if (input.kind === 'app') throw new AppError('FORBIDDEN', '不是你的', [{ path: 'x', message: 'y' }])
    if (input.kind === 'default') fail('FORBIDDEN')
    if (input.kind === 'cursor') throw new InvalidCursorError()
    throw new Error('disk on fire')
  },
  badOutput: async () => ({ n: 'one' }) as unknown as { n: number },
})(runtime)

describe('defineFunction', () => {
  test('routes an action and returns only what its output contract names', async () => {
    const r = await main({ action: 'echo', name: '张三' }, contextFor('o-1'))
    expect(r).toEqual({ ok: true, data: { name: '张三' } })
  })

  test('an unknown action names it (at most 40 characters); a missing or non-string one says so', async () => {
    expect(await main({ action: 'nope' }, contextFor('o-1'))).toEqual({ ok: false, error: { code: 'UNKNOWN_ACTION', message: '不支持的操作：nope' } })
    const long = 'x'.repeat(60)
    expect(await main({ action: long }, contextFor('o-1'))).toEqual({ ok: false, error: { code: 'UNKNOWN_ACTION', message: `不支持的操作：${'x'.repeat(40)}` } })
    for (const event of [{}, { action: 7 }, null, 'echo', undefined, ['echo']]) {
      expect(await main(event, contextFor('o-1'))).toEqual({ ok: false, error: { code: 'UNKNOWN_ACTION', message: '缺少 action' } })
    }
  })

  test('inherited names are not actions', async () => {
    for (const action of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const r = await main({ action }, contextFor('o-1'))
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
    }
    expect(logged).toEqual([])
  })

  test("WeChat's userInfo is dropped before the strict contract sees the event", async () => {
    const r = await main({ action: 'echo', name: 'a', userInfo: { openId: 'forged', appId: 'x' } }, contextFor('o-1'))
    expect(r).toEqual({ ok: true, data: { name: 'a' } })
  })

  test('invalid input: VALIDATION with every issue, paths joined with dots', async () => {
    const r = await main({ action: 'echo', name: '', tags: ['ok', 'too long'] }, contextFor('o-1'))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('VALIDATION')
    expect(r.error.message).toBe(messageOf('VALIDATION'))
    expect(r.error.issues?.map((i) => i.path).sort()).toEqual(['name', 'tags.1'])
    expect(r.error.issues?.every((i) => typeof i.message === 'string' && i.message.length > 0)).toBe(true)
  })

  test('flattenIssues keeps every issue with its dotted path', () => {
    const parsed = z.object({ a: z.object({ b: z.array(z.number()) }) }).safeParse({ a: { b: [1, 'x'] } })
    if (parsed.success) throw new Error('expected a failure')
    expect(flattenIssues(parsed.error)).toEqual([{ path: 'a.b.1', message: expect.any(String) }])
  })

  test('a domain error keeps its code, message and issues; fail() uses the registry message', async () => {
    expect(await main({ action: 'boom', kind: 'app' }, contextFor('o-1'))).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '不是你的', issues: [{ path: 'x', message: 'y' }] },
    })
    expect(await main({ action: 'boom', kind: 'default' }, contextFor('o-1'))).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: messageOf('FORBIDDEN') } })
    expect(logged).toEqual([])
  })

  test('a bad cursor is a VALIDATION of `cursor`, not a fault', async () => {
    expect(await main({ action: 'boom', kind: 'cursor' }, contextFor('o-1'))).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: messageOf('VALIDATION'), issues: [{ path: 'cursor', message: '分页参数无效，请从第一页重新加载' }] },
    })
    expect(logged).toEqual([])
  })

  test('anything else is INTERNAL to the client and logged with where it happened', async () => {
    expect(await main({ action: 'boom', kind: 'other' }, contextFor('o-1'))).toEqual({ ok: false, error: { code: 'INTERNAL', message: messageOf('INTERNAL') } })
    expect(logged).toHaveLength(1)
    expect(logged[0]?.where).toBe('kit.boom')
    expect((logged[0]?.error as Error).message).toBe('disk on fire')
  })

  test('an output that breaks its own contract is INTERNAL, never sent as is', async () => {
    expect(await main({ action: 'badOutput' }, contextFor('o-1'))).toEqual({ ok: false, error: { code: 'INTERNAL', message: messageOf('INTERNAL') } })
    expect(logged.map((l) => l.where)).toEqual(['kit.badOutput'])
  })
})

describe('identity from the CloudBase-shaped context', () => {
  test('the OPENID, the device id (16 characters or more) and the client address', () => {
    const ctx = contextFor('o-1', { DEVICE_ID: 'd'.repeat(16), WX_CLIENTIP: '10.0.0.9' })
    expect(identifyFromEnvironment(ctx)).toEqual({ openid: 'o-1', deviceId: 'd'.repeat(16), clientIp: '10.0.0.9' })
    expect(identifyFromEnvironment(contextFor('o-1', { DEVICE_ID: 'd'.repeat(15) })).deviceId).toBeNull()
    expect(identifyFromEnvironment(contextFor('o-1', { WX_CLIENTIP: '' })).clientIp).toBeNull()
    expect(identifyFromEnvironment({ environment: JSON.stringify({ WX_OPENID: 'o-1', WX_CLIENTIP: 1_000_000_007 }) }).clientIp).toBeNull()
  })
  test('a blank OPENID or one that is not a string is no identity', () => {
    expect(identifyFromEnvironment({ environment: JSON.stringify({ WX_OPENID: '   ' }) }).openid).toBeNull()
    expect(identifyFromEnvironment({ environment: JSON.stringify({ WX_OPENID: 42, DEVICE_ID: 1234567890123456789 }) })).toEqual({ openid: null, deviceId: null, clientIp: null })
    expect(identifyFromEnvironment(contextFor(null))).toEqual({ openid: null, deviceId: null, clientIp: null })
  })
  test('anything malformed is "no identity", never a throw', () => {
    for (const ctx of [null, undefined, 'ctx', 7, {}, { environment: 7 }, { environment: '{not json' }, { environment: 'null' }]) {
      expect(identifyFromEnvironment(ctx).openid).toBeNull()
    }
    // an environment that is not a JSON string is not read at all
    for (const environment of [{ WX_OPENID: 'o-obj' }, 7, null, ['o']]) expect(identifyFromEnvironment({ environment })).toStrictEqual({ openid: null })
  })
  test('the CloudBase context: blank values are no value', () => {
    expect(callerFromCloudbaseContext({ WX_OPENID: '   ', TCB_UUID: ' ', WX_CLIENTIP: ' ' })).toEqual({ openid: null, deviceId: null, clientIp: null })
    expect(callerFromCloudbaseContext({ WX_OPENID: 'o-1', WX_CLIENTIP: ' ', TCB_SOURCE_IP: '10.1.1.1' })).toEqual({ openid: 'o-1', deviceId: null, clientIp: '10.1.1.1' })
  })
  test('contextFor: a local request id; WX_OPENID only when there is one', () => {
    expect(contextFor('o-1').request_id).toMatch(/^local-[0-9a-z]+$/)
    expect(JSON.parse(contextFor('o-1').environment as string)).toEqual({ WX_OPENID: 'o-1' })
    expect(JSON.parse(contextFor(null, { A: 'b' }).environment as string)).toEqual({ A: 'b' })
  })
})

describe('ids and keys', () => {
  test('derived ids: stable, 24 characters, and the parts stay separate', () => {
    expect(cryptoIds.derive('a', 'b')).toBe(cryptoIds.derive('a', 'b'))
    expect(cryptoIds.derive('a', 'b')).toHaveLength(24)
    expect(cryptoIds.derive('a', 'b')).not.toBe(cryptoIds.derive('ab'))
    expect(cryptoIds.derive('a', 'b')).not.toBe(cryptoIds.derive('b', 'a'))
    expect(cryptoIds.derive('x')).toMatch(/^[A-Za-z0-9_-]{24}$/)
  })
  test('random ids have the asked number of bytes (12 by default) and do not repeat', () => {
    expect(Buffer.from(cryptoIds.random(), 'base64url')).toHaveLength(12)
    expect(Buffer.from(cryptoIds.random(20), 'base64url')).toHaveLength(20)
    expect(new Set(Array.from({ length: 50 }, () => cryptoIds.random())).size).toBe(50)
  })
  test('codes: the asked length, only from the alphabet, every letter reachable', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const code = cryptoIds.randomCode(8, 'AB3')
      expect(code).toMatch(/^[AB3]{8}$/)
      for (const c of code) seen.add(c)
    }
    expect([...seen].sort()).toEqual(['3', 'A', 'B'])
  })
  test('keys: a secret under 16 characters is refused; one key per purpose and per secret', () => {
    expect(() => secretKeys('x'.repeat(15))).toThrow('at least 16')
    const k = secretKeys('x'.repeat(16))
    expect(k.hmac('ticket', 'm')).toBe(k.hmac('ticket', 'm'))
    expect(k.hmac('ticket', 'm')).not.toBe(k.hmac('respondent', 'm'))
    expect(k.hmac('ticket', 'm')).not.toBe(k.hmac('ticket', 'n'))
    expect(k.hmac('ticket', 'm')).not.toBe(secretKeys('y'.repeat(16)).hmac('ticket', 'm'))
    // the purpose key is derived from the secret, not the secret itself
    expect(k.hmac('ticket', 'm')).not.toBe(createHmac('sha256', 'x'.repeat(16)).update('m').digest('base64url'))
    const purposeKey = createHmac('sha256', 'x'.repeat(16)).update('purpose:ticket').digest()
    expect(k.hmac('ticket', 'm')).toBe(createHmac('sha256', purposeKey).update('m').digest('base64url'))
  })
})

describe('the system clock', () => {
  test('tells the time now', () => {
    const before = Date.now()
    const now = systemClock.now()
    expect(now).toBeInstanceOf(Date)
    expect(now.getTime()).toBeGreaterThanOrEqual(before)
    expect(now.getTime()).toBeLessThanOrEqual(Date.now())
  })
})

describe('the local content check', () => {
  test('holds listed words whatever their case or spacing; passes the rest', async () => {
    expect(await wordListCheck('服务很好，谢谢', { openid: null })).toBe('pass')
    expect(await wordListCheck('F u C k', { openid: null })).toBe('review')
    expect(await wordListCheck('请 加微信 详谈', { openid: null })).toBe('review')
    expect(await wordListCheck('', { openid: null })).toBe('pass')
  })
})

describe('signal counters', () => {
  test('count the hits within the window only', () => {
    const s = memorySignals()
    expect(s.hit('k', 1000, 10_000)).toBe(1)
    expect(s.hit('k', 1000, 10_500)).toBe(2)
    expect(s.hit('k', 1000, 11_000)).toBe(2) // 10 000 fell out: only hits after now − window count
    expect(s.hit('other', 1000, 11_000)).toBe(1)
  })
  test('past maxKeys the least recently hit key is dropped', () => {
    const s = memorySignals(2)
    s.hit('a', 60_000, 1)
    s.hit('b', 60_000, 2)
    s.hit('a', 60_000, 3) // a is now the most recent
    s.hit('c', 60_000, 4) // drops b
    expect(s.hit('a', 60_000, 5)).toBe(3)
    expect(s.hit('b', 60_000, 6)).toBe(1)
  })
})

describe('errors and audit helpers', () => {
  test('AppError: code, registry message by default, name', () => {
    const e = new AppError('FORBIDDEN')
    expect(e).toMatchObject({ code: 'FORBIDDEN', message: messageOf('FORBIDDEN'), name: 'AppError', issues: undefined })
    expect(() => fail('FORBIDDEN', '自定义')).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: '自定义' }))
  })
  test('changedFields: only fields whose values differ, whatever the key order inside them', () => {
    const before = { a: 1, b: { x: 1, y: 2 }, c: [1, 2], d: 'same' }
    const after = { a: 2, b: { y: 2, x: 1 }, c: [2, 1], d: 'same' }
    expect(changedFields(before, after)).toEqual(['a', 'c'])
    expect(changedFields({}, { a: null, b: 0 })).toEqual(['b'])
    expect(changedFields({ a: { p: { q: 1, r: 2 } } }, { a: { p: { r: 2, q: 1 } } })).toEqual([])
    expect(changedFields({ a: { p: 1 } }, { a: { p: 2 } })).toEqual(['a'])
  })
  test('the local runtime: defaults for the origin and the error log', () => {
    const r = localRuntime({} as DocumentStore, { secret: 'x'.repeat(16), files: {} as Runtime['files'] })
    expect(r.publicOrigin).toBe('http://127.0.0.1:8080')
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {})
    r.logError(new Error('e1'), 'where-1')
    expect(spy).toHaveBeenCalledWith('[where-1]', expect.any(Error))
    spy.mockRestore()
    expect(r.identify(contextFor('o-9')).openid).toBe('o-9')
  })
})
