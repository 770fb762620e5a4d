import type { lecture as L, points as P } from '../../contracts'
import { mountFunctions } from '../../server/functions'
import { contextFor } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { toneWav } from '../../server/seed/demo-lectures'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { countingStore } from '../support/counting-store'
import { dataOf, makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const SECRETARY = DEMO.secretaryOpenid
const M1 = DEMO.memberOpenid(1)
const AUDIO = 'lec_demo_audio' // 20 s → complete at 18 s
const ARTICLE = 'lec_demo_wiki'
const QUIZ = 'lec_demo_safety'

const beat = (h: Harness, openid: string | null, lectureId: string, positionSec: number, playing = true, atEnd?: boolean) =>
  h.call<L.ReportProgressOutput>('lecture', openid, { action: 'reportProgress', lectureId, positionSec, playing, ...(atEnd === undefined ? {} : { atEnd }) })

async function points(h: Harness, openid: string) {
  return dataOf(await h.call<P.GetMyPointsOutput>('points', openid, { action: 'getMyPoints' }))
}

describe('columns and lectures', () => {
  test('members see the five seeded columns and the published lectures with their progress', async () => {
    const h = await makeHarness()
    const cols = dataOf(await h.call<{ columns: L.ColumnView[] }>('lecture', M1, { action: 'listColumns' }))
    expect(cols.columns.map((c) => c.name)).toEqual(['党课随身听', '业务大家学', '读书共分享', '安全时时讲', '百科随意聊'])
    const list = dataOf(await h.call<L.ListLecturesOutput>('lecture', M1, { action: 'listLectures' }))
    expect(list.lectures).toHaveLength(6)
    const audio = list.lectures.find((l) => l.id === AUDIO)
    expect(audio).toMatchObject({ kind: 'audio', columnName: '党课随身听', durationSec: 20, progress: { state: 'none', requiredSec: 18 } })
    const byCol = dataOf(await h.call<L.ListLecturesOutput>('lecture', M1, { action: 'listLectures', columnId: 'col_demo_4' }))
    expect(byCol.lectures.map((l) => l.title)).toEqual(['冬季收费广场安全要点'])
    expect(await h.call('lecture', 'wx-stranger', { action: 'listLectures' })).toMatchObject({ status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
  })

  test('an admin renames, reorders and hides a column; members no longer see hidden ones', async () => {
    const h = await makeHarness()
    dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'saveColumn', columnId: 'col_demo_5', name: '百科天地', order: 1, hidden: false }))
    let cols = dataOf(await h.call<{ columns: L.ColumnView[] }>('lecture', M1, { action: 'listColumns' }))
    expect(cols.columns[0]?.name).toBe('百科天地')
    dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'saveColumn', columnId: 'col_demo_5', name: '百科天地', hidden: true }))
    cols = dataOf(await h.call<{ columns: L.ColumnView[] }>('lecture', M1, { action: 'listColumns' }))
    expect(cols.columns.map((c) => c.name)).not.toContain('百科天地')
    const list = dataOf(await h.call<L.ListLecturesOutput>('lecture', M1, { action: 'listLectures' }))
    expect(list.lectures.map((l) => l.id)).not.toContain(ARTICLE)
    expect(await h.call('lecture', SECRETARY, { action: 'saveColumn', name: '新栏目' })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })

  test('the article is served as blocks, never as markup, and the quiz without its answers', async () => {
    const h = await makeHarness()
    const out = dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: QUIZ }))
    expect(out.lecture.blocks[0]).toEqual({ type: 'h', text: '三条安全红线', url: null })
    expect(JSON.stringify(out.lecture.quiz)).not.toContain('answer')
    expect(out.lecture.quiz?.questions).toHaveLength(2)
  })
})

