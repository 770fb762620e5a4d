// The test host: one Dimina container filling the window, no app list, no address-bar sync.
// Tests drive it through window.__weapp (open an app page with a scene, read launch errors).
import { createContainer } from '@dimina/fe-container-sdk'
import '@dimina/fe-container-sdk/style.css'

const state = { launchErrors: [], ready: false }
window.__weapp = state

const container = createContainer({
  mount: document.getElementById('root'),
  resourceBaseUrl: '/',
  urlSync: false,
  storageSync: false,
  onAppLaunchError: (error, info) => {
    state.launchErrors.push(`${info?.appId}: ${error?.stack ?? error}`)
  },
})

state.open = (appId, path, scene) => container.openApp({ appId, path, scene, destroy: true })
state.ready = true
