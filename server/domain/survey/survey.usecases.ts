/**
 * The survey's use cases, by job: stations and their codes (stations.usecases.ts), the commuter's
 * form and answer (answers.usecases.ts), the secretary's dashboard and comments
 * (results.usecases.ts). The survey function and the exports import them from here.
 */
export { SURVEY_PAGE, SURVEY_MINI_PAGE, createStation, addWindows, listStations, codePath, listCodes, miniCodeRequest } from './stations.usecases'
export { defaultDefinition, getDefinition, updateDefinition, getForm, submitResponse } from './answers.usecases'
export { getStats, listComments, reviewComment } from './results.usecases'