describe('uploads', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })
  const upload = (openid: string, mimeType: string, bytes: Uint8Array, fileName = 'x') =>
    h.call<{ fileId: string; url: string }>('lecture', openid, { action: 'uploadMedia', fileName, mimeType, base64: Buffer.from(bytes).toString('base64') })

  test('a real WAV uploads and can be used as a lecture; its file is served under /files/', async () => {
    const out = dataOf(await upload(SECRETARY, 'audio/wav', toneWav(2), 'tone.wav'))
    expect(out.url).toMatch(/^\/files\/f_[A-Za-z0-9_-]+\.wav$/)
    const created = dataOf(await h.call<{ lecture: L.LectureSummary }>('lecture', SECRETARY, {
      action: 'createLecture', columnId: 'col_demo_1', title: '两分钟听党史', lecturer: '王建国', kind: 'audio', mediaFileId: out.fileId, durationSec: 2,
    }))
    expect(created.lecture).toMatchObject({ status: 'draft', kind: 'audio' })
  })

  test.each([
    ['text pretending to be MP3', 'audio/mpeg', new TextEncoder().encode('not really an mp3 file'), 'LECTURE.UPLOAD_TYPE'],
    ['a WAV declared as PNG', 'image/png', toneWav(1), 'LECTURE.UPLOAD_TYPE'],
    ['an executable type', 'application/x-msdownload', new Uint8Array([77, 90, 1, 2]), 'LECTURE.UPLOAD_TYPE'],
    ['an image over 2 MB', 'image/png', new Uint8Array(2 * 1024 * 1024 + 10).fill(1, 8), 'LECTURE.UPLOAD_TOO_LARGE'],
  ])('rejects %s with a coded 400 and stores nothing', async (_n, mime, bytes, code) => {
    const before = await h.counts()
    expect(await upload(SECRETARY, mime, bytes)).toMatchObject({ ok: false, status: 400, error: { code } })
    expect(await h.counts()).toEqual(before)
  })

  test('members cannot upload', async () => {
    expect(await upload(M1, 'audio/wav', toneWav(1))).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })

  test('a lecture cannot point at a missing file, and an audio lecture needs its media and length', async () => {
    const r = await h.call('lecture', SECRETARY, { action: 'createLecture', columnId: 'col_demo_1', title: '标题', lecturer: '王建国', kind: 'audio', mediaFileId: 'f_nope', durationSec: 10 })
    expect(r).toMatchObject({ status: 400, error: { code: 'LECTURE.FILE_NOT_FOUND' } })
    const v = await h.call('lecture', SECRETARY, { action: 'createLecture', columnId: 'col_demo_1', title: '标题', lecturer: '王建国', kind: 'audio' })
    expect(v).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
  })
})

