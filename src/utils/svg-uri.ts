/**
 * SVG markup as a base64 data URI for `<Image>` (renders the same in H5 and the mini-program).
 * Kept apart from `qr.ts` so a page that only draws icons does not pull in the QR encoder.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of an ASCII string (the mini-program has no `btoa`). */
function asciiBase64(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i) & 0xff
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) & 0xff : -1
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) & 0xff : -1
    out += B64.charAt(a >> 2)
    out += B64.charAt(((a & 3) << 4) | (b < 0 ? 0 : b >> 4))
    out += b < 0 ? '=' : B64.charAt(((b & 15) << 2) | (c < 0 ? 0 : c >> 6))
    out += c < 0 ? '=' : B64.charAt(c & 63)
  }
  return out
}

/** `data:image/svg+xml;base64,…` of ASCII-only SVG markup. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${asciiBase64(svg)}`
}
