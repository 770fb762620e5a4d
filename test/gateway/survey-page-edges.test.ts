/**
 * The survey page's own decisions, with the survey function replaced by a stand-in: which code it
 * asks for, which event a plain form becomes, what a failed answer brings back, which errors offer a
 * reload. (survey-page.test.ts walks the same page through the gateway against the real function.)
 */
import { messageOf, type ErrorCode } from '../../contracts/errors'
import type { ErrorIssue, Result } from '../../contracts/result'
import type { GetFormOutput } from '../../contracts/survey.contract'
import { codeFromQuery, surveyPage, type SurveyCall } from '../../server/gateway/survey-page'

const CODE = 'ab3dk9mz'
const FRESH = '1700000000000.FreshFreshFreshFresh123'
const OLD = '1699999990000.OldOldOldOldOldOldOld12'

function formOf(definition: Partial<GetFormOutput['definition']> = {}, window: string | null = '1号窗口'): GetFormOutput {
  return {
    station: '春江站',
    window,
    definition: {
      version: 1,
      title: '收费服务满意度评价',
      invitation: '请为本次服务打分',
      aspects: [
        { key: 'courtesy', label: '文明用语' },
        { key: 'speed', label: '收费效率' },
      ],
      commentMax: 200,
      ...definition,
    },
    ticket: FRESH,
  }
}

const failure = (code: ErrorCode, issues?: ErrorIssue[]): Result<unknown> => ({ ok: false, error: { code, message: messageOf(code), ...(issues ? { issues } : {}) } })
const THANKS = { counted: true, outcome: 'counted', message: '感谢您的评价，您的意见已计入统计' }

/** The survey function as the page sees it: getForm answers `form`, submitResponse answers `submit`; every event is kept. */
function stand(options: { form?: Result<unknown>; submit?: Result<unknown> } = {}) {
  const events: Array<Record<string, unknown>> = []
  const call: SurveyCall = async (event) => {
    events.push(event)
    if (event.action === 'getForm') return options.form ?? { ok: true, data: formOf() }
    return options.submit ?? { ok: true, data: THANKS }
  }
  return { call, events, submitted: () => events.filter((e) => e.action === 'submitResponse') }
}

const post = (fields: Record<string, string> | string) => new URLSearchParams(fields)
/** The page after a plain answer the function refused (so the form comes back). */
async function refused(fields: Record<string, string> | string, submit: Result<unknown> = failure('VALIDATION', [{ path: 'overall', message: '请选择满意度' }])) {
  const s = stand({ submit })
  const page = await surveyPage(s.call, 'POST', `c=${CODE}`, post({ c: CODE, ...(typeof fields === 'string' ? Object.fromEntries(new URLSearchParams(fields)) : fields) }))
  return { ...page, sent: s.submitted()[0] }
}
const ticketOf = (html: string) => /name="ticket" value="([^"]*)"/.exec(html)?.[1]
const checked = (html: string) => [...html.matchAll(/id="([^"]+)" checked/g)].map((m) => m[1])

describe('codeFromQuery: which parameter, and what is taken off', () => {
  test('c wins over q; a q without c= gives no code at all', () => {
    const card = encodeURIComponent('https://dj.example.cn/pages/survey/index?c=zzzzzzzz')
    expect(codeFromQuery(new URLSearchParams(`c=${CODE}&q=${card}`))).toBe(CODE)
    expect(codeFromQuery(new URLSearchParams(`scene=${CODE}&q=${card}`))).toBe(CODE)
    expect(codeFromQuery(new URLSearchParams(`q=${encodeURIComponent('https://dj.example.cn/pages/survey/index')}`))).toBe('')
    expect(codeFromQuery(new URLSearchParams(`q=${encodeURIComponent('https://dj.example.cn/pages/survey/index?sc=1#c')}`))).toBe('')
  })

  test('spaces around the code are dropped; only a leading c= is taken off, so a garbled code stays garbled', () => {
    expect(codeFromQuery(new URLSearchParams('c=+AB3DK9MZ+'))).toBe(CODE)
    expect(codeFromQuery(new URLSearchParams('scene=%20c%253DAB3DK9MZ'))).toBe(CODE)
    expect(codeFromQuery(new URLSearchParams('c=ab3dk9c=mz'))).toBe('ab3dk9c=mz')
  })
})

