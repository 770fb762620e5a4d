// The runtime itself holds WeChat's rules: after boot the logic layer cannot generate code
// (`new Function`, `eval`, the async/generator function constructors throw, as in WeChat), and
// the app still starts and renders — so nothing in the build (zod included: contracts/z.ts turns
// on jitless) relies on them.
import { assert, find, launch, shot } from './support.mjs'

export const journeys = {
  async 'weapp runtime: the logic layer forbids new Function and eval, and the app runs without them'({ phone: newPhone }) {
    const secretary = await newPhone('secretary', { openid: 'demo-secretary' })
    await launch(secretary, 'pages/index/index')
    await find(secretary, '#home-greeting', { hasText: '王建国' })
    await find(secretary, '#home-activity-new')
    await shot(secretary, 'runtime-01-secretary-home')

    // The prelude reports what code generation does in the worker once the runtime has booted.
    const [probe] = secretary.state.probes
    assert(probe, 'the logic layer reported its probe')
    for (const [what, result] of Object.entries(probe)) {
      assert(result === 'EvalError', `${what} throws EvalError in the logic layer, got ${result}`)
    }
    assert(secretary.page.workers().length === 1, 'one logic worker')
  },
}