describe('study credit is earned on the server', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })

  test('heartbeats faster than real time earn only the wall-clock time that passed', async () => {
    dataOf(await beat(h, M1, AUDIO, 0))
    for (let i = 1; i <= 10; i++) {
      h.clock.advance(1000)
      dataOf(await beat(h, M1, AUDIO, i * 2))
    }
    h.clock.advance(1000)
    const out = dataOf(await beat(h, M1, AUDIO, 30))
    // 11 s of wall clock passed; the client claimed 30 s of position
    expect(out.effectiveSec).toBeLessThanOrEqual(11)
    expect(out.completed).toBe(false)
  })

  test('seeking to the end completes nothing; a long gap credits at most 20 s', async () => {
    dataOf(await beat(h, M1, AUDIO, 0))
    h.clock.advance(6000)
    expect(dataOf(await beat(h, M1, AUDIO, 20))).toMatchObject({ effectiveSec: 6, completed: false })
    // a 10-minute lecture, so neither its length nor completion can hide the per-beat cap
    const media = dataOf(await h.call<{ fileId: string }>('lecture', SECRETARY, { action: 'uploadMedia', fileName: 'tone.wav', mimeType: 'audio/wav', base64: Buffer.from(toneWav(2)).toString('base64') }))
    const long = dataOf(await h.call<{ lecture: L.LectureSummary }>('lecture', SECRETARY, {
      action: 'createLecture', columnId: 'col_demo_1', title: '十分钟党课', lecturer: '王建国', kind: 'audio', mediaFileId: media.fileId, durationSec: 600,
    })).lecture
    dataOf(await h.call('lecture', SECRETARY, { action: 'setLectureStatus', lectureId: long.id, status: 'published' }))
    dataOf(await beat(h, M1, long.id, 0))
    h.clock.advance(10 * 60 * 1000)
    expect(dataOf(await beat(h, M1, long.id, 600))).toMatchObject({ effectiveSec: 20, completed: false })
    h.clock.advance(10 * 60 * 1000)
    expect(dataOf(await beat(h, M1, long.id, 600, false))).toMatchObject({ effectiveSec: 40, completed: false })
  })

  test('a pause reported right after a heartbeat is still recorded, so the time away earns nothing', async () => {
    dataOf(await beat(h, M1, AUDIO, 0))
    h.clock.advance(2_000)
    dataOf(await beat(h, M1, AUDIO, 2, false))
    h.clock.advance(60_000)
    expect(dataOf(await beat(h, M1, AUDIO, 2, true)).effectiveSec).toBeLessThanOrEqual(2)
  })

  test('an admin names the branch for pushes and reports', async () => {
    expect(await h.call('lecture', DEMO.adminOpenid, { action: 'createPush', lectureId: AUDIO, label: '全体群' })).toMatchObject({ status: 400, error: { code: 'MEMBER.BRANCH_REQUIRED' } })
    dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'createPush', lectureId: AUDIO, label: '全体群', branchId: DEMO.branchId }))
    const r = dataOf(await h.call<L.GetStudyReportOutput>('lecture', DEMO.adminOpenid, { action: 'getStudyReport', lectureId: AUDIO, branchId: DEMO.branchId }))
    expect(r.counts.members).toBe(21)
  })

  test('paused time earns nothing', async () => {
    dataOf(await beat(h, M1, AUDIO, 0, false))
    h.clock.advance(15_000)
    expect(dataOf(await beat(h, M1, AUDIO, 0, false)).effectiveSec).toBe(0)
  })

  test('listening to 90 % completes once, appends one ledger entry, and repeats change nothing', async () => {
    dataOf(await beat(h, M1, AUDIO, 0))
    h.clock.advance(15_000)
    expect(dataOf(await beat(h, M1, AUDIO, 15)).completed).toBe(false)
    h.clock.advance(5_000)
    const done = dataOf(await beat(h, M1, AUDIO, 20))
    expect(done).toMatchObject({ completed: true, points: 1, progress: { state: 'completed', percent: 100 } })
    h.clock.advance(15_000)
    expect(dataOf(await beat(h, M1, AUDIO, 20))).toMatchObject({ completed: true, points: 0 })
    const pts = await points(h, M1)
    expect(pts.entries.filter((e) => e.sourceType === 'lecture_completed')).toHaveLength(1)
    expect(pts.total).toBe(1)
  })

  test('concurrent heartbeats cannot complete twice', async () => {
    dataOf(await beat(h, M1, AUDIO, 0))
    h.clock.advance(15_000)
    dataOf(await beat(h, M1, AUDIO, 15))
    h.clock.advance(6_000)
    const results = await Promise.all(Array.from({ length: 8 }, () => beat(h, M1, AUDIO, 20)))
    expect(results.filter((r) => r.ok && r.data.points > 0)).toHaveLength(1)
    expect((await points(h, M1)).total).toBe(1)
  })

  test('an article needs its reading time and reaching the end', async () => {
    const lecture = dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: ARTICLE })).lecture
    expect(lecture.durationSec).toBe(15)
    dataOf(await beat(h, M1, ARTICLE, 0))
    h.clock.advance(16_000)
    expect(dataOf(await beat(h, M1, ARTICLE, 16, true, false)).completed).toBe(false)
    h.clock.advance(5_000)
    expect(dataOf(await beat(h, M1, ARTICLE, 21, true, true)).completed).toBe(true)
  })

  test('a quiz must be passed as well: a failed attempt does not complete, a pass does', async () => {
    const read = async () => {
      dataOf(await beat(h, M1, QUIZ, 0))
      h.clock.advance(20_000)
      return dataOf(await beat(h, M1, QUIZ, 20, true, true))
    }
    expect((await read()).completed).toBe(false)
    expect(dataOf(await h.call<L.SubmitQuizOutput>('lecture', M1, { action: 'submitQuiz', lectureId: QUIZ, answers: [0, 0] }))).toMatchObject({ passed: false, correct: 1, completed: false })
    expect(await h.call('lecture', M1, { action: 'submitQuiz', lectureId: QUIZ, answers: [0] })).toMatchObject({ status: 400, error: { code: 'LECTURE.QUIZ_ANSWERS' } })
    expect(dataOf(await h.call<L.SubmitQuizOutput>('lecture', M1, { action: 'submitQuiz', lectureId: QUIZ, answers: [0, 1] }))).toMatchObject({ passed: true, completed: true, points: 1 })
    expect(await h.call('lecture', M1, { action: 'submitQuiz', lectureId: AUDIO, answers: [0] })).toMatchObject({ status: 409, error: { code: 'LECTURE.NO_QUIZ' } })
  })

  test('a heartbeat for an unpublished lecture is refused; non-members and anonymous callers earn nothing', async () => {
    // The seeded lectures are the organisation's: its admin archives them, not a branch secretary.
    dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'setLectureStatus', lectureId: AUDIO, status: 'archived' }))
    expect(await beat(h, M1, AUDIO, 0)).toMatchObject({ status: 409, error: { code: 'LECTURE.NOT_PUBLISHED' } })
    expect(await beat(h, 'wx-stranger', ARTICLE, 0)).toMatchObject({ status: 403, error: { code: 'MEMBER.NOT_MEMBER' } })
    expect(await beat(h, null, ARTICLE, 0)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } })
  })

  test('the daily cap limits study points; completions beyond it are recorded without points', async () => {
    // studies honestly: a heartbeat every 15 s until the server says it is complete
    const finish = async (id: string, openid = M1) => {
      dataOf(await beat(h, openid, id, 0))
      for (let i = 1; i <= 8; i++) {
        h.clock.advance(15_000)
        const r = dataOf(await beat(h, openid, id, i * 15, true, true))
        if (r.completed) return r
      }
      throw new Error(`${id} did not complete in 2 minutes`)
    }
    const awarded: number[] = []
    for (const id of ['lec_demo_service', 'lec_demo_business', 'lec_demo_reading', ARTICLE]) awarded.push((await finish(id)).points)
    expect(awarded).toEqual([1, 1, 1, 0])
    expect((await points(h, M1)).total).toBe(3)
    h.clock.advance(24 * 3600 * 1000)
    expect((await finish(AUDIO)).points).toBe(1)
  })

  test('an ordinary heartbeat costs one store write; a too-early one costs none', async () => {
    const counting = countingStore(h.store)
    const lecture = mountFunctions({ ...h.runtime, store: counting.store }).lecture
    const send = (pos: number) => lecture?.({ action: 'reportProgress', lectureId: AUDIO, positionSec: pos, playing: true }, contextFor(M1))
    await send(0)
    const writes: number[] = []
    for (let i = 1; i <= 3; i++) {
      h.clock.advance(i === 2 ? 2000 : 5000)
      counting.reset()
      await send(i * 5)
      writes.push(counting.writes())
    }
    expect(writes).toEqual([1, 0, 1])
  })
})

