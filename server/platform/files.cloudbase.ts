/**
 * Cloud storage as the FileStore (CloudBase): uploads under lecture-media/, references are fileIDs,
 * and pages get temporary URLs (the bucket stays private).
 *
 * Thin over the node-sdk calls it uses (signatures from @cloudbase/node-sdk types/index.d.ts,
 * behaviour from src/storage/index.ts): `getTempFileURL` sends one `storage.batchGetDownloadUrl`
 * and takes at most 50 files per call, answers per file `{ code: 'SUCCESS' | …, fileID,
 * tempFileURL }`, and a failed call comes back as `{ code, message }` (no `fileList`) rather than
 * a throw. The SDK object is passed in, so tests use a stand-in and nothing reaches the network.
 */
import type { CloudBase } from '@cloudbase/node-sdk'
import type { FileStore } from '../domain/deps'

/** The storage calls the adapter makes. */
export type CloudStorage = Pick<CloudBase, 'uploadFile' | 'getTempFileURL' | 'getFileInfo' | 'downloadFile' | 'deleteFile'>

/** CloudBase's documented limit of file ids per getTempFileURL call. */
export const TEMP_URL_BATCH = 50
/** Temporary URLs live two hours: a page open longer reloads them. */
export const TEMP_URL_MAX_AGE_SEC = 2 * 3600
export const MEDIA_PREFIX = 'lecture-media/'
/** Where the mini-program puts a file with `wx.cloud.uploadFile` before `uploadMedia({ fileID })`. */
export const UPLOAD_TMP_PREFIX = 'lecture-upload-tmp/'

/** A temporary upload's fileID: `cloud://<env>.<bucket>/lecture-upload-tmp/<name>`, nothing else. */
export function isTemporaryUpload(ref: string): boolean {
  return /^cloud:\/\/[A-Za-z0-9._-]+\/lecture-upload-tmp\/[A-Za-z0-9._-]+$/.test(ref)
}

/** A file whose temporary URL could not be made, and why (CloudBase's code). */
export interface UrlFailure {
  fileID: string
  code: string
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface CloudFileStoreOptions {
  /** Where failures go (default: the function's log). The page then gets no URL for that file. */
  report?: (failures: UrlFailure[]) => void
}

const logFailures = (failures: UrlFailure[]) => {
  console.error('[files] CloudBase storage failed for:', JSON.stringify(failures))
}

export function cloudFileStore(storage: () => CloudStorage, options: CloudFileStoreOptions = {}): FileStore {
  const report = options.report ?? logFailures
  return {
    async put({ id, ext, bytes }) {
      if (!/^[A-Za-z0-9_-]+$/.test(id) || !/^[a-z0-9]{2,4}$/.test(ext)) throw new Error('unsafe file name')
      const res = await storage().uploadFile({ cloudPath: `${MEDIA_PREFIX}${id}.${ext}`, fileContent: Buffer.from(bytes) })
      if (!res.fileID) throw new Error(`uploadFile: no fileID (${(res as { code?: string }).code ?? 'unknown'})`)
      return res.fileID
    },
    /**
     * Temporary URLs in batches of 50; a file CloudBase could not sign (or a whole batch that
     * failed) is reported with its code and left out of the map — never given an empty URL.
     */
    async urls(refs) {
      const unique = [...new Set(refs)]
      const out = new Map<string, string>()
      const failures: UrlFailure[] = []
      for (const batch of chunks(unique, TEMP_URL_BATCH)) {
        let list: Array<{ code?: string; fileID?: string; tempFileURL?: string }> | undefined
        let callCode = 'NO_FILE_LIST'
        try {
          const res = await storage().getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge: TEMP_URL_MAX_AGE_SEC })) })
          list = res.fileList
          callCode = (res as { code?: string }).code ?? callCode
        } catch (err) {
          callCode = (err as { code?: string }).code ?? 'CALL_FAILED'
        }
        if (!Array.isArray(list)) {
          failures.push(...batch.map((fileID) => ({ fileID, code: callCode })))
          continue
        }
        const answered = new Set<string>()
        for (const f of list) {
          if (!f.fileID) continue
          answered.add(f.fileID)
          if (f.code === 'SUCCESS' && f.tempFileURL) out.set(f.fileID, f.tempFileURL)
          else failures.push({ fileID: f.fileID, code: f.code || 'NO_URL' })
        }
        for (const fileID of batch) if (!answered.has(fileID)) failures.push({ fileID, code: 'NOT_ANSWERED' })
      }
      if (failures.length) report(failures)
      return out
    },
    /**
     * getFileInfo first (node-sdk: the temporary URL plus a HEAD request for `size`), so a file
     * over the limit is refused without being downloaded; then downloadFile (a Buffer in
     * `fileContent`; it rejects on a non-200 answer) and the length checked again.
     */
    async readUpload(ref, maxBytes) {
      if (!isTemporaryUpload(ref)) return 'missing'
      try {
        const info = (await storage().getFileInfo({ fileList: [ref] })).fileList?.[0]
        if (!info || info.code !== 'SUCCESS') return 'missing'
        if (typeof info.size === 'number' && info.size > maxBytes) return 'too_large'
        const content = (await storage().downloadFile({ fileID: ref })).fileContent
        if (!content || typeof content === 'string') return 'missing'
        if (content.length > maxBytes) return 'too_large'
        return { bytes: new Uint8Array(content.buffer, content.byteOffset, content.length) }
      } catch (err) {
        console.error('[files.readUpload]', ref, err instanceof Error ? err.message : err)
        return 'missing'
      }
    },
    async removeUpload(ref) {
      if (!isTemporaryUpload(ref)) return
      const res = await storage().deleteFile({ fileList: [ref] })
      const failed = (res.fileList ?? []).filter((f) => f.code !== 'SUCCESS')
      if (failed.length) report(failed.map((f) => ({ fileID: f.fileID, code: f.code })))
    },
  }
}
