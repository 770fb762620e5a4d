/**
 * The CloudBase FileStore at its edges (server/platform/files.cloudbase.ts), against stand-ins that
 * answer like node-sdk's storage calls: the URL lifetime asked for, a temporary upload's exact shape,
 * names that could leave lecture-media/, an upload without a fileID, every answer readUpload can
 * get (unknown file, failed info, too large by info or by bytes, no content, an SDK failure), a
 * delete that fails for some files, and the default failure log.
 */
import { jest } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { cloudFileStore, isTemporaryUpload, TEMP_URL_MAX_AGE_SEC, UPLOAD_TMP_PREFIX, type CloudStorage, type UrlFailure } from '../../server/platform/files.cloudbase'

const TMP = 'cloud://env-1.bucket/lecture-upload-tmp/1764561600000-ab12cd34-a.png'

type Info = { code: string; fileID: string; size?: number }
function stand(over: Partial<Record<'getFileInfo' | 'downloadFile' | 'deleteFile' | 'uploadFile' | 'getTempFileURL', (arg: never) => Promise<unknown>>> = {}) {
  const calls: Array<[string, unknown]> = []
  const record = (name: string, answer: (arg: never) => Promise<unknown>) => async (arg: never) => (calls.push([name, arg]), answer(arg))
  const storage = {
    uploadFile: record('uploadFile', over.uploadFile ?? (async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://env-1.bucket/${cloudPath}` }))),
    getTempFileURL: record('getTempFileURL', over.getTempFileURL ?? (async ({ fileList }: { fileList: Array<{ fileID: string }> }) => ({ fileList: fileList.map((f) => ({ code: 'SUCCESS', fileID: f.fileID, tempFileURL: 'https://t/x' })) }))),
    getFileInfo: record('getFileInfo', over.getFileInfo ?? (async ({ fileList }: { fileList: string[] }) => ({ fileList: fileList.map((fileID): Info => ({ code: 'SUCCESS', fileID, size: 3 })) }))),
    downloadFile: record('downloadFile', over.downloadFile ?? (async () => ({ fileContent: Buffer.from([1, 2, 3]) }))),
    deleteFile: record('deleteFile', over.deleteFile ?? (async ({ fileList }: { fileList: string[] }) => ({ fileList: fileList.map((fileID) => ({ code: 'SUCCESS', fileID })) }))),
  } as unknown as CloudStorage
  const reported: UrlFailure[][] = []
  return { calls, reported, store: cloudFileStore(() => storage, { report: (f) => void reported.push(f) }) }
}

test('a temporary upload is a cloud:// fileID under lecture-upload-tmp/ with a plain name, nothing else', () => {
  expect(isTemporaryUpload(TMP)).toBe(true)
  for (const ref of [
    `${TMP}/x`, `x${TMP}`, 'cloud://env-1.bucket/lecture-media/a.png', 'cloud://env-1.bucket/lecture-upload-tmp/', 'cloud://env 1/lecture-upload-tmp/a.png',
    'https://env-1.bucket/lecture-upload-tmp/a.png', 'cloud://env-1.bucket/lecture-upload-tmp/a/b.png', `${TMP}\n`, 'cloud:///lecture-upload-tmp/a.png',
  ])
    expect([ref, isTemporaryUpload(ref)]).toEqual([ref, false])
})

test('URLs are asked to live two hours', async () => {
  const s = stand()
  await s.store.urls(['cloud://env-1.bucket/lecture-media/a.png'])
  expect(TEMP_URL_MAX_AGE_SEC).toBe(7200)
  expect(s.calls).toEqual([['getTempFileURL', { fileList: [{ fileID: 'cloud://env-1.bucket/lecture-media/a.png', maxAge: 7200 }] }]])
})

test('put refuses a name that is not a plain id with a short lower-case extension, and an upload without a fileID', async () => {
  const s = stand()
  const unsafe: Array<[string, string]> = [['../a', 'png'], ['a b', 'png'], ['', 'png'], ['a\n', 'png'], ['a', 'PNG'], ['a', 'p'], ['a', 'jpegx'], ['a', ''], ['a', 'png\n']]
  for (const [id, ext] of unsafe)
    await expect(s.store.put({ id, ext, mimeType: 'image/png', bytes: new Uint8Array([1]) })).rejects.toThrow('unsafe file name')
  expect(s.calls).toEqual([])
  await expect(s.store.put({ id: 'f_Ab-9', ext: 'm4a', mimeType: 'audio/mp4', bytes: new Uint8Array([1]) })).resolves.toBe('cloud://env-1.bucket/lecture-media/f_Ab-9.m4a')
  const failing = stand({ uploadFile: async () => ({ code: 'STORAGE_EXCEED' }) })
  await expect(failing.store.put({ id: 'a', ext: 'png', mimeType: 'image/png', bytes: new Uint8Array([1]) })).rejects.toThrow('uploadFile: no fileID (STORAGE_EXCEED)')
  const silent = stand({ uploadFile: async () => ({}) })
  await expect(silent.store.put({ id: 'a', ext: 'png', mimeType: 'image/png', bytes: new Uint8Array([1]) })).rejects.toThrow('uploadFile: no fileID (unknown)')
})

test('a failed URL call without a code, and an entry without a code, are reported with codes of their own', async () => {
  const thrown = stand({ getTempFileURL: async () => Promise.reject(new Error('network')) })
  await thrown.store.urls(['cloud://a/lecture-media/1.png'])
  expect(thrown.reported).toEqual([[{ fileID: 'cloud://a/lecture-media/1.png', code: 'CALL_FAILED' }]])
  const coded = stand({ getTempFileURL: async () => Promise.reject(Object.assign(new Error('x'), { code: 'SYS_ERR' })) })
  await coded.store.urls(['cloud://a/lecture-media/1.png'])
  expect(coded.reported).toEqual([[{ fileID: 'cloud://a/lecture-media/1.png', code: 'SYS_ERR' }]])
  const blank = stand({ getTempFileURL: async () => ({ fileList: [{ fileID: 'cloud://a/lecture-media/1.png', code: '' }, { code: 'SUCCESS', tempFileURL: 'https://t/ghost' }] }) })
  expect(await blank.store.urls(['cloud://a/lecture-media/1.png'])).toEqual(new Map())
  expect(blank.reported).toEqual([[{ fileID: 'cloud://a/lecture-media/1.png', code: 'NO_URL' }]])
})

test('an answer with no file list and no code, a SUCCESS without a URL, and a clean batch that reports nothing', async () => {
  const listless = stand({ getTempFileURL: async () => ({}) })
  expect(await listless.store.urls(['cloud://a/lecture-media/1.png'])).toEqual(new Map())
  expect(listless.reported).toEqual([[{ fileID: 'cloud://a/lecture-media/1.png', code: 'NO_FILE_LIST' }]])
  const urlless = stand({ getTempFileURL: async () => ({ fileList: [{ fileID: 'cloud://a/lecture-media/1.png', code: 'SUCCESS', tempFileURL: '' }] }) })
  expect(await urlless.store.urls(['cloud://a/lecture-media/1.png'])).toEqual(new Map())
  expect(urlless.reported).toEqual([[{ fileID: 'cloud://a/lecture-media/1.png', code: 'SUCCESS' }]])
  // a URL with a failure code is not a URL to give a page
  const refused = stand({ getTempFileURL: async () => ({ fileList: [{ fileID: 'cloud://a/lecture-media/1.png', code: 'STORAGE_FILE_NONEXIST', tempFileURL: 'https://t/stale' }] }) })
  expect(await refused.store.urls(['cloud://a/lecture-media/1.png'])).toEqual(new Map())
  expect(refused.reported).toEqual([[{ fileID: 'cloud://a/lecture-media/1.png', code: 'STORAGE_FILE_NONEXIST' }]])
  const clean = stand()
  expect(await clean.store.urls(['cloud://a/lecture-media/1.png'])).toEqual(new Map([['cloud://a/lecture-media/1.png', 'https://t/x']]))
  expect(clean.reported).toEqual([])
})

test('the mini-program uploads under the prefix the server accepts as a temporary upload', () => {
  expect(isTemporaryUpload(`cloud://env-1.bucket/${UPLOAD_TMP_PREFIX}1764561600000-ab12cd34-a.png`)).toBe(true)
  // pick-file.ts (Taro, not importable here) keeps its own copy of the prefix
  const page = readFileSync(path.join(__dirname, '../../src/packages/lecture/components/pick-file.ts'), 'utf8')
  expect(page).toContain(`const UPLOAD_TMP_PREFIX = '${UPLOAD_TMP_PREFIX}'`)
})

describe('readUpload', () => {
  test('a file within the limit: info first, then the bytes', async () => {
    const s = stand()
    const read = await s.store.readUpload?.(TMP, 3)
    expect(read !== 'missing' && read !== 'too_large' && read ? [...read.bytes] : read).toEqual([1, 2, 3])
    expect(s.calls.map(([name, arg]) => [name, arg])).toEqual([['getFileInfo', { fileList: [TMP] }], ['downloadFile', { fileID: TMP }]])
  })

  test('what is not a temporary upload is never asked about', async () => {
    const s = stand()
    expect(await s.store.readUpload?.('cloud://env-1.bucket/lecture-media/a.png', 10)).toBe('missing')
    expect(s.calls).toEqual([])
  })

  test('missing: no info, info that failed, no content, text content, or a call that throws (logged)', async () => {
    const errors: unknown[][] = []
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args))
    try {
      for (const over of [
        { getFileInfo: async () => ({}) },
        { getFileInfo: async () => ({ fileList: [] }) },
        { getFileInfo: async () => ({ fileList: [{ code: 'STORAGE_FILE_NONEXIST', fileID: TMP }] }) },
        { downloadFile: async () => ({}) },
        { downloadFile: async () => ({ fileContent: 'text' }) },
        { downloadFile: async () => Promise.reject(new Error('404')) },
      ]) {
        const s = stand(over)
        expect(await s.store.readUpload?.(TMP, 10)).toBe('missing')
      }
      expect(errors).toEqual([['[files.readUpload]', TMP, '404']])
      const odd = stand({ getFileInfo: async () => Promise.reject('not an error') })
      expect(await odd.store.readUpload?.(TMP, 10)).toBe('missing')
      expect(errors.at(-1)).toEqual(['[files.readUpload]', TMP, 'not an error'])
    } finally {
      spy.mockRestore()
    }
  })

  test('too large: by the size info says (never downloaded), or by the bytes when info has no size', async () => {
    const big = stand({ getFileInfo: async () => ({ fileList: [{ code: 'SUCCESS', fileID: TMP, size: 4 }] }) })
    expect(await big.store.readUpload?.(TMP, 3)).toBe('too_large')
    expect(big.calls.map(([n]) => n)).toEqual(['getFileInfo'])
    const sizeless = stand({ getFileInfo: async () => ({ fileList: [{ code: 'SUCCESS', fileID: TMP }] }) })
    expect(await sizeless.store.readUpload?.(TMP, 2)).toBe('too_large')
    const exact = stand({ getFileInfo: async () => ({ fileList: [{ code: 'SUCCESS', fileID: TMP, size: 3 }] }) })
    expect(await exact.store.readUpload?.(TMP, 3)).not.toBe('too_large')
  })
})

