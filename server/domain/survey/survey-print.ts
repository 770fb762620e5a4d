/**
 * The A4 print sheet of QR cards for a station: eight cards a page (2 × 4), each with the station,
 * the window, the QR of its survey link and one line of invitation. A self-contained HTML page
 * (inline SVG, print CSS) that any browser prints or saves as PDF.
 */
import type { Caller, Deps, In } from '../deps'
import type * as S from '../../../contracts/survey.contract'
import { getDefinition, listCodes } from './survey.usecases'

/** Each code's mini-program code image URL, where the platform makes them; a code that failed is left out. */
async function miniCodeUrls(deps: Deps, codes: string[]): Promise<Map<string, string>> {
  const miniCodes = deps.miniCodes
  if (!miniCodes) return new Map()
  const refs = await Promise.all(codes.map((code) => miniCodes.refFor(code).then((ref) => [code, ref] as const, () => null)))
  const made = refs.filter((r): r is readonly [string, string] => r !== null)
  const urls = await deps.files.urls(made.map(([, ref]) => ref))
  return new Map(made.flatMap(([code, ref]) => (urls.get(ref) ? [[code, urls.get(ref) as string] as const] : [])))
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export async function printCards(deps: Deps, caller: Caller, input: In<S.PrintCardsInput>): Promise<{ fileName: string; html: string }> {
  const { station, codes } = await listCodes(deps, caller, { stationId: input.stationId })
  const { definition } = await getDefinition(deps, caller, { branchId: station.branchId })
  const miniCodes = await miniCodeUrls(deps, codes.map((c) => c.code))
  // qrcode is loaded on first use only (external to the function bundle, like exceljs).
  const { default: QRCode } = await import('qrcode')
  const cards = await Promise.all(
    codes.map(async (c) => {
      const mini = miniCodes.get(c.code)
      // On CloudBase a real mini-program code (scene = the code); elsewhere, or when it could not
      // be made, the URL QR (a 普通链接二维码 rule or a phone camera opens it).
      const svg = mini
        ? `<img class="mini" src="${esc(mini)}" alt="小程序码 ${esc(c.code)}">`
        : await QRCode.toString(c.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
      return `<section class="card">
  <h2>${esc(station.name)}</h2>
  <p class="window">${esc(c.window ?? '全站通用')}</p>
  <div class="qr">${svg}</div>
  <p class="invite">${esc(definition.invitation)}</p>
  <p class="code">编号 ${esc(c.code)}</p>
</section>`
    }),
  )
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(station.name)} 服务满意度二维码卡片</title>
<style>
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; color: #222; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
.card { border: 0.4mm dashed #c8161d; border-radius: 3mm; padding: 4mm; height: 66mm; text-align: center; break-inside: avoid; display: flex; flex-direction: column; align-items: center; justify-content: space-between; }
.card h2 { margin: 0; font-size: 5mm; color: #c8161d; }
.card .window { margin: 0; font-size: 4mm; font-weight: 600; }
.card .qr svg, .card .qr img { width: 34mm; height: 34mm; }
.card .invite { margin: 0; font-size: 3.4mm; }
.card .code { margin: 0; font-size: 2.6mm; color: #888; }
@media screen { body { background: #eee; } .sheet { width: 190mm; margin: 10mm auto; background: #fff; padding: 10mm; } }
</style></head>
<body><main class="sheet">
${cards.join('\n')}
</main></body></html>`
  return { fileName: `${station.name}_满意度二维码卡片.html`, html }
}
