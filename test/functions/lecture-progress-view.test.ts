/** The progress a member sees: whole percents below 100 until completed, seconds to one decimal. */
import type { lecture as L } from '../../contracts'
import type { ProgressDoc } from '../../server/domain/lecture/lecture.docs'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'

afterAll(closeAllPglite)

const AUDIO = 'lec_demo_audio' // 20 s → complete at 18 s

test('5.25 s of 18 shows 5.3 s and 29 %; 17.9 s shows 99 %, never 100 before completion; completion shows 100', async () => {
  const h = await makeHarness()
  const M1 = DEMO.memberOpenid(1)
  const beat = async (positionSec: number) => dataOf(await h.call<L.ReportProgressOutput>('lecture', M1, { action: 'reportProgress', lectureId: AUDIO, positionSec, playing: true })).progress
  await beat(0)
  h.clock.advance(5_250)
  const first = await beat(5.25)
  const stored = (await h.store.query<ProgressDoc>('lecture_progress', { where: { lectureId: AUDIO } })).docs[0]
  expect(stored?.effectiveSec).toBe(5.25)
  expect(first).toMatchObject({ state: 'in_progress', effectiveSec: 5.3, requiredSec: 18, percent: 29 })
  h.clock.advance(12_650)
  const almost = await beat(17.9)
  expect(almost).toMatchObject({ state: 'in_progress', effectiveSec: 17.9, percent: 99 })
  h.clock.advance(5_000)
  expect(await beat(20)).toMatchObject({ state: 'completed', percent: 100 })
})
