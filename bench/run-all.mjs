/**
 * `npm run bench`: runs every bench, one after another (the machine is shared: never two at once),
 * and writes their figures into bench/REPORT.md, each against its goal with pass / miss, under a
 * summary table at the top. The benches that write their own section (survey page speed, sign-in
 * burst) keep doing so; the others' output is turned into a section here. Every other section, in
 * particular "## Mutation score" (scripts/mutation-report.mjs), is kept as it is.
 *
 *   npm run bench                              all of them (the survey and sign-in benches take minutes)
 *   npm run bench -- --only=statements,sizes   some: sizes, survey, survey-page, signin, statements, head-of-line, p5, scale, points-ranking
 *   npm run bench -- --skip=survey-page
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../..')
const REPORT = join(root, 'bench', 'REPORT.md')
const KEEP_LAST = '## Mutation score'
const SUMMARY = '## Summary (`npm run bench`)'

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]?.split(',').filter(Boolean)
const only = arg('only')
const skip = arg('skip') ?? []
const today = () => new Date().toISOString().slice(0, 10)

/** Runs a command, echoing and returning its output; never throws (a failed bench is a row that says so). */
function run(cmd, args, env = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      process.stdout.write(d)
    })
    child.stderr.on('data', (d) => {
      out += d
      process.stderr.write(d)
    })
    child.on('close', (code) => done({ code: code ?? 1, out }))
  })
}

// ---- REPORT.md sections -------------------------------------------------------------------------

const readReport = () => (existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '# Bench report\n')

/** The text of section `title` (from its heading to the next `## `), or null. */
export function sectionOf(text, title) {
  const start = text.indexOf(`${title}\n`)
  if (start === -1) return null
  const after = text.indexOf('\n## ', start + title.length)
  return text.slice(start, after === -1 ? text.length : after + 1)
}

/**
 * Puts `body` (a whole section, heading included) in place of section `title`; a new section goes
 * after the summary (`first`) or before "## Mutation score", which stays last and untouched.
 */
export function withSection(text, title, body, first = false) {
  const section = `${body.trimEnd()}\n`
  const old = sectionOf(text, title)
  if (old !== null) {
    const start = text.indexOf(`${title}\n`)
    const rest = text.slice(start + old.length)
    return `${text.slice(0, start)}${section}${rest ? `\n${rest}` : ''}`
  }
  const firstHeading = text.indexOf('\n## ')
  const at = first ? (firstHeading === -1 ? -1 : firstHeading + 1) : text.indexOf(`${KEEP_LAST}\n`)
  if (at === -1) return `${text.trimEnd()}\n\n${section}`
  return `${text.slice(0, at)}${section}\n${text.slice(at)}`
}

function writeSection(title, body, first = false) {
  writeFileSync(REPORT, withSection(readReport(), title, body, first))
}

/** pass / miss per row of a markdown table in a section, by a column named `goal` or holding only pass/miss. */
export function verdicts(section) {
  if (!section) return []
  return [...section.matchAll(/^\|(.*)\|\s*$/gm)]
    .map((m) => m[1].split('|').map((c) => c.trim()))
    .filter((cells) => cells.some((c) => c === 'pass' || c === 'miss'))
    .map((cells) => ({ name: cells[0], verdict: cells.includes('miss') ? 'miss' : 'pass' }))
}

// ---- parsers for the benches that only print ---------------------------------------------------

const percent = (s) => Number(s.replace('%', ''))

/** bench/sizes.mjs: every table row with a budget in use (`NN%`) and each function's load ratio against its target. */
export function sizesRows(out) {
  const rows = []
  let heading = ''
  for (const line of out.split('\n')) {
    if (line.startsWith('## ')) heading = line.slice(3).trim()
    const cells = line.trim().split(/\s{2,}/)
    const used = cells.findIndex((c) => /^\d+%$/.test(c))
    if (used === -1) continue
    const row = { heading, name: cells[0], figure: cells[1], goal: `≤ ${cells[used - 1]}`, verdict: percent(cells[used]) <= 100 ? 'pass' : 'miss' }
    rows.push(row)
    // Functions: bundle, gzip, budget, used, load, SDK alone, ratio, target.
    if (cells.length >= used + 5) {
      const ratio = Number(cells[used + 3])
      const target = Number(cells[used + 4])
      if (Number.isFinite(ratio) && Number.isFinite(target)) {
        rows.push({ heading, name: `${cells[0]} cold load ÷ SDK alone`, figure: `${cells[used + 1]} (${ratio.toFixed(2)}×)`, goal: `≤ ${target.toFixed(2)}×`, verdict: ratio <= target ? 'pass' : 'miss' })
      }
    }
  }
  const quality = out.match(/quality scan: (\d+)\/(\d+) items pass/)
  // Items outside the accepted list fail `npm run test:weapp-static`; here the count is a figure only.
  if (quality) rows.push({ heading: 'miniprogram-ci', name: 'code quality scan items passing', figure: `${quality[1]}/${quality[2]}`, goal: '–', verdict: '–' })
  return rows
}

