/** Display helpers: roles and dates in plain Chinese. */

/** 角色的中文名；没有党员档案时为「访客」 */
export function roleLabel(role: string | null | undefined): string {
  switch (role) {
    case 'member':
      return '党员'
    case 'secretary':
      return '支部书记'
    case 'admin':
      return '党委管理员'
    default:
      return '访客'
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** `2026-03-01`（本地时间）；无法识别时为「—」 */
export function formatDate(iso: string | null | undefined): string {
  const d = toDate(iso)
  return d ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : '—'
}

/** `2026-03-01 08:00`（本地时间）；无法识别时为「—」 */
export function formatDateTime(iso: string | null | undefined): string {
  const d = toDate(iso)
  return d ? `${formatDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}` : '—'
}