describe('the form as first shown', () => {
  test('titled 服务评价, with the script, the five faces side by side, the stars of each aspect in a row, and the submit button', async () => {
    const page = await surveyPage(stand().call, 'GET', `c=${CODE}`, null)
    expect(page.status).toBe(200)
    expect(page.html).toContain('<title>服务评价</title>')
    expect(page.html).toContain(`<script nonce="${page.nonce}">`)
    expect(checked(page.html)).toEqual([])
    // faces one after another, nothing between them
    for (const s of [4, 3, 2, 1]) expect(page.html).toContain(`</b></label><input class="r" type="radio" name="overall" value="${s}" id="sv-o${s}"><label class="fa"`)
    // stars one after another, then the next aspect's row
    for (const n of [4, 3, 2, 1]) expect(page.html).toContain(`★</label><input class="r" type="radio" name="a_speed" value="${n}" id="sv-speed-${n}"><label class="st"`)
    expect(page.html).toContain('<i class="av"></i></div><div class="as" id="survey-aspect-speed"><span>收费效率</span><div class="ss"><input')
    expect(page.html).toContain('<div class="ac"><button class="bt" type="submit" id="survey-submit">提交评价</button><p class="nt">评价匿名，每人每天对同一收费站计一次</p></div></form></main>')
    expect(page.html).toContain(`<input type="hidden" name="ticket" value="${FRESH}">`)
  })

  test('faces 2 to 5 have two eyes and a mouth; only 1 has brows', async () => {
    const page = await surveyPage(stand().call, 'GET', `c=${CODE}`, null)
    const svgs = [...page.html.matchAll(/id="survey-overall-(\d)"[^>]*>(<svg[^]*?<\/svg>)/g)].map((m) => [Number(m[1]), m[2] ?? ''] as const)
    expect(svgs.map(([s]) => s)).toEqual([5, 4, 3, 2, 1])
    for (const [score, svg] of svgs) {
      const afterEyes = svg.split('<circle class="k" cx="31" cy="20" r="2.8"/>')[1] ?? ''
      expect(afterEyes.match(/<path /g)?.length).toBe(score === 1 ? 2 : 1)
      expect(afterEyes).toMatch(/^(<path [^>]*\/>)+<\/svg>$/)
    }
  })

  test('the comment box follows the definition’s length (200 when it names none); no aspects, no 分项评价', async () => {
    const short = await surveyPage(stand({ form: { ok: true, data: formOf({ commentMax: 100 }) } }).call, 'GET', `c=${CODE}`, null)
    expect(short.html).toContain('id="survey-comment-count">0/100</span>')
    expect(short.html).toContain('maxlength="100"')
    const unnamed = await surveyPage(stand({ form: { ok: true, data: formOf({ commentMax: 0 }) } }).call, 'GET', `c=${CODE}`, null)
    expect(unnamed.html).toContain('id="survey-comment-count">0/200</span>')
    expect(unnamed.html).toContain('maxlength="200"')
    const bare = await surveyPage(stand({ form: { ok: true, data: formOf({ aspects: [] }, null) } }).call, 'GET', `c=${CODE}`, null)
    expect(bare.html).not.toContain('分项评价')
    expect(bare.html).toContain('<h1 id="survey-place">春江站</h1>')
    expect(bare.html).toContain('</div></fieldset><div class="cd"><div class="ch"><h2>意见建议')
  })

  test('a GET is answered from its query alone, even with a body; a POST without a body gets the form, nothing is submitted', async () => {
    const get = stand()
    const page = await surveyPage(get.call, 'GET', `c=${CODE}`, post({ c: 'zzzzzzzz', overall: '5' }))
    expect(get.events).toEqual([{ action: 'getForm', code: CODE }])
    expect(page.html).toContain('id="survey-form"')
    const empty = stand()
    const again = await surveyPage(empty.call, 'POST', `c=${CODE.toUpperCase()}`, null)
    expect(empty.events).toEqual([{ action: 'getForm', code: CODE }])
    expect(again.status).toBe(200)
    expect(again.html).toContain('id="survey-form"')
    expect(again.html).toContain(`<script nonce="${again.nonce}">`)
  })
})

