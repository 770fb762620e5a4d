/**
 * Choosing a picture, an audio clip or a video for upload, with its length read from the media's
 * own metadata when the platform can. In a browser the page hands over the File from a hidden
 * `<input type="file">` and it goes to `uploadMedia` as base64 (through the gateway); in the
 * mini-program the file comes from a chat (`Taro.chooseMessageFile`, the usual way office files reach
 * a phone in WeChat), goes to cloud storage's temporary folder with `Taro.cloud.uploadFile` and
 * `uploadMedia` gets its fileID (a cloud function call carries ~100 KB at most, not 4 MB of base64).
 * The server checks type, size and the bytes' signature again; these checks only save a wasted upload.
 */
import Taro from '@tarojs/taro'
import { ensureCloud } from '../../../api/cloud'

export type MediaFamily = 'image' | 'audio' | 'video'

export interface PickedFile {
  name: string
  mimeType: string
  /** H5: the content, sent inline */
  base64?: string
  /** weapp: the chosen file's local path, uploaded to cloud storage by `uploadSource` */
  filePath?: string
  bytes: number
  /** 媒体时长（秒），读不到时为 null */
  durationSec: number | null
}

export type PickResult = { ok: true; file: PickedFile } | { ok: false; message: string } | { ok: false; cancelled: true }

const MB = 1024 * 1024
const EXT_MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  wav: 'audio/wav',
  mp4: 'video/mp4',
}
export const FAMILY_RULES: Record<MediaFamily, { exts: string[]; max: number; label: string }> = {
  image: { exts: ['jpg', 'jpeg', 'png'], max: 2 * MB, label: 'JPG / PNG 图片，不超过 2 MB' },
  audio: { exts: ['mp3', 'm4a', 'aac', 'wav'], max: 4 * MB, label: 'MP3 / M4A / AAC / WAV 音频，不超过 4 MB' },
  video: { exts: ['mp4'], max: 4 * MB, label: 'MP4 视频，不超过 4 MB' },
}

/** The `accept` of the browser's file input for a family. */
export const acceptOf = (family: MediaFamily) => FAMILY_RULES[family].exts.map((e) => `.${e}`).join(',')

const extOf = (name: string) => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''

/** A plain-Chinese reason the file cannot be used, or null. */
function refuse(family: MediaFamily, name: string, bytes: number): string | null {
  const rule = FAMILY_RULES[family]
  if (!rule.exts.includes(extOf(name))) return `请选择${rule.label}`
  if (bytes > rule.max) return `文件过大：${(bytes / MB).toFixed(1)} MB，请选择${rule.label}`
  if (!bytes) return '文件是空的，请重新选择'
  return null
}

const round = (sec: number) => (Number.isFinite(sec) && sec > 0 ? Math.round(sec) : null)

// ---------- browser ----------

function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const s = String(reader.result ?? '')
      resolve(s.slice(s.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}

function browserDuration(file: Blob, family: MediaFamily): Promise<number | null> {
  if (family === 'image') return Promise.resolve(null)
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file)
    const el = document.createElement(family === 'video' ? 'video' : 'audio')
    const done = (v: number | null) => {
      clearTimeout(timer)
      URL.revokeObjectURL(url)
      resolve(v)
    }
    const timer = setTimeout(() => done(null), 5000)
    el.preload = 'metadata'
    el.onloadedmetadata = () => done(round(el.duration))
    el.onerror = () => done(null)
    el.src = url
  })
}

/** Reads a File picked in the browser. */
export async function readBrowserFile(file: File, family: MediaFamily): Promise<PickResult> {
  const why = refuse(family, file.name, file.size)
  if (why) return { ok: false, message: why }
  try {
    const [base64, durationSec] = await Promise.all([readAsBase64(file), browserDuration(file, family)])
    return { ok: true, file: { name: file.name, mimeType: EXT_MIME[extOf(file.name)] ?? file.type, base64, bytes: file.size, durationSec } }
  } catch {
    return { ok: false, message: '读取文件失败，请重新选择' }
  }
}

// ---------- mini-program ----------

/** Where the server picks a weapp upload up (server/platform/files.cloudbase.ts UPLOAD_TMP_PREFIX). */
const UPLOAD_TMP_PREFIX = 'lecture-upload-tmp/'

/**
 * What `uploadMedia` is sent besides name and type: the base64 (H5), or the fileID of the file put
 * in cloud storage's temporary folder (weapp); null when that upload failed.
 */
export async function uploadSource(file: PickedFile): Promise<{ base64: string } | { fileID: string } | null> {
  if (!file.filePath) return { base64: file.base64 ?? '' }
  try {
    ensureCloud()
    const rand = Math.random().toString(36).slice(2, 10)
    const res = await Taro.cloud.uploadFile({ cloudPath: `${UPLOAD_TMP_PREFIX}${Date.now()}-${rand}.${extOf(file.name)}`, filePath: file.filePath })
    return res.fileID ? { fileID: res.fileID } : null
  } catch {
    return null
  }
}

async function weappDuration(path: string, family: MediaFamily): Promise<number | null> {
  if (family === 'video') {
    try {
      return round((await Taro.getVideoInfo({ src: path })).duration)
    } catch {
      return null
    }
  }
  if (family !== 'audio') return null
  // InnerAudioContext knows the length shortly after it can play.
  return new Promise((resolve) => {
    const ctx = Taro.createInnerAudioContext()
    const done = (v: number | null) => {
      clearTimeout(timer)
      ctx.destroy()
      resolve(v)
    }
    const timer = setTimeout(() => done(round(ctx.duration)), 3000)
    ctx.onCanplay(() => setTimeout(() => done(round(ctx.duration)), 300))
    ctx.onError(() => done(null))
    ctx.src = path
  })
}

/** Lets the user choose a file from a WeChat chat. */
export async function pickInWeapp(family: MediaFamily): Promise<PickResult> {
  let chosen: { path: string; size: number; name: string } | undefined
  try {
    const res = await Taro.chooseMessageFile({
      count: 1,
      type: family === 'image' ? 'image' : family === 'video' ? 'video' : 'file',
      ...(family === 'audio' ? { extension: FAMILY_RULES.audio.exts } : {}),
    })
    chosen = res.tempFiles[0]
  } catch {
    return { ok: false, cancelled: true }
  }
  if (!chosen) return { ok: false, cancelled: true }
  // Pictures and videos from a chat may carry no extension in their name: take it from the path.
  const name = extOf(chosen.name) ? chosen.name : `${chosen.name || 'file'}.${extOf(chosen.path)}`
  const why = refuse(family, name, chosen.size)
  if (why) return { ok: false, message: why }
  const durationSec = await weappDuration(chosen.path, family)
  return { ok: true, file: { name, mimeType: EXT_MIME[extOf(name)] ?? '', filePath: chosen.path, bytes: chosen.size, durationSec } }
}
