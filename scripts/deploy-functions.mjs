/**
 * `npm run deploy:functions`: deploys every cloud function of cloudbaserc.json with the CloudBase
 * CLI (`tcb`, logged in), refusing to start without ENV_ID, APP_SECRET (≥ 16 characters) and
 * PUBLIC_ORIGIN (rules and config: scripts/deploy-plan.ts). The secret never sits in the
 * repository or on a command line: the complete configuration goes to a private temporary file
 * (mode 600) that is deleted afterwards. `-- --dry-run` prints the configuration (secret masked).
 * Run through tsx (package.json) so it can import the TypeScript plan.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deployConfig, deployProblems } from './deploy-plan.ts'

const root = resolve(fileURLToPath(import.meta.url), '../..')
const dryRun = process.argv.includes('--dry-run')

const problems = deployProblems(process.env)
if (problems.length) {
  console.error(`deploy:functions: 未部署。\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
const functionRoot = join(root, 'build', 'cloudfunctions')
const rc = JSON.parse(readFileSync(join(root, 'cloudbaserc.json'), 'utf8'))
const missing = rc.functions.filter((f) => !existsSync(join(functionRoot, f.name, 'index.js'))).map((f) => f.name)
if (missing.length) {
  console.error(`deploy:functions: 先运行 npm run build:functions（缺少 ${missing.join(', ')}）`)
  process.exit(1)
}
const config = deployConfig(rc, process.env, functionRoot)

if (dryRun) {
  const masked = JSON.stringify(config, (k, v) => (k === 'APP_SECRET' ? `<${String(v).length} characters>` : v), 2)
  console.log(masked)
  process.exit(0)
}

const dir = mkdtempSync(join(tmpdir(), 'deploy-functions-'))
const file = join(dir, 'cloudbaserc.json')
let failed = false
try {
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 })
  for (const fn of config.functions) {
    console.log(`deploy:functions: ${fn.name} → ${config.envId}`)
    const r = spawnSync('tcb', ['fn', 'deploy', fn.name, '--force', '--config-file', file], { stdio: 'inherit', cwd: root })
    if (r.error || r.status !== 0) {
      failed = true
      console.error(`deploy:functions: ${fn.name} 部署失败${r.error ? `（${r.error.message}；需要 npm i -g @cloudbase/cli 并 tcb login）` : ''}`)
      break
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
