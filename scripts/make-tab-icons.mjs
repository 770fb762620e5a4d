#!/usr/bin/env node
// Draws the tab bar icons (首页 / 学习 / 我的) as 81×81 PNGs, grey and red, with node:zlib only:
// shapes from signed distances, 4×4 supersampled. Output in src/assets/tabbar/ (committed; each
// ≈1 KB, far under WeChat's 40 KB per icon). Rerun after changing a shape or a colour.
import { mkdirSync, writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 81
const OUT = new URL('../src/assets/tabbar/', import.meta.url)
const COLOURS = { normal: [0x99, 0x99, 0x99], active: [0xc8, 0x16, 0x1d] }

// ── distance helpers (negative inside), coordinates in 0..1 ──
const box = (x, y, cx, cy, hw, hh) => Math.max(Math.abs(x - cx) - hw, Math.abs(y - cy) - hh)
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r
const ring = (x, y, cx, cy, r, w) => Math.abs(circle(x, y, cx, cy, r)) - w / 2
function segment(x, y, ax, ay, bx, by, w) {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - t * dx, py - t * dy) - w / 2
}
const stroke = 0.075

const SHAPES = {
  // a house: roof as two strokes, walls as an outline, a door
  home: (x, y) =>
    Math.min(
      segment(x, y, 0.14, 0.48, 0.5, 0.16, stroke),
      segment(x, y, 0.5, 0.16, 0.86, 0.48, stroke),
      Math.max(Math.abs(box(x, y, 0.5, 0.64, 0.26, 0.2)) - stroke / 2, -box(x, y, 0.5, 0.44, 0.3, 0.02)),
      box(x, y, 0.5, 0.74, 0.07, 0.11),
    ),
  // an open book: two pages and a spine
  study: (x, y) =>
    Math.min(
      Math.abs(box(x, y, 0.31, 0.5, 0.18, 0.28)) - stroke / 2,
      Math.abs(box(x, y, 0.69, 0.5, 0.18, 0.28)) - stroke / 2,
      segment(x, y, 0.22, 0.4, 0.38, 0.4, stroke * 0.7),
      segment(x, y, 0.62, 0.4, 0.78, 0.4, stroke * 0.7),
      segment(x, y, 0.22, 0.55, 0.38, 0.55, stroke * 0.7),
      segment(x, y, 0.62, 0.55, 0.78, 0.55, stroke * 0.7),
    ),
  // a person: head ring and shoulders arc
  me: (x, y) =>
    Math.min(ring(x, y, 0.5, 0.34, 0.15, stroke), Math.max(ring(x, y, 0.5, 0.92, 0.34, stroke), y - 0.86)),
}

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(shape, [r, g, b]) {
  const rows = []
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4)
    for (let px = 0; px < SIZE; px++) {
      let cover = 0
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          if (shape((px + (sx + 0.5) / 4) / SIZE, (py + (sy + 0.5) / 4) / SIZE) <= 0) cover++
        }
      }
      row.set([r, g, b, Math.round((cover / 16) * 255)], 1 + px * 4)
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

mkdirSync(OUT, { recursive: true })
for (const [name, shape] of Object.entries(SHAPES)) {
  for (const [state, colour] of Object.entries(COLOURS)) {
    const file = new URL(`${name}${state === 'active' ? '-active' : ''}.png`, OUT)
    const data = png(shape, colour)
    writeFileSync(file, data)
    console.log(`${file.pathname} ${data.length} B`)
  }
}