describe('removeUpload', () => {
  test('deletes a temporary upload; a file it could not delete is reported; anything else is never deleted', async () => {
    const s = stand()
    await s.store.removeUpload?.(TMP)
    expect(s.calls).toEqual([['deleteFile', { fileList: [TMP] }]])
    expect(s.reported).toEqual([])
    await s.store.removeUpload?.('cloud://env-1.bucket/lecture-media/a.png')
    expect(s.calls).toHaveLength(1)
    const failing = stand({ deleteFile: async () => ({ fileList: [{ code: 'STORAGE_FILE_NONEXIST', fileID: TMP }] }) })
    await failing.store.removeUpload?.(TMP)
    expect(failing.reported).toEqual([[{ fileID: TMP, code: 'STORAGE_FILE_NONEXIST' }]])
    const empty = stand({ deleteFile: async () => ({}) })
    await empty.store.removeUpload?.(TMP)
    expect(empty.reported).toEqual([])
  })
})

test('by default failures go to the function log as one JSON line', async () => {
  const lines: unknown[][] = []
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args))
  try {
    const storage = { getTempFileURL: async () => ({ fileList: [{ code: 'STORAGE_FILE_NONEXIST', fileID: 'cloud://a/1' }] }) } as unknown as CloudStorage
    await cloudFileStore(() => storage).urls(['cloud://a/1'])
    expect(lines).toEqual([['[files] CloudBase storage failed for:', '[{"fileID":"cloud://a/1","code":"STORAGE_FILE_NONEXIST"}]']])
  } finally {
    spy.mockRestore()
  }
})
