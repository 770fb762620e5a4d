/**
 * 微党课 study credit: heartbeats, completion (once, with its ledger entry under the daily cap) and
 * quizzes. No client statement of "done" or "watched 100 %" is believed: effective time is the
 * wall-clock time between the server's own receipt of heartbeats, capped per beat and by the
 * media's length.
 */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { award } from '../points/ledger'
import { requireMember } from '../shared/actor'
import { C, type MemberDoc } from '../shared/collections'
import { cnDay, cnYear } from '../shared/china-time'
import { DuplicateIdError } from '../../store/document-store'
import { MAX_CREDIT_PER_BEAT_SEC, MIN_BEAT_GAP_MS, requiredSec, type LectureDoc, type OpenDoc, type ProgressDoc, type StudyDailyDoc } from './lecture.docs'
import { progressId, progressView, lectureForStudy } from './lecture.shared'

const isComplete = (l: LectureDoc, p: Pick<ProgressDoc, 'effectiveSec' | 'atEnd' | 'quizPassed'>) =>
  p.effectiveSec >= requiredSec(l) && (l.kind !== 'article' || p.atEnd) && (!l.quiz || p.quizPassed === true)

/**
 * Records completion once, in one transaction with its ledger entry and the day's study-points
 * counter: the progress document is updated only if it is still incomplete and unchanged since it
 * was read, so concurrent heartbeats cannot complete twice. Returns the points awarded, or null
 * when another request changed the document first.
 */
async function complete(deps: Deps, member: MemberDoc, lecture: LectureDoc, before: ProgressDoc, set: Partial<ProgressDoc>): Promise<number | null> {
  const now = deps.clock.now()
  const day = cnDay(now)
  const at = now.toISOString()
  return deps.store.transaction(async (tx) => {
    const current = await tx.get<ProgressDoc>(C.lectureProgress, before._id)
    if (!current || current.completedAt || current.lastBeatAt !== before.lastBeatAt || current.quizPassed !== before.quizPassed) return null
    const dailyId = `${member._id}_${day}`
    const daily = await tx.get<StudyDailyDoc>(C.studyDaily, dailyId)
    // The amount and the daily cap are the points module's rules; the day's counter stays here.
    const entry = await award(tx, {
      id: deps.ids.derive('points', 'lecture', lecture._id, member._id),
      orgId: member.orgId,
      branchId: member.branchId,
      memberId: member._id,
      year: cnYear(at),
      at,
      occurredAt: at,
      rule: { kind: 'study', today: daily?.points ?? 0 },
      reason: `完成微党课：${lecture.title}`,
      source: { type: 'lecture_completed', ref: lecture._id },
      recordedBy: member._id,
      skipZero: true,
    })
    const points = entry.amount
    await tx.update(C.lectureProgress, before._id, { set: { ...set, completedAt: at, pointsAwarded: points } })
    if (points > 0) {
      if (daily) await tx.update(C.studyDaily, dailyId, { inc: { points } })
      else await tx.insert(C.studyDaily, { _id: dailyId, memberId: member._id, day, points } satisfies StudyDailyDoc)
    }
    return points
  })
}

async function startProgress(deps: Deps, member: MemberDoc, lecture: LectureDoc, input: { positionSec: number; playing: boolean; atEnd?: boolean }): Promise<ProgressDoc> {
  const now = deps.clock.now().toISOString()
  const lastOpen = await deps.store.query<OpenDoc>(C.lectureOpen, { where: { lectureId: lecture._id, memberId: member._id }, orderBy: [['at', 'desc']], limit: 1 })
  const doc: ProgressDoc = {
    _id: progressId(deps, lecture._id, member._id),
    orgId: member.orgId,
    branchId: member.branchId,
    lectureId: lecture._id,
    memberId: member._id,
    effectiveSec: 0,
    lastBeatAt: now,
    lastPlaying: input.playing,
    maxPositionSec: input.positionSec,
    atEnd: input.atEnd === true,
    quizPassed: null,
    viaPushId: lastOpen.docs[0]?.pushId ?? null,
    startedAt: now,
    completedAt: null,
    pointsAwarded: 0,
  }
  try {
    await deps.store.insert(C.lectureProgress, doc)
    return doc
  } catch (err) {
    if (!(err instanceof DuplicateIdError)) throw err
    const winner = await deps.store.get<ProgressDoc>(C.lectureProgress, doc._id)
    if (!winner) throw err
    return winner
  }
}

