/** CloudBase entry of the `survey` function: the shared handler wired to the CloudBase runtime. */
import { platformContentCheck, wxServerSecurity } from '../../server/platform/content-check.cloudbase'
import { cloudMiniCodes, wxServerWxacode } from '../../server/platform/mini-codes.cloudbase'
import { cloudbaseRuntime } from '../../server/platform/runtime.cloudbase'
import { surveyFunction } from './handler'

/** Built once per module: a warm instance reuses it (the SDK itself starts on first store use). */
export const main = surveyFunction(cloudbaseRuntime({ contentCheck: platformContentCheck(wxServerSecurity), miniCodes: (sdk) => cloudMiniCodes(wxServerWxacode, sdk) }))
