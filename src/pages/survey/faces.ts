/**
 * The five faces of the overall question (5 = 非常满意 … 1 = 非常不满意), drawn once as small SVG
 * data URIs: a grey face when not chosen, a warm one when chosen. No icon font, no image files.
 */
import { svgDataUri } from '../../utils/svg-uri'

function faceSvg(score: number, on: boolean): string {
  const fill = on ? (score >= 4 ? '#FFB300' : score === 3 ? '#FFC94D' : '#FF8A4C') : '#EEEEEE'
  const ink = on ? '#5A3300' : '#9A9A9A'
  // The mouth bends up for a good score and down for a bad one; 3 is a straight line.
  const base = score >= 3 ? 29 : 34
  const ctrl = base + (score - 3) * 6
  const mouth =
    score === 5
      ? `<path d="M14 28 Q24 42 34 28 Z" fill="${ink}"/>`
      : `<path d="M15 ${base} Q24 ${ctrl} 33 ${base}" fill="none" stroke="${ink}" stroke-width="2.8" stroke-linecap="round"/>`
  const brows =
    score === 1
      ? `<path d="M12 14 L20 17 M36 14 L28 17" stroke="${ink}" stroke-width="2.4" stroke-linecap="round"/>`
      : ''
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="96" height="96">' +
    `<circle cx="24" cy="24" r="22" fill="${fill}" stroke="${on ? '#E08E00' : '#D6D6D6'}" stroke-width="1.5"/>` +
    `<circle cx="17" cy="20" r="2.8" fill="${ink}"/><circle cx="31" cy="20" r="2.8" fill="${ink}"/>` +
    brows +
    mouth +
    '</svg>'
  )
}

/** `FACES[score].on` / `.off` for score 1–5 (index 0 unused). */
export const FACES: ReadonlyArray<{ on: string; off: string }> = [0, 1, 2, 3, 4, 5].map((s) => ({
  on: svgDataUri(faceSvg(s, true)),
  off: svgDataUri(faceSvg(s, false)),
}))