describe('which code a posted form answers', () => {
  test('the form’s own c, trimmed and in lower case, even when the address names another or none', async () => {
    for (const query of ['', 'c=zzzzzzzz']) {
      const s = stand()
      await surveyPage(s.call, 'POST', query, post({ c: ` ${CODE.toUpperCase()} `, overall: '5' }))
      expect(s.events.map((e) => [e.action, e.code])).toEqual([
        ['getForm', CODE],
        ['submitResponse', CODE],
      ])
    }
  })

  test('a form without c answers the address’s code', async () => {
    const s = stand()
    await surveyPage(s.call, 'POST', `c=${CODE.toUpperCase()}`, post({ overall: '5' }))
    expect(s.events.map((e) => e.code)).toEqual([CODE, CODE])
  })
})

describe('the plain form as the contract’s event', () => {
  test('only what was filled in: no aspects, comment or ticket when none were given', async () => {
    const s = stand()
    await surveyPage(s.call, 'POST', '', post({ c: CODE, overall: '4', comment: ' \r\n ' }))
    expect(s.submitted()).toEqual([{ action: 'submitResponse', code: CODE, overall: 4 }])
  })

  test('stars 1–5 only, the comment trimmed with its line breaks as \\n, the ticket as posted', async () => {
    const s = stand()
    await surveyPage(s.call, 'POST', '', post(`c=${CODE}&overall=2&a_courtesy=3&a_speed=45&a_handling=x4&a_appearance=5x&a_tidy=05&comment=${encodeURIComponent('  排队\r\n太久  ')}&ticket=${OLD}&extra=1`))
    expect(s.submitted()).toEqual([{ action: 'submitResponse', code: CODE, overall: 2, aspects: { courtesy: 3 }, comment: '排队\n太久', ticket: OLD }])
  })

  test('a face that is not a whole number is sent as none', async () => {
    const s = stand()
    await surveyPage(s.call, 'POST', '', post({ c: CODE, overall: '4.5', a_speed: '1' }))
    expect(s.submitted()).toEqual([{ action: 'submitResponse', code: CODE, overall: 0, aspects: { speed: 1 } }])
  })
})

describe('a refused plain answer: the same form again', () => {
  test('with the chosen face and stars still chosen (and only those), the message, the script and the contract’s status', async () => {
    const page = await refused({ overall: '3', a_speed: '4', comment: '很慢', ticket: OLD }, failure('VALIDATION', [{ path: 'comment', message: '意见建议最多 200 字' }]))
    expect(page.status).toBe(400)
    expect(checked(page.html)).toEqual(['sv-o3', 'sv-speed-4'])
    for (const s of [5, 4, 2, 1]) expect(page.html).toContain(`id="sv-o${s}"><label class="fa" for="sv-o${s}"`)
    for (const n of [5, 3, 2, 1]) expect(page.html).toContain(`id="sv-speed-${n}"><label class="st" for="sv-speed-${n}"`)
    for (const n of [5, 4, 3, 2, 1]) expect(page.html).toContain(`id="sv-courtesy-${n}"><label class="st"`)
    expect(page.html).toContain('<p class="er" id="survey-submit-error" role="alert">意见建议最多 200 字</p>')
    expect(page.html).toContain('id="survey-comment-count">2/200</span>')
    expect(page.html).toContain('<title>服务评价</title>')
    expect(page.html).toContain(`<script nonce="${page.nonce}">`)
  })

  test('the status follows the function’s answer; without issues (or with none listed) the error’s own message', async () => {
    const limited = await refused({ overall: '5' }, failure('RATE_LIMITED'))
    expect(limited.status).toBe(429)
    expect(limited.html).toContain(`role="alert">${messageOf('RATE_LIMITED')}</p>`)
    const bare = await refused({ overall: '5' }, failure('SURVEY.NO_RESPONDENT', []))
    expect(bare.status).toBe(401)
    expect(bare.html).toContain(`role="alert">${messageOf('SURVEY.NO_RESPONDENT')}</p>`)
  })

  test('the posted ticket is kept (it times the answer); a missing, malformed or overlong one is replaced by the fresh one', async () => {
    expect(ticketOf((await refused({ overall: '0', ticket: OLD })).html)).toBe(OLD)
    expect(ticketOf((await refused({ overall: '0', ticket: 'a' })).html)).toBe('a')
    expect(ticketOf((await refused({ overall: '0' })).html)).toBe(FRESH)
    for (const bad of ['abc def', '<x>' + OLD, OLD + '"', 'x'.repeat(201)]) {
      const page = await refused({ overall: '0', ticket: bad })
      expect(page.sent?.ticket).toBe(bad)
      expect(ticketOf(page.html)).toBe(FRESH)
    }
  })
})

