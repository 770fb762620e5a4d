/**
 * The action an error screen (ErrorView, the check-in page) offers is the one that can succeed:
 * 重新加载 only for a network or server fault, 加入支部 for a non-member, 重新扫码 for an unknown or
 * expired sign-in code, 返回首页 for everything else (no permission, not found, a bad link).
 */
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: {} }))
jest.mock('@tarojs/components', () => ({ __esModule: true, Button: 'button', Text: 'text', View: 'view' }))

import { errorAction } from '../../src/components/page-state'

describe('errorAction', () => {
  it.each(['NETWORK', 'INTERNAL', 'RATE_LIMITED', 'REQUEST.IN_PROGRESS'])('offers 重新加载 after %s', (code) => {
    expect(errorAction(code)).toBe('retry')
  })

  it('offers to join the branch to a non-member (403 MEMBER.NOT_MEMBER)', () => {
    expect(errorAction('MEMBER.NOT_MEMBER')).toBe('join')
  })

  it.each(['ACTIVITY.TOKEN_INVALID', 'ACTIVITY.TOKEN_EXPIRED'])('offers 重新扫码 for a sign-in code that is %s', (code) => {
    expect(errorAction(code)).toBe('rescan')
  })

  it.each(['FORBIDDEN', 'NOT_FOUND', 'LECTURE.NOT_FOUND', 'LECTURE.PUSH_NOT_FOUND', 'ACTIVITY.NOT_OPEN', 'VALIDATION'])(
    'offers 返回首页, never 重新加载, after %s',
    (code) => {
      expect(errorAction(code)).toBe('home')
    },
  )

  it('offers 返回首页 for a page’s own message (no code)', () => {
    expect(errorAction(undefined)).toBe('home')
  })
})
