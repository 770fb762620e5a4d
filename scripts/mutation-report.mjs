#!/usr/bin/env node
// Reads Stryker's merged results (the committed incremental file, bench/stryker-incremental.json, which
// every chunk run adds to; reports/mutation/mutation.json only when asked, MUTATION_REPORT=…) and writes the mutation score per
// folder, with every surviving mutant, into bench/REPORT.md under "## Mutation score".
// Mutants listed in bench/mutation-equivalent.json (file, line, mutator, reason; optionally replacement
// and column when a line holds several of one kind) are equivalent:
// no test can tell them apart from the original; they are listed with their reason and left out
// of the score, as Stryker does with its own "Ignored".
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { GOAL, GOAL_FOLDERS, goalFiles } from './mutation-scope.mjs'

const REPORT = process.env.MUTATION_REPORT ?? 'bench/stryker-incremental.json'
const OUT = 'bench/REPORT.md'
const EQUIV = 'bench/mutation-equivalent.json'

if (!existsSync(REPORT)) {
  console.error(`${REPORT} is missing: run \`npx stryker run\` first`)
  process.exit(1)
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'))
const equivalents = existsSync(EQUIV) ? JSON.parse(readFileSync(EQUIV, 'utf8')) : []
const isEquivalent = (file, m) =>
  equivalents.find(
    (e) =>
      e.file === file &&
      e.line === m.location.start.line &&
      e.mutator === m.mutatorName &&
      (e.replacement === undefined || e.replacement === m.replacement) &&
      // several mutants of one kind on a line (three `{}` object literals): the column tells them apart
      (e.column === undefined || e.column === m.location.start.column),
  )

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
const folders = new Map()
const survivors = []
const listedEquivalent = []
const bump = (key, field) => {
  const f = folders.get(key) ?? { detected: 0, undetected: 0, equivalent: 0, other: 0 }
  f[field]++
  folders.set(key, f)
}
for (const [file, { mutants }] of Object.entries(report.files)) {
  const folder = file.split('/').slice(0, 2).join('/')
  for (const m of mutants) {
    const eq = UNDETECTED.has(m.status) ? isEquivalent(file, m) : undefined
    const field = eq ? 'equivalent' : DETECTED.has(m.status) ? 'detected' : UNDETECTED.has(m.status) ? 'undetected' : 'other'
    bump(folder, field)
    bump('all', field)
    if (GOAL_FOLDERS.includes(folder)) bump('goal', field)
    if (eq) listedEquivalent.push({ file, m, reason: eq.reason })
    else if (field === 'undetected') survivors.push({ file, m })
  }
}
// The files of the goal folders and how many this report covers.
const inScope = goalFiles()
const mutatedInScope = inScope.filter((f) => Object.hasOwn(report.files, f))
const partial = mutatedInScope.length < inScope.length
const score = (f) => (f.detected + f.undetected ? (100 * f.detected) / (f.detected + f.undetected) : 100)
const rows = [...folders.entries()].filter(([k]) => k !== 'all' && k !== 'goal').sort(([a], [b]) => a.localeCompare(b))
const goal = folders.get('goal') ?? { detected: 0, undetected: 0, equivalent: 0, other: 0 }
const lines = [
  '## Mutation score',
  '',
  `StrykerJS (incremental; ${new Date().toISOString().slice(0, 10)}). Score = killed (incl. timeouts) ÷ (killed + survived + no coverage); equivalent mutants listed in \`${EQUIV}\` are left out.`,
  '',
  partial
    ? `**Partial: ${mutatedInScope.length} of the ${inScope.length} files of the goal folders have been mutated** (not yet: ${inScope.filter((f) => !mutatedInScope.includes(f)).map((f) => `\`${f}\``).join(', ')}); the score below is theirs, not the folders'. A whole run (\`npm run test:mutation\`) takes hours on 2 cores.`
    : `All ${inScope.length} files of the goal folders mutated.`,
  '',
  '| folder | killed | survived | equivalent | score | goal |',
  '|---|---|---|---|---|---|',
  ...rows.map(([k, f]) => `| ${k} | ${f.detected} | ${f.undetected} | ${f.equivalent} | ${score(f).toFixed(1)} % | ${GOAL_FOLDERS.includes(k) ? `≥ ${GOAL} %` : '—'} |`),
  `| **domain + platform + gateway${partial ? ` (${mutatedInScope.length} of ${inScope.length} files)` : ''}** | ${goal.detected} | ${goal.undetected} | ${goal.equivalent} | **${score(goal).toFixed(1)} %** | ≥ ${GOAL} % ${partial ? 'not yet measured' : score(goal) >= GOAL ? 'pass' : 'miss'} |`,
  '',
  `### Surviving mutants (${survivors.length})`,
  '',
  ...survivors
    .sort((a, b) => a.file.localeCompare(b.file) || a.m.location.start.line - b.m.location.start.line)
    .map(({ file, m }) => `- \`${file}:${m.location.start.line}\` ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}: \`${String(m.replacement ?? '').replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 80)}\``),
  '',
  `### Equivalent mutants (${listedEquivalent.length})`,
  '',
  ...listedEquivalent.map(({ file, m, reason }) => `- \`${file}:${m.location.start.line}\` ${m.mutatorName}: ${reason}`),
  '',
]
const section = lines.join('\n')
const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '# Bench report\n\n'
const start = current.indexOf('## Mutation score')
let next
if (start === -1) next = `${current.trimEnd()}\n\n${section}`
else {
  const after = current.indexOf('\n## ', start + 3)
  next = current.slice(0, start) + section + (after === -1 ? '' : current.slice(after + 1))
}
writeFileSync(OUT, `${next.trimEnd()}\n`)
for (const [k, f] of rows) console.log(`${k.padEnd(18)} ${score(f).toFixed(1).padStart(5)} %  (${f.detected} killed, ${f.undetected} survived, ${f.equivalent} equivalent)`)
console.log(`domain + platform + gateway: ${score(goal).toFixed(1)} % over ${mutatedInScope.length} of ${inScope.length} files (goal ≥ ${GOAL} %: ${partial ? 'not yet measured' : score(goal) >= GOAL ? 'pass' : 'miss'}); ${survivors.length} survivors listed in ${OUT}`)
