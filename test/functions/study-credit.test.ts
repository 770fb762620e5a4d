/**
 * 微党课 study credit at its edges: the races the use case guards against (another request writing the
 * progress record between this one's read and its write), the first beat, the quiz taken before or after
 * the listening, the push a study is attributed to, and the ledger entry a completion appends.
 * A race is staged with the real store wrapped so that, just before this request's write, "another
 * request" writes to the same record.
 */
import type { lecture as L, points as P, Result } from '../../contracts'
import { mountFunctions } from '../../server/functions'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import type { Doc, DocumentStore } from '../../server/store/document-store'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)
const AUDIO = 'lec_demo_audio' // 20 s → complete at 18 s
const ARTICLE = 'lec_demo_wiki' // 15 s of reading and the end reached
const QUIZ = 'lec_demo_safety' // an article with a two-question quiz, pass mark 2

type ProgressRow = { _id: string; effectiveSec: number; lastBeatAt: string; maxPositionSec: number; quizPassed: boolean | null; completedAt: string | null; viaPushId: string | null; atEnd: boolean }

const beat = (h: Harness, lectureId: string, positionSec: number, playing = true, atEnd?: boolean, openid = M1) =>
  h.call<L.ReportProgressOutput>('lecture', openid, { action: 'reportProgress', lectureId, positionSec, playing, ...(atEnd === undefined ? {} : { atEnd }) })

async function progressOf(h: Harness, lectureId: string): Promise<ProgressRow[]> {
  return (await h.store.query<ProgressRow>('lecture_progress', { where: { lectureId } })).docs
}

/** The one progress record of the lecture (only M1 studies in these tests). */
async function rowOf(h: Harness, lectureId: string): Promise<ProgressRow> {
  const rows = await progressOf(h, lectureId)
  if (rows.length !== 1 || !rows[0]) throw new Error(`expected one progress record, found ${rows.length}`)
  return rows[0]
}

async function lectureEntries(h: Harness) {
  const out = dataOf(await h.call<P.GetMyPointsOutput>('points', M1, { action: 'getMyPoints' }))
  return out.entries.filter((e) => e.sourceType === 'lecture_completed')
}

type Hooks = Partial<{
  transaction: () => Promise<void>
  updateWhere: () => Promise<void>
  insert: (collection: string, doc: Doc) => Promise<void>
}>

/**
 * The lecture function on the harness's store, except that each hook runs once, just before the first
 * call of its method: the moment another request's write would land.
 */
