// The files the mutation goal is measured on: server/domain, server/platform and server/gateway, as
// stryker.config.mjs mutates them, less the files with nothing to mutate.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

export const GOAL = 85
export const GOAL_FOLDERS = ['server/domain', 'server/platform', 'server/gateway']
// as in stryker.config.mjs: what a test cannot reach here
const EXCLUDED = new Set(['server/platform/runtime.cloudbase.ts', 'server/gateway/main.ts'])

/**
 * A file of imports, re-exports, interfaces and type aliases only has nothing to mutate, and Stryker
 * leaves a file without mutants out of its report: such a file is never "not yet measured".
 */
function typesOnly(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  return source.statements.every((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s))
}

export function goalFiles() {
  return GOAL_FOLDERS.flatMap((dir) =>
    readdirSync(dir, { recursive: true })
      .map((f) => path.join(dir, String(f)))
      .filter((f) => f.endsWith('.ts') && !EXCLUDED.has(f) && !typesOnly(f)),
  )
}
