/**
 * 页面启动参数的解析（纯函数，不引入 Taro，Jest 可直接测试）：问卷页与扫码签到页共用这一份。
 *
 * WeChat hands a page its parameters in three shapes:
 * - the page's own query (`?c=…`, `?t=…`), from a link, `navigateTo` or the H5 URL;
 * - `scene` (URL-encoded) when opened from a mini-program code (`wxacode.getUnlimited`);
 * - `q` (the whole scanned URL, URI-encoded) and `scancode_time` when opened from a
 *   普通链接二维码 (a plain URL QR mapped to the page in the mini-program console).
 *
 * The survey's independent subpackage (`src/survey/index.js`) cannot import anything from the main
 * package and is a plain script, so it keeps its own copy of `surveyCodeFrom`;
 * test/platform/launch-query.test.ts runs both on the same cases and fails when they differ.
 */

export type LaunchParams = Partial<Record<string, string | undefined>>

/** `decodeURIComponent`, or the text as it came when it holds a malformed escape. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** One parameter of a query string (`a=1&b=2`, no `?`), decoded (`+` is a space); null when absent. */
export function paramFrom(query: string, name: string): string | null {
  for (const pair of query.split('&')) {
    const [key, ...rest] = pair.split('=')
    if (key !== name) continue
    return safeDecode(rest.join('=').replace(/\+/g, ' '))
  }
  return null
}

/** One parameter of a full URL or a bare path with a query (`/p?c=…#x`); null when absent. */
export function paramFromUrl(url: string, name: string): string | null {
  const at = url.indexOf('?')
  if (at < 0) return null
  return paramFrom(url.slice(at + 1).split('#')[0] ?? '', name)
}

/**
 * The survey code from `c`, from `scene` (a mini-program code's scene, maybe `c=…`, URL-encoded),
 * or from the `c` inside `q` (the whole card URL). Lower-cased and trimmed; '' when none — the
 * caller checks it against the contract's code rule.
 */
export function surveyCodeFrom(params: LaunchParams): string {
  let raw = params.c || (params.scene ? safeDecode(params.scene) : '')
  if (!raw && params.q) {
    const m = /[?&]c=([^&#]*)/.exec(safeDecode(params.q))
    raw = m ? (m[1] ?? '') : ''
  }
  return safeDecode(raw || '')
    .trim()
    .replace(/^c=/, '')
    .toLowerCase()
}

const SIGN_IN_TOKEN = /^s1\.[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]+$/

/**
 * The sign-in token in a scanned or opened text: a full URL or a bare path with `?t=…`, a
 * mini-program launch's `q` (the whole URL, encoded), or the token itself. Null when none.
 */
export function signInTokenFromText(text: string | null | undefined): string | null {
  const value = (text ?? '').trim()
  if (!value) return null
  if (SIGN_IN_TOKEN.test(value)) return value
  const t = paramFromUrl(value, 't')
  if (t) return t.trim()
  const nested = paramFromUrl(value, 'q')
  return nested ? signInTokenFromText(nested) : null
}

/** The sign-in token the check-in page was opened with: `t` (its own query), or `q` (a 普通链接二维码). */
export function signInTokenFrom(params: LaunchParams): string | null {
  if (params.t) return signInTokenFromText(safeDecode(params.t))
  if (params.q) return signInTokenFromText(safeDecode(params.q))
  return null
}

/**
 * Whether the sign-in code asks the page to locate the member before signing in (`l=1`, added by
 * getSignInCode when the activity checks the place): in the page's own query, in `q`, or in a
 * scanned text. Only a hint — without it the server still answers ACTIVITY.LOCATION_REQUIRED.
 */
export function placeHintFromText(text: string | null | undefined): boolean {
  const value = (text ?? '').trim()
  if (!value) return false
  if (paramFromUrl(value, 'l') === '1') return true
  const nested = paramFromUrl(value, 'q')
  return nested ? placeHintFromText(nested) : false
}

export function placeHintFrom(params: LaunchParams): boolean {
  if (params.l === '1') return true
  return params.q ? placeHintFromText(safeDecode(params.q)) : false
}
