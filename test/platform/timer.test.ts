/**
 * The timer trigger's edges (server/platform/timer.ts): what is a timer event at all, and a job that
 * fails answers INTERNAL in plain words, logged under the trigger's name, instead of throwing.
 */
import { messageOf } from '../../contracts/errors'
import { isTimerEvent, withTimer } from '../../server/platform/timer'
import { contextFor, type Runtime } from '../../server/platform/runtime'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness } from '../support/harness'

afterAll(closeAllPglite)

const event = { Type: 'Timer', TriggerName: 'sweep' }

test('a timer event is an object of type Timer naming this trigger, with no action', () => {
  expect(isTimerEvent(event, 'sweep')).toBe(true)
  expect(isTimerEvent({ ...event, Time: '2026-11-20T11:05:00Z', Message: '' }, 'sweep')).toBe(true)
  for (const other of [null, undefined, 'Timer', 7, [], { ...event, Type: 'timer' }, { ...event, TriggerName: 'other' }, { Type: 'Timer' }, { ...event, action: 'x' }, { ...event, action: undefined }])
    expect(isTimerEvent(other, 'sweep')).toBe(false)
})

test('a failing job answers INTERNAL with the plain message and is logged under timer.<trigger>; the ordinary main is not called', async () => {
  const h = await makeHarness({ seed: false })
  const logged: Array<[unknown, string | undefined]> = []
  const runtime: Runtime = { ...h.runtime, logError: (err, where) => void logged.push([err, where]) }
  const boom = new Error('store down')
  let mainCalls = 0
  const main = withTimer(runtime, async () => ((mainCalls += 1), { ok: true, data: 'main' }), 'sweep', async () => {
    throw boom
  })
  expect(await main(event, contextFor(null))).toEqual({ ok: false, error: { code: 'INTERNAL', message: messageOf('INTERNAL') } })
  expect(logged).toEqual([[boom, 'timer.sweep']])
  expect(mainCalls).toBe(0)
  // the job's answer is the data of an ok result
  const ok = withTimer(runtime, async () => ({ ok: true, data: 'main' }), 'sweep', async (r) => (r === runtime ? 'ran' : 'another runtime'))
  expect(await ok(event, contextFor(null))).toEqual({ ok: true, data: 'ran' })
  expect(await ok(event, contextFor('wx-someone'))).toEqual({ ok: true, data: 'main' })
})