function racingLecture(h: Harness, hooks: Hooks) {
  const inner = h.store
  const pending = new Set(Object.keys(hooks))
  const first = async (name: keyof Hooks, ...args: unknown[]) => {
    if (!pending.delete(name)) return
    await (hooks[name] as (...a: unknown[]) => Promise<void>)(...args)
  }
  const overrides: Partial<DocumentStore> = {
    transaction: async (fn) => {
      await first('transaction')
      return inner.transaction(fn)
    },
    updateWhere: async (c, id, w, p) => {
      await first('updateWhere')
      return inner.updateWhere(c, id, w, p)
    },
    insert: async (c, doc) => {
      if (c === 'lecture_progress') await first('insert', c, doc)
      return inner.insert(c, doc)
    },
  }
  const store = new Proxy(inner, {
    get(target, key) {
      if (key in overrides) return overrides[key as keyof DocumentStore]
      const v = Reflect.get(target, key) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
  const main = mountFunctions({ ...h.runtime, store }).lecture
  if (!main) throw new Error('no lecture function')
  return async <D>(event: unknown) => (await main(event, contextFor(M1))) as Result<D>
}

describe('races on the progress record', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('two first beats at once: the second finds the first one’s record and answers from it', async () => {
    const lecture = racingLecture(h, {
      // the twin request inserts the same record first
      insert: async (c, doc) => {
        await h.store.insert(c, { ...doc })
      },
    })
    const out = dataOf(await lecture<L.ReportProgressOutput>({ action: 'reportProgress', lectureId: AUDIO, positionSec: 0, playing: true }))
    expect(out).toMatchObject({ effectiveSec: 0, completed: false, progress: { state: 'in_progress' } })
    expect(await progressOf(h, AUDIO)).toHaveLength(1)
  })

  // the record as it stands after 15 s of playing; the next beat (6 s later) would complete it
  async function nearlyDone(): Promise<ProgressRow> {
    dataOf(await beat(h, AUDIO, 0))
    h.clock.advance(15_000)
    dataOf(await beat(h, AUDIO, 15))
    h.clock.advance(6_000)
    return rowOf(h, AUDIO)
  }
  const completingBeat = { action: 'reportProgress', lectureId: AUDIO, positionSec: 20, playing: true }

  test('a beat recorded meanwhile: the completing beat writes nothing and reports the stored record', async () => {
    const row = await nearlyDone()
    const lecture = racingLecture(h, {
      transaction: async () => {
        await h.store.update('lecture_progress', row._id, { set: { lastBeatAt: new Date(h.clock.now().getTime() - 1000).toISOString(), effectiveSec: 16 } })
      },
    })
    const out = dataOf(await lecture<L.ReportProgressOutput>(completingBeat))
    expect(out).toMatchObject({ effectiveSec: 16, completed: false, points: 0 })
    expect(await lectureEntries(h)).toEqual([])
    expect((await progressOf(h, AUDIO))[0]).toMatchObject({ effectiveSec: 16, completedAt: null })
  })

  test('completed meanwhile by another request: no second ledger entry, the answer says completed', async () => {
    const row = await nearlyDone()
    const lecture = racingLecture(h, {
      // the other request completed it at the same instant (same lastBeatAt, same quiz state)
      transaction: async () => {
        await h.store.update('lecture_progress', row._id, { set: { completedAt: h.clock.now().toISOString(), pointsAwarded: 1 } })
      },
    })
    const out = dataOf(await lecture<L.ReportProgressOutput>(completingBeat))
    expect(out).toMatchObject({ completed: true, points: 0 })
    expect(await lectureEntries(h)).toEqual([])
  })

  test('the record gone meanwhile: the beat answers from what it read, without an error', async () => {
    const row = await nearlyDone()
    const lecture = racingLecture(h, {
      transaction: async () => {
        await h.store.remove('lecture_progress', row._id)
      },
    })
    const out = dataOf(await lecture<L.ReportProgressOutput>(completingBeat))
    expect(out).toMatchObject({ effectiveSec: 15, completed: false, points: 0, progress: { state: 'in_progress' } })
    expect(await lectureEntries(h)).toEqual([])
  })

  test('a beat that loses to another one writes nothing and reports what the winner stored', async () => {
    dataOf(await beat(h, AUDIO, 0))
    h.clock.advance(6_000)
    const row = await rowOf(h, AUDIO)
    const lecture = racingLecture(h, {
      updateWhere: async () => {
        await h.store.update('lecture_progress', row._id, { set: { lastBeatAt: new Date(h.clock.now().getTime() - 1000).toISOString(), effectiveSec: 5 } })
      },
    })
    const out = dataOf(await lecture<L.ReportProgressOutput>({ action: 'reportProgress', lectureId: AUDIO, positionSec: 6, playing: true }))
    expect(out).toMatchObject({ effectiveSec: 5, completed: false })
    expect((await progressOf(h, AUDIO))[0]).toMatchObject({ effectiveSec: 5 })
  })

  test('a quiz pass that loses to another request’s write completes nothing and says so', async () => {
    dataOf(await beat(h, QUIZ, 0))
    h.clock.advance(20_000)
    expect(dataOf(await beat(h, QUIZ, 20, true, true)).completed).toBe(false)
    const row = await rowOf(h, QUIZ)
    const lecture = racingLecture(h, {
      transaction: async () => {
        await h.store.update('lecture_progress', row._id, { set: { quizPassed: true } })
      },
    })
    const out = dataOf(await lecture<L.SubmitQuizOutput>({ action: 'submitQuiz', lectureId: QUIZ, answers: [0, 1] }))
    expect(out).toMatchObject({ passed: true, completed: false, points: 0 })
    expect(await lectureEntries(h)).toEqual([])
  })

  test('eight completing beats at once: every one answers completed, one of them with the point', async () => {
    dataOf(await beat(h, AUDIO, 0))
    h.clock.advance(15_000)
    dataOf(await beat(h, AUDIO, 15))
    h.clock.advance(6_000)
    const results = await Promise.all(Array.from({ length: 8 }, () => beat(h, AUDIO, 20)))
    const answers = results.map((r) => dataOf(r))
    expect(answers.map((a) => a.completed)).toEqual(Array(8).fill(true))
    expect(answers.map((a) => a.points).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 1])
  })
})

describe('what a beat records', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('an article whose end shows on the first beat counts as read to the end', async () => {
    dataOf(await beat(h, ARTICLE, 0, true, true))
    h.clock.advance(16_000)
    expect(dataOf(await beat(h, ARTICLE, 0, true))).toMatchObject({ completed: true, points: 1 })
  })

  test('reaching the end is recorded even by a beat that comes too soon after the last', async () => {
    dataOf(await beat(h, ARTICLE, 0))
    h.clock.advance(16_000)
    expect(dataOf(await beat(h, ARTICLE, 10, true, false)).completed).toBe(false)
    h.clock.advance(2_000)
    expect(dataOf(await beat(h, ARTICLE, 12, true, true))).toMatchObject({ completed: true, points: 1 })
  })

  test('the furthest position is kept when the member seeks back', async () => {
    dataOf(await beat(h, AUDIO, 0))
    h.clock.advance(6_000)
    dataOf(await beat(h, AUDIO, 12))
    h.clock.advance(6_000)
    dataOf(await beat(h, AUDIO, 4))
    expect((await progressOf(h, AUDIO))[0]?.maxPositionSec).toBe(12)
  })

  test('a study is attributed to the member’s latest opening of that lecture through a push', async () => {
    const push = async (lectureId: string, label: string) => dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId, label })).pushId
    const open = async (openid: string, lectureId: string, pushId: string) => {
      dataOf(await h.call('lecture', openid, { action: 'getLecture', lectureId, pushId }))
      h.clock.advance(60_000)
    }
    const a = await push(AUDIO, '甲群')
    const b = await push(AUDIO, '乙群')
    const c = await push(ARTICLE, '丙群')
    await open(M1, AUDIO, a)
    await open(M1, AUDIO, a)
    await open(M1, AUDIO, b)
    // later openings that are not M1's opening of this lecture
    await open(DEMO.memberOpenid(2), AUDIO, a)
    await open(M1, ARTICLE, c)
    dataOf(await beat(h, AUDIO, 0))
    expect((await progressOf(h, AUDIO))[0]?.viaPushId).toBe(b)
    // and 张晓燕's own opening is hers: 甲群
    dataOf(await beat(h, AUDIO, 0, true, undefined, DEMO.memberOpenid(2)))
    const rows = await progressOf(h, AUDIO)
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => r.viaPushId).sort()).toEqual([a, b].sort())
    h.clock.advance(20_000)
    expect(dataOf(await beat(h, AUDIO, 20)).completed).toBe(true)
    const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SECRETARY, { action: 'getStudyReport', lectureId: AUDIO }))
    expect(report.rows.find((r) => r.name === '李明华')).toMatchObject({ state: 'completed', viaPush: '乙群' })
    expect(report.rows.find((r) => r.name === '张晓燕')).toMatchObject({ viaPush: '甲群' })
  })
})

