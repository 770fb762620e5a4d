/**
 * `npm run repair:points`: recomputes every points balance (per member-year, by category) from the
 * ledger of the gateway's store (DATA_DIR's PGlite, or DATABASE_URL's PostgreSQL), prints each
 * difference and writes the recount. `-- --check` only reports (exit code 1 when anything differs).
 * Run it once after upgrading to the 100-point model (see server/domain/points/balance-repair.ts).
 */
import { repairPointsBalances } from '../server/domain/points/balance-repair'
import { readGatewayConfig } from '../server/config'
import { openStore } from '../server/store/open-store'

async function main(): Promise<number> {
  const check = process.argv.includes('--check')
  const config = readGatewayConfig()
  const opened = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    const report = await repairPointsBalances(opened.store, { fix: !check })
    console.log(`store: ${opened.kind}; scanned ${report.scanned.entries} entries, ${report.scanned.balances} balances`)
    for (const d of report.differences) console.log(`  points_balance ${d.id} ${d.field}: stored ${JSON.stringify(d.stored)}, recount ${JSON.stringify(d.expected)}`)
    const n = report.differences.length
    console.log(n ? `${n} difference(s) ${check ? 'found (not written: --check)' : 'found and repaired'}` : 'no differences')
    return check && n ? 1 : 0
  } finally {
    await opened.close()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err)
    process.exit(2)
  },
)
