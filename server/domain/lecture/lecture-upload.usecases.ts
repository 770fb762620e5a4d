/** 微党课 media upload: one use case, `uploadMedia`. */
import type * as L from '../../../contracts/lecture.contract'
import type { Caller, Deps, In } from '../deps'
import { AppError } from '../errors'
import { requireRole } from '../shared/actor'
import { C } from '../shared/collections'
import { sniff, UPLOAD_RULES, type FileDoc } from './lecture.docs'

/**
 * Validates by declared type, by size and by the bytes' own signature; stores nothing on failure.
 * The bytes come inline (`base64`, H5 through the gateway) or as a temporary cloud upload
 * (`fileID`, weapp): that one is read through the FileStore, copied to its place and deleted —
 * deleted too when it is refused.
 */
export async function uploadMedia(deps: Deps, caller: Caller, input: In<L.UploadMediaInput>) {
  const actor = await requireRole(deps, caller, ['secretary', 'admin'])
  const upload = input.fileID
  try {
    const stored = await checkAndStore(deps, actor, input)
    if (upload) await discard(deps, upload)
    return stored
  } catch (err) {
    if (upload) await discard(deps, upload)
    throw err
  }
}

async function discard(deps: Deps, ref: string): Promise<void> {
  try {
    await deps.files.removeUpload?.(ref)
  } catch {
    // A temporary upload left behind is only storage: the lifecycle rule or a later sweep removes it.
  }
}

async function checkAndStore(deps: Deps, actor: { orgId: string; _id: string }, input: In<L.UploadMediaInput>) {
  const mime = input.mimeType.toLowerCase()
  const family = (Object.keys(UPLOAD_RULES) as Array<keyof typeof UPLOAD_RULES>).find((f) => mime in UPLOAD_RULES[f].types)
  if (!family) throw new AppError('LECTURE.UPLOAD_TYPE')
  const bytes = await bytesOf(deps, input, UPLOAD_RULES[family].max)
  if (!bytes.length) throw new AppError('LECTURE.UPLOAD_TYPE')
  if (bytes.length > UPLOAD_RULES[family].max) throw new AppError('LECTURE.UPLOAD_TOO_LARGE')
  const ext = (UPLOAD_RULES[family].types as Record<string, string>)[mime] ?? ''
  const actual = sniff(bytes)
  const container = (e: string | null) => (e === 'm4a' || e === 'mp4' ? 'mp4' : e)
  if (!actual || container(actual) !== container(ext)) throw new AppError('LECTURE.UPLOAD_TYPE')
  const id = `f_${deps.ids.random(12)}`
  const ref = await deps.files.put({ id, ext, mimeType: mime, bytes })
  const doc: FileDoc = { _id: id, orgId: actor.orgId, ref, mimeType: mime, family, bytes: bytes.length, uploadedBy: actor._id, createdAt: deps.clock.now().toISOString() }
  await deps.store.insert(C.lectureFile, doc)
  const urls = await deps.files.urls([ref])
  return { fileId: id, url: urls.get(ref) ?? ref, bytes: bytes.length, mimeType: mime }
}

async function bytesOf(deps: Deps, input: In<L.UploadMediaInput>, max: number): Promise<Uint8Array> {
  if (!input.fileID) return Buffer.from(input.base64 ?? '', 'base64')
  const read = deps.files.readUpload ? await deps.files.readUpload(input.fileID, max) : 'missing'
  if (read === 'missing') throw new AppError('LECTURE.FILE_NOT_FOUND')
  if (read === 'too_large') throw new AppError('LECTURE.UPLOAD_TOO_LARGE')
  return read.bytes
}
