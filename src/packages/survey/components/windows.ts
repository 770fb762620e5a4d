/** Window names as the secretary types them: one per line, or numbered in one tap. */

/** Window names typed one per line (commas and 、 also separate them), without repeats. */
export function parseWindows(text: string): string[] {
  return [...new Set(text.split(/[\n,，、;；]+/).map((s) => s.trim()).filter(Boolean))]
}

/** 「1号窗口」…「n号窗口」 (from ≤ to) */
export function numberedWindows(from: number, to: number): string[] {
  const out: string[] = []
  for (let i = from; i <= to; i++) out.push(`${i}号窗口`)
  return out
}

/** The next free number after the highest 「n号窗口」 (1 when there is none). */
export function nextWindowNumber(names: readonly string[]): number {
  let max = 0
  for (const n of names) {
    const m = /^(\d{1,3})号/.exec(n)
    if (m) max = Math.max(max, Number(m[1]))
  }
  return max + 1
}
