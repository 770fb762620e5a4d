// One chunk of the whole run: `MUTATE=a.ts,b.ts npx stryker run stryker.chunk.config.mjs`. Results merge
// into the same incremental file as every other run, so the whole of server/ can be done a chunk at a time.
import base from './stryker.config.mjs'

const files = (process.env.MUTATE ?? '').split(',').filter(Boolean)
if (!files.length) throw new Error('MUTATE=<comma-separated files> is required')

export default {
  ...base,
  mutate: files,
  reporters: ['clear-text', 'json', 'progress-append-only'],
}
