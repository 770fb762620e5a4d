/**
 * The commuter's survey page as one small server-rendered HTML document, answered by the gateway
 * at the H5 page's own address (`/pages/survey/index?c=…`) so a driver at a toll window does not
 * wait for the member app. The form data come from the survey function's `getForm` through the
 * same `main`; the plain form posts back here and goes through the same `submitResponse` contract
 * and rules; a tiny inline script (faces, stars, character count, submit without reload) makes it
 * feel like the app but nothing depends on it.
 */
import { randomBytes } from 'node:crypto'
import type { GetFormOutput, SubmitResponseOutput } from '../../contracts/survey.contract'
import type { Result } from '../../contracts/result'
import { statusOf } from '../../contracts/errors'

export const SURVEY_PAGE_PATH = '/pages/survey/index'

/** Calls the survey function's `main` with the caller's context (device cookie, address). */
export type SurveyCall = (event: Record<string, unknown>) => Promise<Result<unknown>>

export interface SurveyPageAnswer {
  status: number
  html: string
  /** For the Content-Security-Policy header: the inline script's nonce. */
  nonce: string
}

const CHOICES: ReadonlyArray<readonly [number, string]> = [
  [5, '非常满意'],
  [4, '满意'],
  [3, '一般'],
  [2, '不满意'],
  [1, '非常不满意'],
]

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESC[c] ?? c)
}

/**
 * The code as the Taro page reads it: `c` from the card's link, `scene` from a mini-program code,
 * or `c` inside `q` (the whole card URL, as WeChat hands over a plain-link QR).
 */