/**
 * A heartbeat: credits the wall-clock time since the previous heartbeat if the media was playing
 * (the page visible, for articles), at most MAX_CREDIT_PER_BEAT_SEC and never past the media's
 * length. One store write per heartbeat; beats closer than MIN_BEAT_GAP_MS write nothing.
 */
export async function reportProgress(deps: Deps, caller: Caller, input: In<L.ReportProgressInput>): Promise<L.ReportProgressOutput> {
  const member = await requireMember(deps, caller)
  const lecture = await lectureForStudy(deps, input.lectureId, member.orgId, member, 'study')
  const answer = (p: ProgressDoc | null, points = 0): L.ReportProgressOutput => ({
    effectiveSec: p ? Math.round(p.effectiveSec * 10) / 10 : 0,
    completed: !!p?.completedAt,
    points,
    progress: progressView(lecture, p),
  })
  const existing = await deps.store.get<ProgressDoc>(C.lectureProgress, progressId(deps, lecture._id, member._id))
  // Study starts with the first beat that plays / reads. Opening a lecture (getLecture, or a page's
  // first beat with nothing playing, as when a secretary opens it from 课程管理 to push it) is not
  // studying and leaves no progress, so the report does not list them as 学习中.
  if (!existing) return answer(input.playing ? await startProgress(deps, member, lecture, input) : null)
  if (existing.completedAt) return answer(existing)
  const now = deps.clock.now()
  const gapMs = now.getTime() - new Date(existing.lastBeatAt).getTime()
  const atEnd = existing.atEnd || input.atEnd === true
  // Too early to matter, unless it says something new (paused, or reached the end).
  if (gapMs < MIN_BEAT_GAP_MS && atEnd === existing.atEnd && input.playing === existing.lastPlaying) return answer(existing)
  const credit = existing.lastPlaying ? Math.min(gapMs / 1000, MAX_CREDIT_PER_BEAT_SEC) : 0
  const set = {
    effectiveSec: Math.min(lecture.durationSec, existing.effectiveSec + credit),
    lastBeatAt: now.toISOString(),
    lastPlaying: input.playing,
    maxPositionSec: Math.max(existing.maxPositionSec, input.positionSec),
    atEnd,
  }
  if (isComplete(lecture, { ...existing, ...set })) {
    const points = await complete(deps, member, lecture, existing, set)
    if (points !== null) return answer({ ...existing, ...set, completedAt: now.toISOString(), pointsAwarded: points }, points)
  } else if (await deps.store.updateWhere(C.lectureProgress, existing._id, { lastBeatAt: existing.lastBeatAt, completedAt: null }, { set })) {
    return answer({ ...existing, ...set })
  }
  // Another heartbeat got there first: report what is stored, credit nothing twice.
  const current = await deps.store.get<ProgressDoc>(C.lectureProgress, existing._id)
  return answer(current ?? existing)
}

export async function submitQuiz(deps: Deps, caller: Caller, input: In<L.SubmitQuizInput>): Promise<L.SubmitQuizOutput> {
  const member = await requireMember(deps, caller)
  const lecture = await lectureForStudy(deps, input.lectureId, member.orgId, member, 'study')
  if (!lecture.quiz) throw new AppError('LECTURE.NO_QUIZ')
  if (input.answers.length !== lecture.quiz.questions.length) throw new AppError('LECTURE.QUIZ_ANSWERS')
  const correct = lecture.quiz.questions.filter((q, i) => q.answer === input.answers[i]).length
  const passed = correct >= lecture.quiz.passMark
  const p = (await deps.store.get<ProgressDoc>(C.lectureProgress, progressId(deps, lecture._id, member._id))) ?? (await startProgress(deps, member, lecture, { positionSec: 0, playing: false }))
  const base = { passed, correct, passMark: lecture.quiz.passMark }
  if (p.completedAt) return { ...base, completed: true, points: 0 }
  if (!passed || p.quizPassed) return { ...base, completed: false, points: 0 }
  if (isComplete(lecture, { ...p, quizPassed: true })) {
    const points = await complete(deps, member, lecture, p, { quizPassed: true })
    return { ...base, completed: points !== null, points: points ?? 0 }
  }
  await deps.store.updateWhere(C.lectureProgress, p._id, { completedAt: null }, { set: { quizPassed: true } })
  return { ...base, completed: false, points: 0 }
}
