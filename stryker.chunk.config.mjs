// One chunk of the whole run: `MUTATE=a.ts,b.ts npx stryker run stryker.chunk.config.mjs`. Results merge
// into the same incremental file as every other run, so the whole of server/ can be done a chunk at a time.
//
// TESTS=glob,glob (optional) restricts Jest to those suites, so the dry run does not run every suite:
//   MUTATE=server/domain/lecture/study.usecases.ts TESTS='test/functions/lecture*.test.ts,test/functions/study*.test.ts' \
//     npx stryker run stryker.chunk.config.mjs
// The suites whose tests killed or covered a mutant of these files in an earlier run (read from the
// incremental file) are added to the set: without them Stryker would count those mutants' killing tests as
// removed and re-run them against a set that may no longer kill them. A file's mutants are only measured
// against the suites in the set, so name every suite that exercises the file.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import base from './stryker.config.mjs'

const files = (process.env.MUTATE ?? '').split(',').filter(Boolean)
if (!files.length) throw new Error('MUTATE=<comma-separated files> is required')
const tests = (process.env.TESTS ?? '').split(',').filter(Boolean)

/** Test files that killed or covered a mutant of `mutated` in the incremental file. */
function earlierSuites(mutated) {
  const file = base.incrementalFile
  if (!existsSync(file)) return []
  const report = JSON.parse(readFileSync(file, 'utf8'))
  const fileOfTest = new Map()
  for (const [testFile, { tests: list }] of Object.entries(report.testFiles ?? {})) for (const t of list) fileOfTest.set(t.id, testFile)
  const wanted = new Set(mutated.map((f) => f.replace(/:.*$/, '')))
  const suites = new Set()
  for (const [name, { mutants }] of Object.entries(report.files)) {
    if (!wanted.has(name)) continue
    for (const m of mutants) for (const id of [...(m.killedBy ?? []), ...(m.coveredBy ?? [])]) if (fileOfTest.has(id)) suites.add(fileOfTest.get(id))
  }
  return [...suites].map((f) => path.relative(process.cwd(), path.resolve(f)))
}

const testSet = tests.length ? [...new Set([...tests, ...earlierSuites(files)])] : []
if (testSet.length) {
  // the jest config reads it (jest.stryker.config.js); Stryker's jest runner loads that config in this process's children
  process.env.STRYKER_TESTS = testSet.join(',')
  console.log(`Jest limited to ${testSet.length} pattern(s): ${testSet.join(' ')}`)
}

export default {
  ...base,
  mutate: files,
  reporters: ['clear-text', 'json', 'progress-append-only'],
}
