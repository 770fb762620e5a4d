/** In band (one worker, as on 2 cores), the shared PGlite lives in Jest's own process: close it, or its timers keep Jest waiting. */
module.exports = () => require('./jest-environment.cjs').closeShared()
