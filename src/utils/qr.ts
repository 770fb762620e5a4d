/**
 * QR codes as SVG data URIs (qrcode-generator draws the modules; one `<path>` keeps the SVG small).
 * A data URI in an `<Image>` renders the same in H5 and in the mini-program, with no canvas.
 */
import qrcode from 'qrcode-generator'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of an ASCII string (the mini-program has no `btoa`). */
export function asciiToBase64(text: string): string {
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

/** The SVG markup of `text` as a QR code with a 4-module quiet zone. */
export function qrSvg(text: string, level: 'L' | 'M' | 'Q' | 'H' = 'M'): string {
  const qr = qrcode(0, level)
  qr.addData(text)
  qr.make()
  const n = qr.getModuleCount()
  const margin = 4
  const size = n + margin * 2
  let d = ''
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.isDark(row, col)) d += `M${col + margin} ${row + margin}h1v1h-1z`
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * 8}" height="${size * 8}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  )
}

/** `data:image/svg+xml;base64,…` of `text` as a QR code. */
export function qrDataUri(text: string): string {
  return `data:image/svg+xml;base64,${asciiToBase64(qrSvg(text))}`
}
