/** The `survey` cloud function: stations and codes, the public form and submissions, the dashboard. */
import { surveyActions } from '../../contracts/survey.contract'
import { defineFunction } from '../../server/platform/define-function'
import * as uc from '../../server/domain/survey/survey.usecases'
import { exportResponses } from '../../server/domain/survey/survey-export'
import { printCards } from '../../server/domain/survey/survey-print'

export const surveyFunction = defineFunction('survey', surveyActions, {
  createStation: (deps, caller, input) => uc.createStation(deps, caller, input),
  addWindows: (deps, caller, input) => uc.addWindows(deps, caller, input),
  listStations: (deps, caller, input) => uc.listStations(deps, caller, input),
  listCodes: (deps, caller, input) => uc.listCodes(deps, caller, input),
  printCards: (deps, caller, input) => printCards(deps, caller, input),
  getForm: (deps, caller, input) => uc.getForm(deps, caller, input),
  submitResponse: (deps, caller, input) => uc.submitResponse(deps, caller, input),
  getStats: (deps, caller, input) => uc.getStats(deps, caller, input),
  listComments: (deps, caller, input) => uc.listComments(deps, caller, input),
  reviewComment: (deps, caller, input) => uc.reviewComment(deps, caller, input),
  getDefinition: (deps, caller, input) => uc.getDefinition(deps, caller, input),
  updateDefinition: (deps, caller, input) => uc.updateDefinition(deps, caller, input),
  exportResponses: (deps, caller, input) => exportResponses(deps, caller, input),
})
