// The security-critical subset, small enough for a session on 2 cores (`npm run test:mutation:focus`):
// sign-in tokens, exactly-once request keys, the survey's figures (extend the list as time allows: each file's
// results are kept in the same incremental file as the whole run, so they carry over).
import base from './stryker.config.mjs'

export default {
  ...base,
  mutate: ['server/domain/activity/sign-in-token.ts', 'server/domain/shared/once.ts', 'server/domain/survey/survey-stats.ts'],
  jest: { ...base.jest, configFile: 'jest.stryker.focus.config.js' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
}
