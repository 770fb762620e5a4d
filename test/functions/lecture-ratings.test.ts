/** Lecturers' averages: highest first to two decimals, ties by name, the unrated last with no average. */
import type { lecture as L } from '../../contracts'
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'

afterAll(closeAllPglite)

test('4.67 before two at 4.5 (in name order), the unrated after them in name order', async () => {
  const h = await makeHarness()
  const rate = async (n: number, lectureId: string, stars: number) => dataOf(await h.call('lecture', DEMO.memberOpenid(n), { action: 'rateLecture', lectureId, stars }))
  await rate(1, 'lec_demo_reading', 4) // 张晓燕
  await rate(2, 'lec_demo_reading', 5)
  await rate(1, 'lec_demo_business', 5) // 刘建军
  await rate(2, 'lec_demo_business', 4)
  await rate(1, 'lec_demo_safety', 5) // 赵国强
  await rate(2, 'lec_demo_safety', 5)
  await rate(3, 'lec_demo_safety', 4)
  const out = dataOf(await h.call<L.LecturerRatingsOutput>('lecture', DEMO.secretaryOpenid, { action: 'lecturerRatings' }))
  expect(out.lecturers).toEqual([
    { lecturer: '赵国强', lectures: 1, ratings: 3, average: 4.67 },
    { lecturer: '刘建军', lectures: 1, ratings: 2, average: 4.5 },
    { lecturer: '张晓燕', lectures: 1, ratings: 2, average: 4.5 },
    { lecturer: '王建国', lectures: 2, ratings: 0, average: null },
    { lecturer: '黄丽娟', lectures: 1, ratings: 0, average: null },
  ])
})