describe('pushes and reports', () => {
  test('a push is opened by a member, studied to completion, and the report attributes it', async () => {
    const h = await makeHarness()
    const push = dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: '第四党支部全体群', deadline: '2026-11-21T12:00:00.000Z' }))
    expect(push.path).toBe(`/packages/lecture/detail/index?id=${AUDIO}&push=${push.pushId}`)
    const opened = dataOf(await h.call<L.GetLectureOutput>('lecture', M1, { action: 'getLecture', lectureId: AUDIO, pushId: push.pushId }))
    expect(opened.push).toMatchObject({ label: '第四党支部全体群' })
    dataOf(await h.call('lecture', M1, { action: 'getLecture', lectureId: AUDIO, pushId: push.pushId }))
    // someone who is not a member opens it too (counted as an open, earns nothing)
    dataOf(await h.call('lecture', 'wx-friend', { action: 'getLecture', lectureId: AUDIO, pushId: push.pushId }))
    dataOf(await beat(h, M1, AUDIO, 0))
    h.clock.advance(20_000)
    dataOf(await beat(h, M1, AUDIO, 20))
    dataOf(await beat(h, DEMO.memberOpenid(2), AUDIO, 0))
    const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SECRETARY, { action: 'getStudyReport', lectureId: AUDIO }))
    expect(report.counts).toEqual({ members: 21, completed: 1, inProgress: 1, notStarted: 19 })
    expect(report.rows.find((r) => r.name === '李明华')).toMatchObject({ state: 'completed', percent: 100, viaPush: '第四党支部全体群' })
    expect(report.remind).toHaveLength(19)
    expect(report.remind).not.toContain('李明华')
    expect(report.pushes).toEqual([expect.objectContaining({ label: '第四党支部全体群', opens: 2, completions: 1, completedByDeadline: 1 })])
    expect(report.pushes[0]?.rate).toBeCloseTo(1 / 21, 3)
    expect(await h.call('lecture', M1, { action: 'getStudyReport', lectureId: AUDIO })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
    expect(await h.call('lecture', M1, { action: 'getLecture', lectureId: ARTICLE, pushId: push.pushId })).toMatchObject({ status: 404, error: { code: 'LECTURE.PUSH_NOT_FOUND' } })

    const mine = dataOf(await h.call<{ items: Array<{ title: string; state: string }> }>('lecture', M1, { action: 'getMemberStudy' }))
    expect(mine.items).toEqual([expect.objectContaining({ title: '初心如磐——一分钟党课音频示例', state: 'completed' })])

    const xlsx = dataOf(await h.call<{ fileName: string; base64: string }>('lecture', SECRETARY, { action: 'exportStudyReport', lectureId: AUDIO }))
    const { default: ExcelJS } = await import('exceljs')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['学习情况', '推送效果', '待提醒'])
  })

  // The secretary opens a lecture from 课程管理 to push it: that is not studying it.
  test('a manager who opens a lecture and pushes it is not credited with study: no progress, 未开始 in the report', async () => {
    const h = await makeHarness()
    dataOf(await h.call('lecture', SECRETARY, { action: 'getLecture', lectureId: AUDIO }))
    const push = dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: '第四党支部全体群' }))
    dataOf(await h.call('lecture', SECRETARY, { action: 'getLecture', lectureId: AUDIO, pushId: push.pushId }))
    // the page's first beat on opening: nothing playing
    expect(dataOf(await beat(h, SECRETARY, AUDIO, 0, false))).toMatchObject({ effectiveSec: 0, completed: false, progress: { state: 'none' } })
    h.clock.advance(30_000)
    expect(dataOf(await beat(h, SECRETARY, AUDIO, 0, false))).toMatchObject({ progress: { state: 'none' } })
    expect(await h.store.count('lecture_progress')).toBe(0)
    const report = dataOf(await h.call<L.GetStudyReportOutput>('lecture', SECRETARY, { action: 'getStudyReport', lectureId: AUDIO }))
    expect(report.counts).toMatchObject({ completed: 0, inProgress: 0, notStarted: 21 })
    expect(report.rows.find((r) => r.name === '王建国')).toMatchObject({ state: 'none' })
    const mine = dataOf(await h.call<{ items: unknown[] }>('lecture', SECRETARY, { action: 'getMemberStudy' }))
    expect(mine.items).toEqual([])
    // playing it is studying: the first playing beat starts the record
    expect(dataOf(await beat(h, SECRETARY, AUDIO, 0))).toMatchObject({ progress: { state: 'in_progress' } })
    expect(await h.store.count('lecture_progress')).toBe(1)
  })

  test('pushing a draft is refused; the same request id makes one push', async () => {
    const h = await makeHarness()
    dataOf(await h.call('lecture', DEMO.adminOpenid, { action: 'setLectureStatus', lectureId: ARTICLE, status: 'draft' }))
    expect(await h.call('lecture', DEMO.adminOpenid, { action: 'createPush', lectureId: ARTICLE, label: '全体群', branchId: DEMO.branchId })).toMatchObject({ status: 409, error: { code: 'LECTURE.NOT_PUBLISHED' } })
    // the organisation's draft is not the branch secretary's to see
    expect(await h.call('lecture', SECRETARY, { action: 'createPush', lectureId: ARTICLE, label: '全体群' })).toMatchObject({ status: 404, error: { code: 'LECTURE.NOT_FOUND' } })
    const a = dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: '全体群', requestId: 'push-req-00001' }))
    const b = dataOf(await h.call<L.CreatePushOutput>('lecture', SECRETARY, { action: 'createPush', lectureId: AUDIO, label: '全体群', requestId: 'push-req-00001' }))
    expect(b.pushId).toBe(a.pushId)
    expect(await h.store.count('lecture_push')).toBe(1)
  })
})

