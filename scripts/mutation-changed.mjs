#!/usr/bin/env node
// CI's mutation step: StrykerJS over the files of server/domain, server/platform and server/gateway
// whose source differs from the one the committed report (bench/stryker-incremental.json) was
// measured on, then the score per folder (scripts/mutation-report.mjs). A whole run takes hours on
// two cores; with the report current there is nothing to run and the step takes a second.
// Fails when a goal folder is under 85 %.
//   node scripts/mutation-changed.mjs            run the changed files, then the report
//   node scripts/mutation-changed.mjs --list     only print which files would run
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { GOAL, GOAL_FOLDERS as FOLDERS, goalFiles } from './mutation-scope.mjs'

const REPORT = 'bench/stryker-incremental.json'

const report = JSON.parse(readFileSync(REPORT, 'utf8'))
// changed since measured, or never measured (a new file)
const changed = goalFiles().filter((f) => !Object.hasOwn(report.files, f) || readFileSync(f, 'utf8') !== report.files[f].source)
const removed = Object.keys(report.files).filter((f) => FOLDERS.some((d) => f.startsWith(`${d}/`)) && !existsSync(f))

console.log(`mutation: ${changed.length} file(s) changed since the committed report${changed.length ? `: ${changed.join(', ')}` : ''}`)
if (removed.length) console.log(`mutation: in the report but removed: ${removed.join(', ')}`)
if (process.argv.includes('--list')) process.exit(0)

if (changed.length) {
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.chunk.config.mjs', '--concurrency', '2'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATE: changed.join(',') },
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
const summary = spawnSync('node', ['scripts/mutation-report.mjs'], { encoding: 'utf8' })
process.stdout.write(summary.stdout)
process.stderr.write(summary.stderr)
if (summary.status !== 0) process.exit(summary.status ?? 1)
// each goal folder on its own (`server/gateway      91.2 %  (…)`), not only the three together
const under = FOLDERS.filter((dir) => {
  const m = new RegExp(`^${dir}\\s+([0-9.]+) %`, 'm').exec(summary.stdout)
  return m && Number(m[1]) < GOAL
})
if (under.length || summary.stdout.includes(`goal ≥ ${GOAL} %: miss`)) {
  console.error(`mutation: under ${GOAL} %: ${under.join(', ') || 'the three folders together'}`)
  process.exit(1)
}
