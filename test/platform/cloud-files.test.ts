/**
 * The CloudBase FileStore (server/platform/files.cloudbase.ts) against a stand-in of the node-sdk
 * storage calls: getTempFileURL takes at most 50 files a call (batched), and a file CloudBase
 * could not sign is reported with its code and left out, never given an empty URL.
 */
import { cloudFileStore, TEMP_URL_BATCH, type CloudStorage, type UrlFailure } from '../../server/platform/files.cloudbase'

type Entry = { code: string; fileID: string; tempFileURL: string }

/** A stand-in that answers like node-sdk's getTempFileURL (src/storage/index.ts), refusing > 50. */
function fakeStorage(answer: (fileID: string) => Entry | null, whole?: (n: number) => { code: string; message: string } | null) {
  const calls: string[][] = []
  const storage = {
    async uploadFile({ cloudPath }: { cloudPath: string }) {
      return { fileID: `cloud://env-1.bucket/${cloudPath}`, requestId: 'r' }
    },
    async getTempFileURL({ fileList }: { fileList: Array<{ fileID: string; maxAge: number }> }) {
      if (fileList.length > TEMP_URL_BATCH) throw Object.assign(new Error('too many files'), { code: 'INVALID_PARAM' })
      calls.push(fileList.map((f) => f.fileID))
      const failed = whole?.(calls.length)
      if (failed) return failed
      return { requestId: 'r', fileList: fileList.map((f) => answer(f.fileID)).filter((e): e is Entry => !!e) }
    },
  } as unknown as CloudStorage
  return { storage, calls }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `cloud://env-1.bucket/lecture-media/f${i}.png`)
const ok = (fileID: string): Entry => ({ code: 'SUCCESS', fileID, tempFileURL: `https://tmp.example/${fileID.split('/').pop()}` })

describe('CloudBase temporary URLs', () => {
  test('120 files: three calls of at most 50, every URL back', async () => {
    const { storage, calls } = fakeStorage(ok)
    const urls = await cloudFileStore(() => storage, { report: () => undefined }).urls(ids(120))
    expect(calls.map((c) => c.length)).toEqual([50, 50, 20])
    expect(urls.size).toBe(120)
    expect(urls.get(ids(120)[119] as string)).toBe('https://tmp.example/f119.png')
  })
  test('failed entries reported with their code and left out (not blanked to "")', async () => {
    const reported: UrlFailure[] = []
    const { storage } = fakeStorage((fileID) =>
      fileID.endsWith('f1.png') ? { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '' } : fileID.endsWith('f2.png') ? null : ok(fileID),
    )
    const urls = await cloudFileStore(() => storage, { report: (f) => reported.push(...f) }).urls(ids(3))
    expect([...urls.keys()]).toEqual([ids(3)[0]])
    expect([...urls.values()]).not.toContain('')
    expect(reported).toEqual([
      { fileID: ids(3)[1], code: 'STORAGE_FILE_NONEXIST' },
      { fileID: ids(3)[2], code: 'NOT_ANSWERED' },
    ])
  })
  test('a whole batch answered with an error code: reported, the other batches still served', async () => {
    const reported: UrlFailure[] = []
    const { storage } = fakeStorage(ok, (n) => (n === 2 ? { code: 'SIGN_PARAM_INVALID', message: 'x' } : null))
    const urls = await cloudFileStore(() => storage, { report: (f) => reported.push(...f) }).urls(ids(60))
    expect(urls.size).toBe(50)
    expect(reported).toHaveLength(10)
    expect(reported[0]?.code).toBe('SIGN_PARAM_INVALID')
  })
  test('duplicates asked once; nothing asked for no files', async () => {
    const { storage, calls } = fakeStorage(ok)
    const files = cloudFileStore(() => storage)
    expect((await files.urls([])).size).toBe(0)
    const one = ids(1)[0] as string
    expect((await files.urls([one, one])).size).toBe(1)
    expect(calls).toEqual([[one]])
  })
  test('put uploads under lecture-media/ and returns the fileID', async () => {
    const { storage } = fakeStorage(ok)
    await expect(cloudFileStore(() => storage).put({ id: 'abc', ext: 'png', mimeType: 'image/png', bytes: new Uint8Array([1]) })).resolves.toBe(
      'cloud://env-1.bucket/lecture-media/abc.png',
    )
  })
})
