/**
 * 全程纪实 under store faults: a save writes the record, its audit line and the request key in one
 * transaction, and marking a decision done writes the record and an audit line. A fault at each
 * write point answers an error and leaves every collection as it was; the retry then completes,
 * and a second retry changes nothing (the same pattern as test/faults/store-faults.test.ts).
 */
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Result } from '../../contracts'
import { memberIdFor } from '../../server/domain/shared/actor'
import { C } from '../../server/domain/shared/collections'
import { mountFunctions } from '../../server/functions'
import { localFileStore } from '../../server/platform/files.local'
import { contextFor } from '../../server/platform/runtime'
import { localRuntime } from '../../server/platform/runtime.local'
import { DEMO, seedDemo } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dumpStore } from '../support/dump'
import { faultyStore, InjectedFault } from '../support/faulty-store'
import { T0, TestClock } from '../support/harness'
import { freshStore } from '../support/store'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const MIN = 60_000

async function setup() {
  const inner = await freshStore()
  const faults = faultyStore(inner)
  const errors: unknown[] = []
  const runtime = localRuntime(faults.store, {
    clock: new TestClock(),
    logError: (e) => errors.push(e),
    secret: 'test-secret-0123456789',
    publicOrigin: 'https://dj.example.cn',
    files: localFileStore(mkdtempSync(path.join(os.tmpdir(), 'djrecord-'))),
  })
  await seedDemo(runtime)
  const main = mountFunctions(runtime).activity
  if (!main) throw new Error('no activity function')
  const call = async <D>(event: Record<string, unknown>) => (await main(event, contextFor(SECRETARY))) as Result<D>
  const ok = async <D>(event: Record<string, unknown>) => {
    const r = await call<D>(event)
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.data
  }
  const { activity } = await ok<{ activity: { id: string } }>({
    action: 'createActivity', kind: 'party_congress', title: '支部党员大会', startAt: new Date(T0.getTime() + 10 * MIN).toISOString(), endAt: new Date(T0.getTime() + 120 * MIN).toISOString(),
  })
  return { inner, faults, errors, call, ok, activityId: activity.id, owner: memberIdFor(runtime, DEMO.memberOpenid(1)) }
}

type Setup = Awaited<ReturnType<typeof setup>>

const saveEvent = (s: Setup) => ({
  action: 'saveRecord', activityId: s.activityId, topic: '学习贯彻全会精神', blocks: [{ type: 'p', text: '集体学习' }],
  decisions: [{ text: '整改落实', ownerId: s.owner, deadline: '2026-12-01' }], baseVersion: 0, requestId: 'req-record-fault-1',
})

/** Fails each write point of `event` in turn on fresh fixtures; returns what went wrong. */
async function exercise(prepare: (s: Setup) => Promise<Record<string, unknown>>, check: (s: Setup) => Promise<void>): Promise<{ points: string[]; problems: string[] }> {
  const clean = await setup()
  const event = await prepare(clean)
  clean.faults.failAt(null)
  await clean.ok(event)
  const points = clean.faults.log()
  await check(clean)
  const problems: string[] = []
  for (let n = 1; n <= points.length; n++) {
    const s = await setup()
    const e = await prepare(s)
    const before = await dumpStore(s.inner)
    s.faults.failAt(n)
    const failed = await s.call(e)
    const where = `fault ${n} at ${points[n - 1]}`
    if (!s.faults.fired() || failed.ok) problems.push(`${where}: not refused`)
    if ((await dumpStore(s.inner)) !== before) problems.push(`${where}: partial state`)
    s.faults.reset()
    if (s.errors.some((x) => !(x instanceof InjectedFault))) problems.push(`${where}: an unexpected error was logged`)
    const retry = await s.call(e)
    if (!retry.ok) problems.push(`${where}: the retry answered ${retry.error.code}`)
    await check(s)
    const once = await dumpStore(s.inner)
    await s.call(e)
    if ((await dumpStore(s.inner)) !== once) problems.push(`${where}: the second retry changed something`)
  }
  return { points, problems }
}

test('saveRecord: record + audit + request key — a fault anywhere leaves nothing, the retry saves once', async () => {
  const { points, problems } = await exercise(
    async (s) => saveEvent(s),
    async (s) => {
      expect(await s.inner.count(C.activityRecord)).toBe(1)
      expect(await s.inner.count(C.activityRecordAudit)).toBe(1)
    },
  )
  expect(points).toEqual([`tx.insert:${C.activityRecord}`, `tx.insert:${C.activityRecordAudit}`, `tx.insert:${C.requestKey}`, 'commit'])
  expect(problems).toEqual([])
})

test('setDecisionState: record + audit — a fault anywhere leaves nothing, the retry marks it once', async () => {
  const { problems } = await exercise(
    async (s) => {
      const { record } = await s.ok<{ record: { decisions: Array<{ id: string }> } }>(saveEvent(s))
      return { action: 'setDecisionState', activityId: s.activityId, decisionId: record.decisions[0]?.id, done: true }
    },
    async (s) => {
      expect(await s.inner.count(C.activityRecord, { hasOpenDecisions: false })).toBe(1)
      expect(await s.inner.count(C.activityRecordAudit)).toBe(2)
    },
  )
  expect(problems).toEqual([])
})
