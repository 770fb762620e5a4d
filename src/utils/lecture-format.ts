/**
 * 微党课 display helpers shared by the 学习 tab (main package) and the lecture subpackage:
 * kind labels, durations and the caller's progress in plain Chinese. No zod here, so the main
 * package does not pull the contracts' schemas in.
 */
import type { LectureKind, ProgressView } from '../api/lecture'

/** Same labels as the contract's LECTURE_KIND_LABEL, without importing its schemas. */
export const KIND_LABEL: Record<LectureKind, string> = { article: '图文', audio: '音频', video: '视频' }

export const STATUS_LABEL: Record<'draft' | 'published' | 'archived', string> = {
  draft: '草稿',
  published: '已发布',
  archived: '已归档',
}

/** `0:20`, `12:05`, `1:02:03` for a media position or length. */
export function clock(sec: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(sec) ? sec : 0))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = String(s % 60).padStart(2, '0')
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`
}

/** A lecture's length for a card: `20 秒`, `3 分钟`, `约 1 分钟`（图文为阅读时长）. */
export function durationLabel(kind: LectureKind, sec: number): string {
  const s = Math.max(0, Math.round(sec))
  if (kind === 'article') return s < 60 ? `阅读约 ${s} 秒` : `阅读约 ${Math.round(s / 60)} 分钟`
  if (s < 60) return `${s} 秒`
  const m = Math.floor(s / 60)
  const r = s % 60
  return r ? `${m} 分 ${r} 秒` : `${m} 分钟`
}

export type ProgressTone = 'none' | 'in_progress' | 'completed'

/** 未开始 / 学习中 37% / 已完成 ✓ — the server's progress, as a card's badge. */
export function progressLabel(progress: Pick<ProgressView, 'state' | 'percent'> | null): string {
  if (!progress || progress.state === 'none') return '未开始'
  if (progress.state === 'completed') return '已完成 ✓'
  return `学习中 ${progress.percent}%`
}

/** `已学 12 / 15 秒 · 80%`, or with m:ss once the lecture needs a minute or more. */
export function studiedLabel(progress: Pick<ProgressView, 'effectiveSec' | 'requiredSec' | 'percent'>): string {
  const done = Math.min(Math.floor(progress.effectiveSec), progress.requiredSec)
  const need = progress.requiredSec
  const span = need < 60 ? `${done} / ${need} 秒` : `${clock(done)} / ${clock(need)}`
  return `已学 ${span} · ${progress.percent}%`
}