describe('the quiz and the listening, in either order', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })
  const submit = async (answers: number[]) => dataOf(await h.call<L.SubmitQuizOutput>('lecture', M1, { action: 'submitQuiz', lectureId: QUIZ, answers }))

  test('a quiz passed first is kept; the reading then completes the lecture without a second attempt', async () => {
    expect(await submit([0, 1])).toEqual({ passed: true, correct: 2, passMark: 2, completed: false, points: 0 })
    // taking the quiz is not reading: the time until the first playing beat earns nothing
    h.clock.advance(15_000)
    expect(dataOf(await beat(h, QUIZ, 3))).toMatchObject({ effectiveSec: 0, completed: false, progress: { quizPassed: true } })
    expect((await progressOf(h, QUIZ))[0]).toMatchObject({ quizPassed: true, maxPositionSec: 3 })
    h.clock.advance(20_000)
    expect(dataOf(await beat(h, QUIZ, 20, true, true))).toMatchObject({ completed: true, points: 1 })
  })

  test('a quiz submitted after completion changes nothing and reports the lecture completed', async () => {
    dataOf(await beat(h, QUIZ, 0))
    h.clock.advance(20_000)
    dataOf(await beat(h, QUIZ, 20, true, true))
    expect(await submit([0, 1])).toMatchObject({ completed: true, points: 1 })
    expect((await progressOf(h, QUIZ))[0]).toMatchObject({ quizPassed: true })
    expect(await submit([0, 1])).toEqual({ passed: true, correct: 2, passMark: 2, completed: true, points: 0 })
    expect(await submit([1, 1])).toEqual({ passed: false, correct: 1, passMark: 2, completed: true, points: 0 })
    expect(await lectureEntries(h)).toHaveLength(1)
  })
})

describe('the ledger entry of a completion', () => {
  test('says which lecture; beyond the daily cap a completion is recorded with no entry at all', async () => {
    const h = await makeHarness()
    const finish = async (id: string) => {
      dataOf(await beat(h, id, 0))
      for (let i = 1; i <= 8; i++) {
        h.clock.advance(15_000)
        const r = dataOf(await beat(h, id, i * 15, true, true))
        if (r.completed) return r
      }
      throw new Error(`${id} did not complete in 2 minutes`)
    }
    for (const id of ['lec_demo_service', 'lec_demo_business', 'lec_demo_reading']) expect((await finish(id)).points).toBe(1)
    expect(await finish(ARTICLE)).toMatchObject({ completed: true, points: 0 })
    const entries = await lectureEntries(h)
    expect(entries).toHaveLength(3)
    expect(entries.every((e) => e.reason.startsWith('完成微党课：') && e.reason.length > '完成微党课：'.length)).toBe(true)
  })
})
