/** Upload limits at their edges: exactly the size cap, one byte over; an MP4 container under either audio or video name. */
import { DEMO } from '../../server/seed/demo'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { dataOf, makeHarness } from '../support/harness'

afterAll(closeAllPglite)

const SEC = DEMO.secretaryOpenid
const jpeg = (size: number) => {
  const b = Buffer.alloc(size)
  b.set([0xff, 0xd8, 0xff, 0xe0])
  return b.toString('base64')
}
const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from(`ftyp${brand}`), Buffer.alloc(24)]).toString('base64')

test('an image of exactly 2 MiB is taken, one byte more is too large; nothing is stored for the refused one', async () => {
  const h = await makeHarness()
  const upload = (base64: string, mimeType = 'image/jpeg') => h.call<{ fileId: string; bytes: number }>('lecture', SEC, { action: 'uploadMedia', fileName: 'a.jpg', mimeType, base64 })
  const seeded = await h.store.count('lecture_file', {})
  expect(dataOf(await upload(jpeg(2 * 1024 * 1024))).bytes).toBe(2 * 1024 * 1024)
  expect(await upload(jpeg(2 * 1024 * 1024 + 1))).toMatchObject({ ok: false, error: { code: 'LECTURE.UPLOAD_TOO_LARGE' } })
  expect(await h.store.count('lecture_file', {})).toBe(seeded + 1)
})

test('an MP4 container passes as audio/mp4 (an .m4a) whatever its brand, and as video/mp4 with an M4A brand; not as MP3', async () => {
  const h = await makeHarness()
  const upload = (mimeType: string, base64: string) => h.call('lecture', SEC, { action: 'uploadMedia', fileName: 'a.bin', mimeType, base64 })
  expect((await upload('audio/mp4', ftyp('isom'))).ok).toBe(true)
  expect((await upload('audio/x-m4a', ftyp('M4A '))).ok).toBe(true)
  expect((await upload('video/mp4', ftyp('M4A '))).ok).toBe(true)
  expect(await upload('audio/mpeg', ftyp('isom'))).toMatchObject({ ok: false, error: { code: 'LECTURE.UPLOAD_TYPE' } })
})

test('an empty file is refused as not a picture, audio or video', async () => {
  const h = await makeHarness()
  const before = await h.store.count('lecture_file', {})
  expect(await h.call('lecture', SEC, { action: 'uploadMedia', fileName: 'a.jpg', mimeType: 'image/jpeg', base64: '' })).toMatchObject({ ok: false, error: { code: 'LECTURE.UPLOAD_TYPE' } })
  expect(await h.store.count('lecture_file', {})).toBe(before)
})
