/** CloudBase entry of the `lecture` function: the shared handler wired to the CloudBase runtime. */
import { platformContentCheck, wxServerSecurity } from '../../server/platform/content-check.cloudbase'
import { cloudbaseRuntime } from '../../server/platform/runtime.cloudbase'
import { lectureFunction } from './handler'

/** Built once per module: a warm instance reuses it (the SDK itself starts on first store use). */
export const main = lectureFunction(cloudbaseRuntime({ contentCheck: platformContentCheck(wxServerSecurity) }))
