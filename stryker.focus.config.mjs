// The security-critical subset, small enough for a session on 2 cores (`npm run test:mutation:focus`):
// sign-in tokens, exactly-once request keys, the survey's interval, ids and keys. Same incremental
// file as the whole run, so its results carry over.
import base from './stryker.config.mjs'

export default {
  ...base,
  mutate: ['server/domain/activity/sign-in-token.ts', 'server/domain/shared/once.ts', 'server/domain/survey/survey-stats.ts', 'server/platform/ids.ts'],
  jest: { ...base.jest, configFile: 'jest.stryker.focus.config.js' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
}
