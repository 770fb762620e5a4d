/** What the bytes of an upload say they are, and how long a lecture asks to be studied. */
import type { ArticleBlock } from '../../contracts/lecture.contract'
import { readingSec, requiredSec, sniff } from '../../server/domain/lecture/lecture.docs'

const bytes = (...parts: Array<string | number[]>) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)))

describe('sniff', () => {
  test.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'jpg'],
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13]), 'png'],
    ['WAV', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'wav'],
    ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0]), 'm4a'],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0]), 'mp4'],
    ['MP3 with an ID3 tag', bytes('ID3', [4, 0, 0, 0, 0, 0, 0]), 'mp3'],
    ['MP3 frame', bytes([0xff, 0xfb, 0x90, 0x64]), 'mp3'],
    ['AAC (ADTS) frame', bytes([0xff, 0xf1, 0x50, 0x80]), 'aac'],
  ])('%s', (_name, b, ext) => {
    expect(sniff(b)).toBe(ext)
  })

  test.each([
    ['nothing', bytes()],
    ['one 0xff byte (a cut frame header)', bytes([0xff])],
    ['JPEG start without its third byte', bytes([0xff, 0xd8, 0x00, 0xe0])],
    ['JPEG marker not at the start', bytes([0x00, 0xd8, 0xff, 0xe0])],
    ['0xff then not a frame sync', bytes([0xff, 0x00, 0xff, 0x00])],
    ['a frame sync not after 0xff', bytes([0x00, 0xfb, 0x90, 0x64])],
    ['PNG without its first byte', bytes('PNG\r\n\x1a\n', [0])],
    ['RIFF but not WAVE (AVI)', bytes('RIFF', [0, 0, 0, 0], 'AVI LIST')],
    ['WAVE without RIFF', bytes('RIFX', [0, 0, 0, 0], 'WAVEfmt ')],
    ['no ftyp box', bytes([0, 0, 0, 0x20], 'ftyxisom')],
    ['text', bytes('<html><body>')],
  ])('%s is nothing accepted', (_name, b) => {
    expect(sniff(b)).toBeNull()
  })
})

describe('study time', () => {
  const p = (n: number): ArticleBlock => ({ type: 'p', text: '字'.repeat(n) })
  const img: ArticleBlock = { type: 'img', fileId: 'file_1', caption: '' }

  test('an article reads at 400 characters a minute, an image counting 40, never under 15 s', () => {
    expect(readingSec([p(400)])).toBe(60)
    expect(readingSec([p(401)])).toBe(61)
    expect(readingSec([p(200), { type: 'h', text: '标题'.repeat(100) }])).toBe(60)
    expect(readingSec(Array.from({ length: 30 }, () => img))).toBe(180)
    expect(readingSec([p(10)])).toBe(15)
    expect(readingSec([])).toBe(15)
  })

  test('audio and video complete at 90 % of their length, rounded up; an article at its reading time', () => {
    expect(requiredSec({ kind: 'audio', durationSec: 20 })).toBe(18)
    expect(requiredSec({ kind: 'video', durationSec: 101 })).toBe(91)
    expect(requiredSec({ kind: 'article', durationSec: 101 })).toBe(101)
  })
})