describe('the thank-you page and the error pages', () => {
  test('thanks: titled 服务评价, a soft mark when not counted, no script', async () => {
    const s = stand({ submit: { ok: true, data: { counted: false, outcome: 'too_fast', message: '感谢您的评价（本次未计入统计）' } } })
    const page = await surveyPage(s.call, 'POST', '', post({ c: CODE, overall: '5' }))
    expect(page.status).toBe(200)
    expect(page.html).toContain('<title>服务评价</title>')
    expect(page.html).toContain('<div class="ic soft"></div><h1 id="survey-thanks-message">感谢您的评价（本次未计入统计）</h1><p>春江站 · 1号窗口</p>')
    expect(page.html.endsWith('</div></main></body></html>')).toBe(true)
    const counted = await surveyPage(stand().call, 'POST', '', post({ c: CODE, overall: '5' }))
    expect(counted.html).toContain('<div class="ic"></div>')
  })

  test('a server error or too many requests: the status, the message and a reload of the same code; no script', async () => {
    for (const [code, status] of [
      ['INTERNAL', 500],
      ['RATE_LIMITED', 429],
    ] as const) {
      const s = stand({ form: failure(code) })
      const page = await surveyPage(s.call, 'GET', 'c=AB3DK9MZ', null)
      expect(page.status).toBe(status)
      expect(page.html).toContain('<title>服务评价</title>')
      expect(page.html).toContain(`<h1 id="survey-error">${messageOf(code)}</h1><p>如有疑问，可向收费窗口工作人员反映</p><a href="/pages/survey/index?c=${CODE}">重新加载</a></div>`)
      expect(page.html.endsWith('</div></main></body></html>')).toBe(true)
      expect(s.submitted()).toEqual([])
    }
    // the reload keeps the code as it was read, encoded
    const odd = await surveyPage(stand({ form: failure('INTERNAL') }).call, 'GET', 'c=ab%26c%22d', null)
    expect(odd.html).toContain('<a href="/pages/survey/index?c=ab%26c%22d">重新加载</a>')
  })

  test('a code the function refuses: its status and message, no reload (it would only fail again), nothing submitted', async () => {
    const s = stand({ form: failure('SURVEY.UNKNOWN_CODE') })
    const page = await surveyPage(s.call, 'POST', '', post({ c: CODE, overall: '5' }))
    expect(page.status).toBe(400)
    expect(page.html).toContain(`<h1 id="survey-error">${messageOf('SURVEY.UNKNOWN_CODE')}</h1><p>如有疑问，可向收费窗口工作人员反映</p></div>`)
    expect(page.html).not.toContain('重新加载')
    expect(s.submitted()).toEqual([])
  })
})
