// Copied next to Dimina's container vite.config.mjs in the git-ignored cache: the container's own
// build with the test host page (weapp-host.html) in place of its demo app list (whose images are
// not part of the shared copy) and the render layer's pageFrame.html as it is.
import { resolve } from 'node:path'
import base from './vite.config.mjs'

export default (env) => {
  const config = base(env)
  const { pageFrame } = config.build.rollupOptions.input
  config.build.rollupOptions.input = { pageFrame, weappHost: resolve(import.meta.dirname, 'weapp-host.html') }
  // The compiled apps are served from public/ by the test server, not copied into dist/.
  config.publicDir = false
  return config
}