describe('feedback', () => {
  test('members rate lectures once each (a second rating replaces the first); lecturers see averages', async () => {
    const h = await makeHarness()
    dataOf(await h.call('lecture', M1, { action: 'rateLecture', lectureId: AUDIO, stars: 3 }))
    dataOf(await h.call('lecture', M1, { action: 'rateLecture', lectureId: AUDIO, stars: 5, comment: '讲得很好' }))
    dataOf(await h.call('lecture', DEMO.memberOpenid(2), { action: 'rateLecture', lectureId: 'lec_demo_service', stars: 4 }))
    const held = dataOf(await h.call<{ held: boolean }>('lecture', DEMO.memberOpenid(3), { action: 'rateLecture', lectureId: AUDIO, stars: 1, comment: '加微信领红包' }))
    expect(held.held).toBe(true)
    const out = dataOf(await h.call<L.LecturerRatingsOutput>('lecture', SECRETARY, { action: 'lecturerRatings' }))
    expect(out.lecturers.find((l) => l.lecturer === '王建国')).toEqual({ lecturer: '王建国', lectures: 2, ratings: 3, average: 3.33 })
    expect(await h.call('lecture', M1, { action: 'rateLecture', lectureId: AUDIO, stars: 6 })).toMatchObject({ status: 400, error: { code: 'VALIDATION' } })
    expect(await h.call('lecture', M1, { action: 'lecturerRatings' })).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } })
  })
})
