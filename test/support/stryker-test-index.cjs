/**
 * Under Stryker, which test file holds which test. Stryker's jest runner runs a mutant with a test-name
 * pattern over every suite; a suite with no matching test still loads (and imports the whole server)
 * only to skip everything. The environment records each suite's test names as they run (the dry run
 * runs them all) in the sandbox, and the sequencer (jest-sequencer.cjs) drops the suites none of
 * whose names match. A suite not in the index always runs.
 */
const { createHash } = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const DIR = path.join(process.cwd(), '.stryker-test-index')

function fullNameOfBlock(block) {
  return block.parent ? `${fullNameOfBlock(block.parent)} ${block.name}`.trimStart() : ''
}

/** The id Stryker's jest runner gives a test (describe names and the test's name, space-separated). */
function fullName(test) {
  return `${fullNameOfBlock(test.parent)} ${test.name}`.trimStart()
}

function recordTestNames(testPath, names) {
  fs.mkdirSync(DIR, { recursive: true })
  const file = path.join(DIR, `${createHash('sha1').update(testPath).digest('hex')}.json`)
  let known = []
  try {
    known = JSON.parse(fs.readFileSync(file, 'utf8')).names
  } catch {
    // first record of this suite
  }
  const all = [...new Set([...known, ...names])]
  if (all.length !== known.length) fs.writeFileSync(file, JSON.stringify({ testPath, names: all }))
}

/** testPath → names, or null when nothing was recorded (then every suite runs). */
function readIndex() {
  let files
  try {
    files = fs.readdirSync(DIR)
  } catch {
    return null
  }
  const index = new Map()
  for (const f of files) {
    const { testPath, names } = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'))
    index.set(testPath, names)
  }
  return index
}

/**
 * Bail within a mutant run. Stryker's jest runner forces Jest's `bail` off, so a mutant that fails
 * its first test still runs every other covering test. One failure is all a mutant run needs (it is
 * killed; Stryker's default `disableBail: false` asks no more), so after it the remaining tests of
 * the run are skipped. Reset by the sequencer at the start of every Jest run.
 */
const run = { failed: false }
const activeMutant = () => process.env.__STRYKER_ACTIVE_MUTANT__

function startRun() {
  run.failed = false
}

function noteTestDone(test) {
  if (activeMutant() !== undefined && test.errors.length > 0) run.failed = true
}

function shouldSkip() {
  return activeMutant() !== undefined && run.failed
}

module.exports = { fullName, recordTestNames, readIndex, startRun, noteTestDone, shouldSkip }
