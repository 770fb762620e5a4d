/**
 * The article editor's plain-text format and the stored blocks. Paragraphs are separated by blank
 * lines; a line starting with `## ` is a heading; a line `[图片:<fileId> 说明]` is an uploaded
 * picture. Nothing is parsed as HTML.
 */
import type { LectureDetail } from '../../../api/lecture'

export type EditBlock = { type: 'p'; text: string } | { type: 'h'; text: string } | { type: 'img'; fileId: string; caption: string }

const HEADING = /^##\s+(.*)$/
const IMAGE = /^\[图片[:：]\s*([A-Za-z0-9_-]+)\s*(.*?)\]$/

/** The line that stands for an uploaded picture. */
export const imageLine = (fileId: string, caption = '') => `[图片:${fileId}${caption ? ` ${caption}` : ''}]`

export function textToBlocks(text: string): EditBlock[] {
  const blocks: EditBlock[] = []
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/)) {
    let para: string[] = []
    const flush = () => {
      const t = para.join('\n').trim()
      if (t) blocks.push({ type: 'p', text: t })
      para = []
    }
    for (const raw of chunk.split('\n')) {
      const line = raw.trim()
      const h = HEADING.exec(line)
      const img = IMAGE.exec(line)
      if (h) {
        flush()
        const t = (h[1] ?? '').trim()
        if (t) blocks.push({ type: 'h', text: t })
      } else if (img) {
        flush()
        blocks.push({ type: 'img', fileId: img[1] ?? '', caption: (img[2] ?? '').trim() })
      } else {
        para.push(line)
      }
    }
    flush()
  }
  return blocks
}

/**
 * The upload's file id inside a served URL (`/files/f_x.jpg`, or a storage URL ending in
 * `/f_x.jpg?sign=…`): getLecture hands out URLs, not ids, and saving needs the id again.
 */
export function fileIdFromUrl(url: string | null | undefined): string | null {
  if (!url) return null
  const m = /\/(f_[A-Za-z0-9_-]+)\.[A-Za-z0-9]{2,4}(?:[?#]|$)/.exec(url)
  return m?.[1] ?? null
}

/** The stored blocks back as editor text; pictures whose id cannot be recovered are counted. */
export function blocksToText(blocks: LectureDetail['blocks']): { text: string; lostImages: number } {
  let lostImages = 0
  const parts: string[] = []
  for (const b of blocks) {
    if (b.type === 'h') parts.push(`## ${b.text}`)
    else if (b.type === 'p') parts.push(b.text)
    else {
      const id = fileIdFromUrl(b.url)
      if (id) parts.push(imageLine(id, b.text))
      else lostImages++
    }
  }
  return { text: parts.join('\n\n'), lostImages }
}

/** The server's reading time for an article (400 字/分钟, a picture counts 40, at least 15 s). */
export function readingSecOf(blocks: EditBlock[]): number {
  const chars = blocks.reduce((n, b) => n + (b.type === 'img' ? 40 : b.text.length), 0)
  return Math.max(15, Math.ceil((chars * 60) / 400))
}

/** One block of the block editor (a key for React; a picture keeps its preview URL). */
export type DraftBlock =
  | { key: number; type: 'p' | 'h'; text: string }
  | { key: number; type: 'img'; fileId: string; caption: string; url: string | null }

let draftKey = 0
export const newDraft = (type: 'p' | 'h', text = ''): DraftBlock => ({ key: ++draftKey, type, text })
export const imageDraft = (fileId: string, url: string | null, caption = ''): DraftBlock => ({ key: ++draftKey, type: 'img', fileId, caption, url })

/** Stored blocks as editor blocks; pictures whose id cannot be recovered are counted. */
export function draftsOf(blocks: LectureDetail['blocks']): { drafts: DraftBlock[]; lostImages: number } {
  let lostImages = 0
  const drafts: DraftBlock[] = []
  for (const b of blocks) {
    if (b.type === 'img') {
      const id = fileIdFromUrl(b.url)
      if (id) drafts.push(imageDraft(id, b.url, b.text))
      else lostImages++
    } else {
      drafts.push(newDraft(b.type, b.text))
    }
  }
  return { drafts: drafts.length ? drafts : [newDraft('p')], lostImages }
}

/** What the editor's blocks save as: empty ones dropped, a paragraph with blank lines split in several. */
export function blocksOfDrafts(drafts: DraftBlock[]): EditBlock[] {
  const out: EditBlock[] = []
  for (const d of drafts) {
    if (d.type === 'img') out.push({ type: 'img', fileId: d.fileId, caption: d.caption.trim() })
    else if (d.type === 'h') {
      const t = d.text.trim()
      if (t) out.push({ type: 'h', text: t })
    } else {
      for (const para of d.text.replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/)) {
        const t = para.trim()
        if (t) out.push({ type: 'p', text: t })
      }
    }
  }
  return out
}
