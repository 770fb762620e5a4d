// One chunk of the whole run: `MUTATE=a.ts,b.ts npx stryker run stryker.chunk.config.mjs`. Results merge
// into the same incremental file as every other run, so the whole of server/ can be done a chunk at a time.
//
// TESTS=glob,glob (optional) restricts Jest to those suites, so the dry run does not run every suite:
//   MUTATE=server/domain/lecture/study.usecases.ts TESTS='test/functions/lecture*.test.ts,test/functions/study*.test.ts' \
//     npx stryker run stryker.chunk.config.mjs
// The suites whose tests killed a mutant of these files (or line ranges, `file:10-40`) in an earlier run,
// read from the incremental file, are added to the set: without them Stryker would count those mutants'
// killing tests as removed and re-run them against a set that may no longer kill them (a survivor's result
// is kept unless a new covering test appears). New and changed mutants are measured against the suites in
// the set only, so name every suite that exercises the file.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import base from './stryker.config.mjs'

const files = (process.env.MUTATE ?? '').split(',').filter(Boolean)
if (!files.length) throw new Error('MUTATE=<comma-separated files> is required')
const tests = (process.env.TESTS ?? '').split(',').filter(Boolean)

/** Test files that killed a mutant of `mutated` in the incremental file. */
function earlierSuites(mutated) {
  const file = base.incrementalFile
  if (!existsSync(file)) return []
  const report = JSON.parse(readFileSync(file, 'utf8'))
  const fileOfTest = new Map()
  for (const [testFile, { tests: list }] of Object.entries(report.testFiles ?? {})) for (const t of list) fileOfTest.set(t.id, testFile)
  // `file` or `file:from-to` (Stryker's line ranges): the mutants of those lines
  const wanted = mutated.map((f) => {
    const [, name, from, to] = /^(.*?)(?::(\d+)(?::\d+)?-(\d+)(?::\d+)?)?$/.exec(f) ?? []
    return { name, from: from ? Number(from) : 0, to: to ? Number(to) : Infinity }
  })
  const suites = new Set()
  for (const [name, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      const line = m.location.start.line
      if (!wanted.some((w) => w.name === name && line >= w.from && line <= w.to)) continue
      for (const id of m.killedBy ?? []) if (fileOfTest.has(id)) suites.add(fileOfTest.get(id))
    }
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
