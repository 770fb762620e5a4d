/**
 * The scheduled absence sweep: what the CloudBase timer (cloudfunctions/points, trigger
 * `absenceSweep`) and the gateway's interval (server/gateway/main.ts) run, with no caller. It
 * visits every branch of every organisation in turn (branch ids ascending, round robin) and
 * reconciles the deductions of each branch's activities that ended since its last visit, through
 * the same sweep as the secretary's 结算缺席扣分 (sweepActivities, absence.usecases.ts), recorded by
 * `system`.
 *
 * Bounded per run: at most `branches` branches visited and `changes` deductions or clearings (one
 * transaction each); per branch one page of `perBranch` activities at a time, read on the index
 * branchId + endAt + startAt. Where it stopped is stored in `points_sweep`: one document for the
 * next branch to visit (the store's page cursor over branches), one per branch for the last
 * activity fully swept (its endAt, startAt and id, the index's order). A run that spends its budget
 * inside an activity leaves that branch's mark before it and the branch cursor before that branch,
 * so the next run resumes there; what was written already shows in the members' absence marks and
 * is not written again (syncAbsence: exactly once per deduction id). A repeat run deducts nothing.
 *
 * A branch visited for the first time starts with the activities that ended in the current year.
 * Activities whose end is moved before a branch's mark, or created already ended after it (a
 * backfilled record), are not visited by the schedule: the secretary's sweep of the year covers them.
 */
import type { Deps } from '../deps'
import type { ActivityDoc } from '../activity/activity.docs'
import { cnYear, cnYearStart } from '../shared/china-time'
import { C, type BranchDoc } from '../shared/collections'
import { InvalidCursorError, upsert, type Page } from '../../store/document-store'
import { sweepActivities, type SweepBudget } from './absence.usecases'

/** Who the schedule's entries are recorded by (`recordedBy`): no member, the system. */
export const SYSTEM_RECORDER = 'system'

export const SWEEP_DEFAULTS = {
  /** deductions and clearings per run (~7 ms each on PGlite here; a CloudBase write costs more) */
  changes: 150,
  /** branches visited per run */
  branches: 50,
  /** activities read per branch page */
  perBranch: 20,
} as const

export type SweepLimits = { -readonly [K in keyof typeof SWEEP_DEFAULTS]: number }

/** The cursor over branches: the next run starts after it (null: from the first branch). */
export interface SweepStateDoc {
  _id: 'absence'
  branchCursor: string | null
  at: string
}

/** A branch's mark: the last activity whose absences were fully reconciled, in index order. */
export interface BranchSweepDoc {
  _id: string
  branchId: string
  orgId: string
  endAt: string
  startAt: string
  activityId: string
  at: string
}

export interface SweepRun {
  /** branches visited */
  branches: number
  /** activities fully reconciled */
  activities: number
  deducted: number
  cleared: number
  /** false when the run stopped on its budget before the end of the branch list */
  done: boolean
}

const STATE_ID = 'absence'
export const branchSweepId = (branchId: string) => `absence:${branchId}`

type Mark = Pick<BranchSweepDoc, 'endAt' | 'startAt' | 'activityId'>

/** Whether the activity comes after the mark in the index's order (endAt, startAt, id). */
function after(a: ActivityDoc, mark: Mark): boolean {
  if (a.endAt !== mark.endAt) return a.endAt > mark.endAt
  if (a.startAt !== mark.startAt) return a.startAt > mark.startAt
  return a._id > mark.activityId
}

/** Consecutive runs of activities of one year (by start), in order. */
function byYear(activities: ActivityDoc[]): Array<[number, ActivityDoc[]]> {
  const out: Array<[number, ActivityDoc[]]> = []
  for (const a of activities) {
    const year = cnYear(a.startAt)
    const last = out.at(-1)
    if (last && last[0] === year) last[1].push(a)
    else out.push([year, [a]])
  }
  return out
}

export async function runAbsenceSweep(deps: Deps, limits: Partial<SweepLimits> = {}): Promise<SweepRun> {
  const { changes, branches, perBranch } = { ...SWEEP_DEFAULTS, ...limits }
  const at = deps.clock.now().toISOString()
  const budget: SweepBudget = { left: changes }
  const run: SweepRun = { branches: 0, activities: 0, deducted: 0, cleared: 0, done: false }
  const state = await deps.store.get<SweepStateDoc>(C.pointsSweep, STATE_ID)
  let cursor = state?.branchCursor ?? null
  const saveCursor = (branchCursor: string | null) => upsert<SweepStateDoc>(deps.store, C.pointsSweep, { _id: STATE_ID, branchCursor, at }, { set: { branchCursor, at } })
  while (run.branches < branches) {
    let page: Page<BranchDoc>
    try {
      page = await deps.store.query<BranchDoc>(C.branch, { limit: Math.min(branches - run.branches, 50), cursor })
    } catch (err) {
      if (!(err instanceof InvalidCursorError) || cursor === null) throw err
      cursor = null // a cursor the store no longer reads (a changed adapter): start the round again
      continue
    }
    for (const branch of page.docs) {
      run.branches += 1
      const finished = await sweepBranch(deps, branch, at, budget, perBranch, run)
      if (!finished) {
        // resume at this page next time: the branches before this one cost a read each, nothing more
        await saveCursor(cursor)
        return run
      }
    }
    cursor = page.next
    if (cursor === null) {
      run.done = true
      break
    }
  }
  await saveCursor(cursor)
  return run
}

/** Sweeps one branch's activities ended since its mark; false when the budget ran out first. */
async function sweepBranch(deps: Deps, branch: BranchDoc, at: string, budget: SweepBudget, perBranch: number, run: SweepRun): Promise<boolean> {
  const id = branchSweepId(branch._id)
  const stored = await deps.store.get<BranchSweepDoc>(C.pointsSweep, id)
  let mark: Mark = stored ?? { endAt: cnYearStart(cnYear(at)), startAt: '', activityId: '' }
  const start = mark
  try {
    // one scan of the index from the mark's end on, page after page through the store's cursor: a run of
    // activities sharing one end (and start) longer than a page is walked through, never re-read from its head
    let cursor: string | null = null
    do {
      const page: Page<ActivityDoc> = await deps.store.query<ActivityDoc>(C.activity, {
        where: { branchId: branch._id, endAt: { $gte: start.endAt, $lte: at } },
        orderBy: [['endAt', 'asc'], ['startAt', 'asc']],
        limit: perBranch,
        cursor,
      })
      const fresh = page.docs.filter((a) => after(a, mark))
      // the activities of one year share its balances: swept together, year by year in order
      for (const [year, group] of byYear(fresh)) {
        const result = await sweepActivities(deps, branch, year, group, SYSTEM_RECORDER, budget)
        run.deducted += result.deducted
        run.cleared += result.cleared
        run.activities += result.swept.length
        const last = result.swept.at(-1)
        if (last) mark = { endAt: last.endAt, startAt: last.startAt, activityId: last._id }
        if (result.swept.length < group.length) return false
      }
      cursor = page.next
    } while (cursor !== null)
    return true
  } finally {
    // the mark advances past what was fully swept, also when a write failed after it
    if (mark !== start) {
      const set = { ...mark, at }
      await upsert<BranchSweepDoc>(deps.store, C.pointsSweep, { _id: id, branchId: branch._id, orgId: branch.orgId, ...set }, { set })
    }
  }
}