/** bench/survey-stats.ts: the dashboard's time ratio at 1,000,000 : 1,000 responses and store writes per counted answer. */
export function surveyRows(out) {
  const rows = []
  const ratio = out.match(/ratio 1,000,000 : 1,000 = ([\d.]+) \(goal ≤ ([\d.]+)\)/)
  if (ratio) rows.push({ name: 'dashboard time, 1,000,000 ÷ 1,000 responses', figure: `${ratio[1]}×`, goal: `≤ ${ratio[2]}×`, verdict: Number(ratio[1]) <= Number(ratio[2]) ? 'pass' : 'miss' })
  const writes = out.match(/store writes per counted submission: ([\d.]+) \(goal ≤ ([\d.]+)\)/)
  if (writes) rows.push({ name: 'store writes per counted answer', figure: writes[1], goal: `≤ ${writes[2]}`, verdict: Number(writes[1]) <= Number(writes[2]) ? 'pass' : 'miss' })
  const rate = out.match(/= (\d+) submissions\/s/)
  if (rate) rows.push({ name: 'submissions/s through the gateway (16 concurrent)', figure: rate[1], goal: '–', verdict: '–' })
  return rows
}

/** bench/signin-statements.ts --json: SQL statements per sign-in call. */
export const STATEMENT_GOALS = { firstOfYear: 9, steady: 9, repeat: 6, liveCode: 4, inBurst: 2 }
export function statementRows(json) {
  const r = JSON.parse(json.trim().split('\n').at(-1) ?? '{}')
  const label = {
    firstOfYear: "first sign-in of the member's year (was 11: rules and balance read apart, four writes apart)",
    steady: 'sign-in, counters already there (was 11)',
    repeat: 'repeated scan, already signed in (was 6)',
    liveCode: "secretary's code with the live count, from the counter (was 4)",
    inBurst: 'per scan when 18 members scan at once (group commit; 11 before it)',
  }
  return Object.entries(STATEMENT_GOALS).map(([k, goal]) => ({ name: label[k], figure: String(r[k]), goal: `≤ ${goal}`, verdict: Number(r[k]) <= goal ? 'pass' : 'miss' }))
}

const table = (rows, withHeading = false) =>
  [
    `| ${withHeading ? 'part | ' : ''}figure | value | goal |  |`,
    `|---|---|---|---|${withHeading ? '---|' : ''}`,
    ...rows.map((r) => `| ${withHeading ? `${r.heading} | ` : ''}${r.name} | ${r.figure} | ${r.goal} | ${r.verdict} |`),
  ].join('\n')

// ---- the benches --------------------------------------------------------------------------------

