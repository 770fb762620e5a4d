import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/**
 * Puts `section` (starting with `heading`) into bench/REPORT.md: in place of the section of that heading,
 * or, the first time, before "## Mutation score" (which stays last) or at the end.
 */
export function writeReportSection(heading: string, section: string, file = 'bench/REPORT.md'): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Bench report\n\n'
  const start = current.indexOf(heading)
  let next: string
  if (start === -1) {
    const mutation = current.indexOf('## Mutation score')
    next = mutation === -1 ? `${current.trimEnd()}\n\n${section}` : `${current.slice(0, mutation)}${section}\n${current.slice(mutation)}`
  } else {
    const after = current.indexOf('\n## ', start + 3)
    next = current.slice(0, start) + section + (after === -1 ? '' : current.slice(after + 1))
  }
  writeFileSync(file, `${next.trimEnd()}\n`)
}