export function codeFromQuery(params: URLSearchParams): string {
  let raw = params.get('c') ?? params.get('scene') ?? ''
  const q = params.get('q')
  if (!raw && q) {
    const inner = /[?&]c=([^&#]*)/.exec(q)
    raw = inner?.[1] ?? ''
  }
  try {
    raw = decodeURIComponent(raw)
  } catch {
    // A malformed escape: the contract rejects it as it is.
  }
  return raw.trim().replace(/^c=/, '').toLowerCase()
}

/** Faces drawn inline (no image requests); colours come from CSS so one drawing serves both states. */
function face(score: number): string {
  const base = score >= 3 ? 29 : 34
  const ctrl = base + (score - 3) * 6
  const mouth =
    score === 5
      ? '<path class="k" d="M14 28 Q24 42 34 28 Z"/>'
      : `<path class="m" d="M15 ${base} Q24 ${ctrl} 33 ${base}"/>`
  const brows = score === 1 ? '<path class="m" d="M12 14 L20 17 M36 14 L28 17"/>' : ''
  return `<svg viewBox="0 0 48 48" aria-hidden="true"><circle class="f" cx="24" cy="24" r="22"/><circle class="k" cx="17" cy="20" r="2.8"/><circle class="k" cx="31" cy="20" r="2.8"/>${brows}${mouth}</svg>`
}

const WARM: Record<number, string> = { 5: '#FFB300', 4: '#FFB300', 3: '#FFC94D', 2: '#FF8A4C', 1: '#FF8A4C' }

/* 375 px design, WeChat look: grey page, white cards, the party red. */
/** 完成 on the thank-you page, without JavaScript: it shows that the page may now be closed. */
const DONE = '<a class="done" id="survey-done" href="#survey-bye">完成</a><p class="bye" id="survey-bye">评价已完成，您可以关闭本页面了</p>'

const CSS = `*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}body{margin:0;background:#f5f5f5;color:#1a1a1a;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;-webkit-tap-highlight-color:transparent}
main{max-width:480px;margin:0 auto;padding-bottom:20px;min-height:100vh}
.hd{padding:14px 16px 26px;color:#fff;background:linear-gradient(135deg,#c8161d,#e0403f)}.hd small{display:block;font-size:12px;opacity:.85}.hd h1{margin:2px 0 0;font-size:22px;line-height:1.3;word-break:break-all}.hd p{margin:3px 0 0;font-size:13px;opacity:.92}
.cd{margin:10px 12px 0;padding:12px 12px 10px;border:0;border-radius:8px;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.04)}.hd+.cd{margin-top:-8px}
.cd h2,.cd legend{float:left;width:100%;margin:0;padding:0;font-size:15px;font-weight:600}.cd h2 span,.cd legend span{font-size:12px;font-weight:400;color:#999}.fc{clear:both}
.r{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.fs{display:flex;justify-content:space-between;padding-top:8px}
.fa{width:62px;padding:6px 0 5px;border:1px solid transparent;border-radius:8px;text-align:center;cursor:pointer}.fa:active{background:#f7f7f7}
.fa svg{display:block;width:42px;height:42px;margin:0 auto}.fa .f{fill:#eee;stroke:#d6d6d6;stroke-width:1.5}.fa .k{fill:#9a9a9a}.fa .m{fill:none;stroke:#9a9a9a;stroke-width:2.8;stroke-linecap:round}
.fa b{display:block;margin-top:4px;font-size:11px;font-weight:400;line-height:1.3;color:#666;white-space:nowrap}
.r:checked+.fa{border-color:#c8161d;background:#fff4f4}.r:checked+.fa .f{fill:var(--w);stroke:#e08e00}.r:checked+.fa .k{fill:#5a3300}.r:checked+.fa .m{stroke:#5a3300}.r:checked+.fa b{color:#c8161d;font-weight:600}
.r:focus-visible+.fa,.r:focus-visible+.st{outline:2px solid #c8161d}
.as{display:flex;align-items:center;height:34px;clear:both}.as>span{width:75px;flex-shrink:0;font-size:14px;color:#333}
.ss{display:flex;flex-direction:row-reverse;justify-content:flex-end}.st{width:34px;height:34px;line-height:34px;text-align:center;font-size:21px;color:#dedede;cursor:pointer}
.r:checked~.st{color:#ffb300}.av{flex:1;font-style:normal;text-align:right;font-size:11px;color:#c56a00;white-space:nowrap}
.ch{display:flex;justify-content:space-between;align-items:baseline}.ch h2{float:none;width:auto}.cc{font-size:11px;color:#999}.cc.full{color:#c8161d}
textarea{display:block;width:100%;height:64px;margin-top:6px;padding:6px 8px;border:1px solid #e5e5e5;border-radius:6px;font-size:14px;line-height:1.5;font-family:inherit;resize:none;background:#fff;color:#1a1a1a}textarea:focus{outline:0;border-color:#c8161d}
.er{margin:10px 16px 0;font-size:13px;color:#c8161d;text-align:center}.er:empty{display:none}
.ac{padding:12px 12px 0}.bt{display:block;width:100%;height:48px;border:0;border-radius:24px;font-size:17px;font-weight:600;color:#fff;background:#c8161d}.bt:active{background:#a81218}.bt[disabled]{opacity:.6}
.nt{margin:6px 0 0;font-size:11px;color:#aaa;text-align:center}
.sx{padding:60px 24px 0;text-align:center}.ic{width:70px;height:70px;margin:0 auto 20px;border-radius:35px;line-height:70px;font-size:40px;font-weight:700;color:#fff;background:#07a35a}.ic.soft{background:#f0a020}.ic:after{content:'';display:inline-block;width:17px;height:32px;margin-top:12px;border:solid #fff;border-width:0 6px 6px 0;transform:rotate(45deg)}.bye{display:none}.bye:target{display:block}
.sx h1{margin:0;font-size:17px;line-height:1.6}.sx p{margin:12px 0 0;font-size:14px;color:#666}.sx .wish{margin-top:4px;color:#c8161d}
.sx.err{padding-top:80px}.sx.err h1{font-weight:400;font-size:15px;color:#333}.sx a{display:inline-block;margin-top:20px;padding:8px 24px;border:1px solid #ccc;border-radius:20px;color:#333;text-decoration:none;font-size:14px}.sx .done{margin-top:32px;padding:10px 56px;border:0;border-radius:4px;background:#07a35a;color:#fff;font-size:16px}`

/*
 * The progressive part, ES5 so any phone's browser runs it: a chosen star tapped again clears it,
 * the value text and the character count follow the inputs, and the answer goes to the same
 * `submitResponse` through /api/survey without a reload (with the page's own timing as elapsedMs).
 * On a network failure the plain form submits as it would without the script.
 */
const SCRIPT = `(function(){var t0=Date.now(),f=document.getElementById('survey-form');if(!f||!window.fetch||!window.JSON)return;
var L=['','非常不满意','不满意','一般','满意','非常满意'],er=document.getElementById('survey-submit-error'),bt=document.getElementById('survey-submit'),ta=document.getElementById('survey-comment'),cc=document.getElementById('survey-comment-count');
function q(s){return f.querySelectorAll(s)}
function sync(){var i,r=q('.as');for(i=0;i<r.length;i++){var c=r[i].querySelector('input:checked');r[i].querySelector('.av').textContent=c?L[c.value]:''}}
f.addEventListener('click',function(e){var l=e.target.closest&&e.target.closest('label.st');if(!l)return;var i=document.getElementById(l.htmlFor);if(i&&i.checked){e.preventDefault();i.checked=false;sync()}},true);
f.addEventListener('change',function(e){var i=e.target;if(i.type==='radio'){if(i.name==='overall')er.textContent='';sync()}});sync();
function count(){var n=ta.value.length,m=+ta.getAttribute('maxlength');cc.textContent=n+'/'+m;cc.className='cc'+(n>=m?' full':'')}
if(ta){ta.addEventListener('input',count);count()}
f.addEventListener('submit',function(e){var o=f.querySelector('input[name=overall]:checked');e.preventDefault();if(!o){er.textContent='请先选择您对本次服务的满意程度';return}
var a={},n=0,i,x=q('.as input:checked');for(i=0;i<x.length;i++){a[x[i].name.slice(2)]=+x[i].value;n++}
var b={action:'submitResponse',code:f.elements.c.value,overall:+o.value,elapsedMs:Math.min(3600000,Date.now()-t0),ticket:f.elements.ticket.value},cm=ta?ta.value.trim():'';if(n)b.aspects=a;if(cm)b.comment=cm;
bt.disabled=true;bt.textContent='正在提交…';er.textContent='';
fetch('/api/survey',{method:'POST',headers:{'content-type':'application/json'},credentials:'same-origin',body:JSON.stringify(b)}).then(function(r){return r.json()}).then(function(r){
if(!r.ok){bt.disabled=false;bt.textContent='提交评价';er.textContent=(r.error.issues&&r.error.issues[0]&&r.error.issues[0].message)||r.error.message;return}
var m=document.querySelector('main'),s=document.createElement('div'),ic=document.createElement('div'),h=document.createElement('h1'),p=document.createElement('p'),w=document.createElement('p');
s.className='sx';s.id='survey-thanks';ic.className='ic'+(r.data.counted?'':' soft');h.id='survey-thanks-message';h.textContent=r.data.message;p.textContent=document.getElementById('survey-place').textContent;w.className='wish';w.textContent='祝您一路平安！';
s.appendChild(ic);s.appendChild(h);s.appendChild(p);s.appendChild(w);s.insertAdjacentHTML('beforeend',${JSON.stringify(DONE)});m.innerHTML='';m.appendChild(s);window.scrollTo(0,0)
}).catch(function(){f.submit()})})})()`

function document(title: string, body: string, nonce: string, script: boolean): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover"><meta name="theme-color" content="#C8161D"><meta name="format-detection" content="telephone=no"><link rel="icon" href="data:,"><title>${esc(title)}</title><style>${CSS}</style></head><body><main>${body}</main>${
    script ? `<script nonce="${nonce}">${SCRIPT}</script>` : ''
  }</body></html>`
}

function placeOf(form: GetFormOutput): string {
  return form.window ? `${form.station} · ${form.window}` : form.station
}

/** What the form remembers after a failed plain submission. */
interface Answers {
  overall: number
  aspects: Record<string, number>
  comment: string
}

function formHtml(code: string, form: GetFormOutput, ticket: string, answers: Answers | null, error: string): string {
  const { definition } = form
  const max = definition.commentMax || 200
  const faces = CHOICES.map(
    ([score, label]) =>
      `<input class="r" type="radio" name="overall" value="${score}" id="sv-o${score}"${answers?.overall === score ? ' checked' : ''}><label class="fa" for="sv-o${score}" id="survey-overall-${score}" style="--w:${WARM[score]}">${face(score)}<b>${label}</b></label>`,
  ).join('')
  const aspects = definition.aspects
    .map((a) => {
      const chosen = answers?.aspects[a.key] ?? 0
      // Reversed in the markup and shown right-to-left reversed again, so `:checked ~` lights the lower stars.
      const stars = [5, 4, 3, 2, 1]
        .map(
          (n) =>
            `<input class="r" type="radio" name="a_${esc(a.key)}" value="${n}" id="sv-${esc(a.key)}-${n}"${chosen === n ? ' checked' : ''}><label class="st" for="sv-${esc(a.key)}-${n}" id="survey-aspect-${esc(a.key)}-${n}" aria-label="${n} 星">★</label>`,
        )
        .join('')
      return `<div class="as" id="survey-aspect-${esc(a.key)}"><span>${esc(a.label)}</span><div class="ss">${stars}</div><i class="av"></i></div>`
    })
    .join('')
  const comment = answers?.comment ?? ''
  return (
    `<div class="hd"><small>${esc(definition.title)}</small><h1 id="survey-place">${esc(placeOf(form))}</h1><p>${esc(definition.invitation)}</p></div>` +
    `<form id="survey-form" method="post" action="${SURVEY_PAGE_PATH}?c=${esc(code)}" autocomplete="off"><input type="hidden" name="c" value="${esc(code)}"><input type="hidden" name="ticket" value="${esc(ticket)}">` +
    `<fieldset class="cd"><legend>您对本次服务满意吗？</legend><div class="fs fc">${faces}</div></fieldset>` +
    (aspects ? `<fieldset class="cd"><legend>分项评价<span>（选填）</span></legend><div class="fc">${aspects}</div></fieldset>` : '') +
    `<div class="cd"><div class="ch"><h2>意见建议<span>（选填）</span></h2><span class="cc" id="survey-comment-count">${comment.length}/${max}</span></div><textarea id="survey-comment" name="comment" maxlength="${max}" placeholder="您的意见和建议，帮助我们改进服务">${esc(comment)}</textarea></div>` +
    `<p class="er" id="survey-submit-error" role="alert">${esc(error)}</p>` +
    `<div class="ac"><button class="bt" type="submit" id="survey-submit">提交评价</button><p class="nt">评价匿名，每人每天对同一收费站计一次</p></div></form>`
  )
}

function errorHtml(message: string, retryHref: string | null): string {
  return `<div class="sx err"><div class="ic soft">!</div><h1 id="survey-error">${esc(message)}</h1><p>如有疑问，可向收费窗口工作人员反映</p>${
    retryHref ? `<a href="${esc(retryHref)}">重新加载</a>` : ''
  }</div>`
}

function thanksHtml(result: SubmitResponseOutput, form: GetFormOutput): string {
  return `<div class="sx" id="survey-thanks"><div class="ic${result.counted ? '' : ' soft'}"></div><h1 id="survey-thanks-message">${esc(result.message)}</h1><p>${esc(placeOf(form))}</p><p class="wish">祝您一路平安！</p>${DONE}</div>`
}

function messageOf(result: Result<unknown>): string {
  if (result.ok) return ''
  return result.error.issues?.[0]?.message ?? result.error.message
}

/** The posted plain form as the contract's event (fields it does not know are left out). */
function eventFromForm(code: string, body: URLSearchParams): { event: Record<string, unknown>; answers: Answers } {
  const aspects: Record<string, number> = {}
  for (const [k, v] of body) if (k.startsWith('a_') && /^[1-5]$/.test(v)) aspects[k.slice(2)] = Number(v)
  const overall = Number(body.get('overall') ?? 0)
  const comment = (body.get('comment') ?? '').replace(/\r\n/g, '\n').trim()
  const ticket = body.get('ticket') ?? ''
  const event: Record<string, unknown> = { action: 'submitResponse', code, overall: Number.isInteger(overall) ? overall : 0 }
  if (Object.keys(aspects).length) event.aspects = aspects
  if (comment) event.comment = comment
  if (ticket) event.ticket = ticket
  return { event, answers: { overall, aspects, comment } }
}

/**
 * Answers GET/HEAD (the form) and POST (a plain-form answer) of the survey page. `query` is the
 * request's query string; `body` the urlencoded form of a POST.
 */
export async function surveyPage(call: SurveyCall, method: string, query: string, body: URLSearchParams | null): Promise<SurveyPageAnswer> {
  const nonce = randomBytes(12).toString('base64')
  const params = new URLSearchParams(query)
  const code = method === 'POST' ? (body?.get('c') ?? codeFromQuery(params)).trim().toLowerCase() : codeFromQuery(params)
  const self = `${SURVEY_PAGE_PATH}?c=${encodeURIComponent(code)}`

  const got = await call({ action: 'getForm', code })
  if (!got.ok) {
    const retry = got.error.code === 'INTERNAL' || got.error.code === 'RATE_LIMITED'
    return { status: statusOf(got.error.code), nonce, html: document('服务评价', errorHtml(messageOf(got), retry ? self : null), nonce, false) }
  }
  const form = got.data as GetFormOutput
  if (method !== 'POST' || !body) {
    return { status: 200, nonce, html: document('服务评价', formHtml(code, form, form.ticket, null, ''), nonce, true) }
  }

  const { event, answers } = eventFromForm(code, body)
  const sent = await call(event)
  if (sent.ok) return { status: 200, nonce, html: document('服务评价', thanksHtml(sent.data as SubmitResponseOutput, form), nonce, false) }
  // The same form again, answers kept, with the server's message; the original ticket keeps the timing.
  const ticket = typeof event.ticket === 'string' && /^[A-Za-z0-9._-]{1,200}$/.test(event.ticket) ? event.ticket : form.ticket
  return { status: statusOf(sent.error.code), nonce, html: document('服务评价', formHtml(code, form, ticket, answers, messageOf(sent)), nonce, true) }
}