const BENCHES = [
  {
    key: 'statements',
    title: '## Sign-in statements',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/signin-statements.ts', '--json'])
      if (code !== 0) return { failed: out }
      const rows = statementRows(out)
      writeSection(this.title, [this.title, '', `\`npx tsx bench/signin-statements.ts\` (${today()}): SQL statements one call sends to the embedded store, BEGIN and COMMIT included, tables created before counting.`, '', table(rows)].join('\n'))
      return { rows }
    },
  },
  {
    key: 'sizes',
    title: '## Sizes',
    async run() {
      const { code, out } = await run('node', ['bench/sizes.mjs'])
      if (code !== 0) return { failed: out }
      const rows = sizesRows(out)
      writeSection(this.title, [this.title, '', `\`npm run bench:sizes\` (${today()}): the builds as they are in \`dist/\` and \`build/\` (build them first); budgets are WeChat's limits and ours.`, '', table(rows, true)].join('\n'))
      return { rows }
    },
  },
  {
    key: 'survey',
    title: '## Survey dashboard at size',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/survey-stats.ts'])
      if (code !== 0) return { failed: out }
      const rows = surveyRows(out)
      writeSection(this.title, [this.title, '', `\`npm run bench:survey\` (${today()}): 1,000 then 1,000,000 responses in a temporary store; the station dashboard timed at both sizes; submissions through the HTTP gateway.`, '', table(rows)].join('\n'))
      return { rows }
    },
  },
  {
    key: 'survey-page',
    title: '## Survey page speed',
    async run() {
      const { code, out } = await run('node', ['bench/survey-page.mjs'])
      return code !== 0 ? { failed: out } : { rows: verdicts(sectionOf(readReport(), this.title)).map((v) => ({ ...v, figure: 'see below', goal: 'see below' })) }
    },
  },
  {
    key: 'signin',
    title: '## Sign-in burst (P1)',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/signin-burst.ts'])
      return code !== 0 ? { failed: out } : { rows: verdicts(sectionOf(readReport(), this.title)).map((v) => ({ ...v, figure: 'see below', goal: 'see below' })) }
    },
  },
  {
    key: 'head-of-line',
    title: '## Head-of-line blocking (item 8)',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/head-of-line.ts'])
      return code !== 0 ? { failed: out } : { rows: verdicts(sectionOf(readReport(), this.title)).map((v) => ({ ...v, figure: 'see below', goal: 'see below' })) }
    },
  },
  {
    key: 'p5',
    title: '## Store operations per action (P5)',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/p5-store-ops.ts'])
      return code !== 0 ? { failed: out } : { rows: verdicts(sectionOf(readReport(), this.title)).map((v) => ({ ...v, figure: 'see below', goal: 'see below' })) }
    },
  },
  {
    key: 'scale',
    title: '## Scale: 5 years over 1 year, and a 2,000-member branch',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/attendance-scale.ts'])
      return code !== 0 ? { failed: out } : { rows: verdicts(sectionOf(readReport(), this.title)).map((v) => ({ ...v, figure: 'see below', goal: 'see below' })) }
    },
  },
  {
    key: 'points-ranking',
    title: '## Points ranking cost',
    async run() {
      const { code, out } = await run('npx', ['tsx', 'bench/points-ranking.ts', '--json'])
      if (code !== 0) return { failed: out }
      const f = JSON.parse(out.trim().split('\n').at(-1) ?? '{}')
      const rows = [
        { name: 'ledger entries read by getRanking', figure: String(f.rankingLedgerReads), goal: '0', verdict: f.rankingLedgerReads === 0 ? 'pass' : 'miss' },
        { name: "other members' entries read by getMyPoints", figure: String(f.mineOthersEntries), goal: '0', verdict: f.mineOthersEntries === 0 ? 'pass' : 'miss' },
        { name: 'getRanking time, 100 ÷ 0 entries per member', figure: `${f.rankingTimeHistory100v0}×`, goal: '≤ 1.5×', verdict: f.rankingTimeHistory100v0 <= 1.5 ? 'pass' : 'miss' },
        { name: 'getMyPoints documents, 2,000 ÷ 20 members', figure: `${f.mineDocs2000v20}×`, goal: '1×', verdict: f.mineDocs2000v20 === 1 ? 'pass' : 'miss' },
        { name: 'getRanking time, 2,000 ÷ 20 members (returns every member)', figure: `${f.rankingTime2000v20}×`, goal: '–', verdict: '–' },
      ]
      writeSection(this.title, [this.title, '', `\`npx tsx bench/points-ranking.ts\` (${today()}): branches of 20, 200 and 2,000 members, a 10-branch organisation, 0 and 100 ledger entries per member; documents read counted per collection.`, '', table(rows)].join('\n'))
      return { rows }
    },
  },
]

/**
 * The summary's rows: this run's, and the previous summary's rows of benches not run this time
 * (`p5` included: a key may hold digits), in the order of BENCHES.
 */
export function summaryRows(previous, ranKeys, fresh) {
  const keyOf = (l) => /^\| ([a-z0-9-]+) \|/.exec(l)?.[1]
  const kept = (previous ?? '').split('\n').filter((l) => {
    const key = keyOf(l)
    return key !== undefined && key !== 'bench' && !ranKeys.includes(key)
  })
  const order = (l) => BENCHES.findIndex((b) => b.key === keyOf(l))
  return [...kept, ...fresh].sort((a, b) => order(a) - order(b))
}

async function main() {
  const chosen = BENCHES.filter((b) => (!only || only.includes(b.key)) && !skip.includes(b.key))
  const summary = []
  for (const b of chosen) {
    console.log(`\n=== bench ${b.key} ===`)
    const started = Date.now()
    const r = await b.run()
    const secs = Math.round((Date.now() - started) / 1000)
    if (r.failed) {
      summary.push(`| ${b.key} | failed: ${r.failed.trim().split('\n').at(-1)?.slice(0, 120).replace(/\|/g, '/')} | – | miss | ${secs} s |`)
      continue
    }
    const judged = r.rows.filter((x) => x.verdict === 'pass' || x.verdict === 'miss')
    const missed = judged.filter((x) => x.verdict === 'miss')
    const heading = b.title.slice(3)
    summary.push(`| ${b.key} | [${heading}](#${heading.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')}) | ${judged.length - missed.length}/${judged.length} goals met${missed.length ? `; missed: ${missed.map((x) => x.name).join(', ')}` : ''} | ${missed.length ? 'miss' : 'pass'} | ${secs} s |`)
  }
  const rows = summaryRows(sectionOf(readReport(), SUMMARY), chosen.map((b) => b.key), summary)
  writeSection(
    SUMMARY,
    [SUMMARY, '', `Last run of each bench; this run ${today()}: ${chosen.map((b) => b.key).join(', ') || 'none'}.`, '', '| bench | section | figures | result | took |', '|---|---|---|---|---|', ...rows].join('\n'),
    true,
  )
  console.log(`\nwritten to bench/REPORT.md (${rows.length} benches in the summary)`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
