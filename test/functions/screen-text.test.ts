/**
 * screenText (server/domain/shared/content.ts), the one answer the use cases get about user text:
 * shown or held, and a boolean saying whether the platform's own check could not give its verdict.
 */
import type { ContentCheck, Deps } from '../../server/domain/deps'
import { screenText } from '../../server/domain/shared/content'

const withCheck = (check: ContentCheck) => ({ contentCheck: check }) as unknown as Deps
const caller = { openid: 'wx-someone' }

test('a pass is shown, a review is held; a plain verdict was checked by the platform', async () => {
  expect(await screenText(withCheck(async () => 'pass'), '讲得好', caller)).toEqual({ status: 'visible', platformUnchecked: false })
  expect(await screenText(withCheck(async () => 'review'), '加微信', caller)).toEqual({ status: 'held', platformUnchecked: false })
})

test('a verdict the word list gave alone (the platform did not answer) says so, shown or held', async () => {
  expect(await screenText(withCheck(async () => ({ verdict: 'pass', unchecked: true })), '讲得好', caller)).toEqual({ status: 'visible', platformUnchecked: true })
  expect(await screenText(withCheck(async () => ({ verdict: 'review', unchecked: true })), '加微信', caller)).toEqual({ status: 'held', platformUnchecked: true })
})

test('the text and the caller are what the check is asked about', async () => {
  const asked: unknown[] = []
  await screenText(withCheck(async (text, who) => (asked.push([text, who]), 'pass')), '意见', caller)
  expect(asked).toEqual([['意见', caller]])
})
