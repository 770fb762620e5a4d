/**
 * Who is expected at an activity (attendance.ts) and the retry after a lost race to create a
 * counter document (attendance-counters.ts), as pure functions: a member of another branch is never
 * expected, not even when an activity's list names them; only a duplicate of a counter document is
 * run again, once.
 */
import { expectedOf, isExpected } from '../../server/domain/activity/attendance'
import type { ActivityDoc } from '../../server/domain/activity/activity.docs'
import { retryCounterRace } from '../../server/domain/activity/attendance-counters'
import { C, type MemberDoc } from '../../server/domain/shared/collections'
import { DuplicateIdError } from '../../server/store/document-store'

const activity = (extra: Partial<ActivityDoc> = {}) =>
  ({ _id: 'act_1', branchId: 'branch_a', startAt: '2026-11-20T01:00:00.000Z', endAt: '2026-11-20T03:00:00.000Z', ...extra }) as ActivityDoc
const member = (id: string, branchId: string | null, joinedAt = '2026-01-01T00:00:00.000Z') => ({ _id: id, branchId, joinedAt }) as MemberDoc

describe('who is expected', () => {
  const listed = activity({ expectedMemberIds: ['m_in', 'm_moved'] })

  test.each([
    ['a whole-branch activity', activity()],
    ['an activity with a list that names them', listed],
  ])('a member of another branch is not expected at %s', (_, a) => {
    const moved = member('m_moved', 'branch_b')
    expect(isExpected(a, moved)).toBe(false)
    expect(expectedOf(a)(moved)).toBe(false)
  })

  test('with a list, the listed members of the branch are expected and no one else', () => {
    for (const check of [(m: MemberDoc) => isExpected(listed, m), expectedOf(listed)]) {
      expect(check(member('m_in', 'branch_a'))).toBe(true)
      expect(check(member('m_other', 'branch_a'))).toBe(false)
    }
  })

  test('without a list, the members of the branch who joined before the end', () => {
    const a = activity()
    for (const check of [(m: MemberDoc) => isExpected(a, m), expectedOf(a)]) {
      expect(check(member('m_old', 'branch_a'))).toBe(true)
      expect(check(member('m_late', 'branch_a', a.endAt))).toBe(false)
    }
  })
})

describe('retryCounterRace', () => {
  test.each([C.attendanceMemberYear, C.attendanceActivity])('runs again once after a duplicate %s document', async (collection) => {
    let runs = 0
    const out = await retryCounterRace(async () => {
      runs++
      if (runs === 1) throw new DuplicateIdError(collection, 'doc_1')
      return 'second'
    })
    expect({ out, runs }).toEqual({ out: 'second', runs: 2 })
  })

  test('a duplicate in another collection, or another error, is not run again', async () => {
    for (const err of [new DuplicateIdError(C.activitySignIn, 'doc_1'), new Error('disk full')]) {
      let runs = 0
      await expect(
        retryCounterRace(async () => {
          runs++
          throw err
        }),
      ).rejects.toBe(err)
      expect(runs).toBe(1)
    }
  })
})
