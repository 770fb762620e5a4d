/** Names the field in a contract's message ("至少 2 个字" → "事项至少 2 个字"), for the toast that shows it without its field. */
import type { ErrorIssue } from '../../../../contracts/result'

export function labelled(labels: Record<string, string>, replace: Record<string, string> = {}): (issues: ErrorIssue[]) => ErrorIssue[] {
  return (issues) =>
    issues.map((i) => {
      const field = i.path.split('.')[0] ?? ''
      return { ...i, message: replace[field] ?? `${labels[field] ?? ''}${i.message}` }
    })
}
