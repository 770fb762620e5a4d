/**
 * 微党课 media from the mini-program: `Taro.cloud.uploadFile` to cloud storage's temporary folder,
 * then `uploadMedia({ fileID })`. The real `lecture` function on the embedded store, with the
 * CloudBase FileStore (server/platform/files.cloudbase.ts) over an in-memory stand-in of the
 * node-sdk storage calls: the server checks size and signature, keeps the file under lecture-media/
 * and deletes the temporary one; a refused file is deleted and nothing is kept.
 */
import { mountFunctions } from '../../server/functions'
import type { CloudFunctionMain } from '../../server/platform/define-function'
import { cloudFileStore, type CloudStorage } from '../../server/platform/files.cloudbase'
import { contextFor, type Runtime } from '../../server/platform/runtime'
import { DEMO } from '../../server/seed/demo'
import { toneWav } from '../../server/seed/demo-lectures'
import { closeAllPglite } from '../../server/store/pglite-instance'
import { makeHarness, type Harness } from '../support/harness'

afterAll(closeAllPglite)

const BUCKET = 'cloud://env-1.bucket/'
const SECRETARY = DEMO.secretaryOpenid

/** Cloud storage in memory, answering as node-sdk's storage calls do (src/storage/index.ts). */
function memoryStorage() {
  const files = new Map<string, Buffer>()
  const downloads: string[] = []
  const storage = {
    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) {
      files.set(`${BUCKET}${cloudPath}`, fileContent)
      return { fileID: `${BUCKET}${cloudPath}`, requestId: 'r' }
    },
    async getTempFileURL({ fileList }: { fileList: Array<{ fileID: string }> }) {
      return { fileList: fileList.map(({ fileID }) => ({ code: files.has(fileID) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: files.has(fileID) ? `https://tmp.example/${fileID.slice(BUCKET.length)}` : '' })) }
    },
    async getFileInfo({ fileList }: { fileList: string[] }) {
      return { fileList: fileList.map((fileID) => (files.has(fileID) ? { code: 'SUCCESS', fileID, tempFileURL: 'x', size: files.get(fileID)?.length } : { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '' })) }
    },
    async downloadFile({ fileID }: { fileID: string }) {
      downloads.push(fileID)
      const content = files.get(fileID)
      if (!content) throw new Error('下载文件失败: Status:404')
      return { fileContent: content, message: '文件下载完成' }
    },
    async deleteFile({ fileList }: { fileList: string[] }) {
      return { fileList: fileList.map((fileID) => ({ code: files.delete(fileID) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST', fileID })) }
    },
  }
  return { storage: storage as unknown as CloudStorage, files, downloads }
}

let h: Harness
let mem: ReturnType<typeof memoryStorage>
let lecture: CloudFunctionMain
beforeEach(async () => {
  h = await makeHarness()
  mem = memoryStorage()
  const runtime: Runtime = Object.assign(Object.create(Object.getPrototypeOf(h.runtime)), h.runtime, { files: cloudFileStore(() => mem.storage, { report: () => undefined }) })
  lecture = mountFunctions(runtime).lecture as CloudFunctionMain
})

/** What the mini-program does: put the bytes in the temporary folder, then call uploadMedia. */
async function weappUpload(name: string, mimeType: string, bytes: Uint8Array, fileName = name) {
  const fileID = `${BUCKET}lecture-upload-tmp/1764561600000-ab12cd34-${name}`
  mem.files.set(fileID, Buffer.from(bytes))
  const res = await lecture({ action: 'uploadMedia', fileName, mimeType, fileID }, contextFor(SECRETARY))
  return { fileID, res }
}

const kept = () => [...mem.files.keys()].filter((k) => k.includes('/lecture-media/'))
const temporary = () => [...mem.files.keys()].filter((k) => k.includes('/lecture-upload-tmp/'))

describe('uploadMedia({ fileID }) on CloudBase', () => {
  test('a real WAV: checked, kept under lecture-media/, the temporary file deleted, a temporary URL back', async () => {
    const { res } = await weappUpload('tone.wav', 'audio/wav', toneWav(2))
    if (!res.ok) throw new Error(res.error.code)
    expect(res.data).toMatchObject({ mimeType: 'audio/wav', url: expect.stringMatching(/^https:\/\/tmp\.example\/lecture-media\/f_[A-Za-z0-9_-]+\.wav$/) })
    expect(kept()).toHaveLength(1)
    expect(temporary()).toEqual([])
  })
  test('bytes that are not what the type says: LECTURE.UPLOAD_TYPE, nothing kept, the temporary file deleted', async () => {
    const before = await h.store.count('lecture_file')
    const { res } = await weappUpload('cover.png', 'image/png', toneWav(1))
    expect(res).toMatchObject({ ok: false, error: { code: 'LECTURE.UPLOAD_TYPE' } })
    expect(kept()).toEqual([])
    expect(temporary()).toEqual([])
    expect(await h.store.count('lecture_file')).toBe(before)
  })
  test('over the size limit: LECTURE.UPLOAD_TOO_LARGE from its size alone (never downloaded), deleted', async () => {
    const big = new Uint8Array(2 * 1024 * 1024 + 1)
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const { res } = await weappUpload('big.png', 'image/png', big)
    expect(res).toMatchObject({ ok: false, error: { code: 'LECTURE.UPLOAD_TOO_LARGE', message: expect.stringContaining('文件过大') } })
    expect(mem.downloads).toEqual([])
    expect(temporary()).toEqual([])
  })
  test('a temporary file that is not there: LECTURE.FILE_NOT_FOUND', async () => {
    const res = await lecture({ action: 'uploadMedia', fileName: 'a.png', mimeType: 'image/png', fileID: `${BUCKET}lecture-upload-tmp/gone.png` }, contextFor(SECRETARY))
    expect(res).toMatchObject({ ok: false, error: { code: 'LECTURE.FILE_NOT_FOUND' } })
  })
  test('a fileID outside the temporary folder (someone else\'s media) is refused and left alone', async () => {
    const other = `${BUCKET}lecture-media/f_other.png`
    mem.files.set(other, Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    const res = await lecture({ action: 'uploadMedia', fileName: 'a.png', mimeType: 'image/png', fileID: other }, contextFor(SECRETARY))
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(mem.files.has(other)).toBe(true)
  })
  test('neither or both of base64 and fileID: VALIDATION', async () => {
    const fileID = `${BUCKET}lecture-upload-tmp/x.png`
    for (const extra of [{}, { base64: 'AAAA', fileID }]) {
      expect(await lecture({ action: 'uploadMedia', fileName: 'a.png', mimeType: 'image/png', ...extra }, contextFor(SECRETARY))).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    }
  })
  test('a member may not upload: FORBIDDEN, the temporary file never read', async () => {
    const fileID = `${BUCKET}lecture-upload-tmp/m.wav`
    mem.files.set(fileID, Buffer.from(toneWav(1)))
    const res = await lecture({ action: 'uploadMedia', fileName: 'm.wav', mimeType: 'audio/wav', fileID }, contextFor('demo-member-01'))
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(mem.downloads).toEqual([])
  })
})

describe('the gateway (H5) keeps base64', () => {
  test('a fileID sent to the local store: LECTURE.FILE_NOT_FOUND (no cloud uploads there)', async () => {
    const res = await h.call('lecture', SECRETARY, { action: 'uploadMedia', fileName: 'a.png', mimeType: 'image/png', fileID: `${BUCKET}lecture-upload-tmp/a.png` })
    expect(res).toMatchObject({ ok: false, error: { code: 'LECTURE.FILE_NOT_FOUND' } })
  })
})
