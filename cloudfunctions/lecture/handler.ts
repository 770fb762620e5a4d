/** The `lecture` cloud function: 微党课 columns, lectures, uploads, pushes, study credit, reports, feedback. */
import { lectureActions } from '../../contracts/lecture.contract'
import { defineFunction } from '../../server/platform/define-function'
import * as uc from '../../server/domain/lecture/lecture.usecases'
import { exportStudyReport } from '../../server/domain/lecture/lecture.export'

export const lectureFunction = defineFunction('lecture', lectureActions, {
  listColumns: (deps, caller, input) => uc.listColumns(deps, caller, input),
  saveColumn: (deps, caller, input) => uc.saveColumn(deps, caller, input),
  listLectures: (deps, caller, input) => uc.listLectures(deps, caller, input),
  createLecture: (deps, caller, input) => uc.createLecture(deps, caller, input),
  updateLecture: (deps, caller, input) => uc.updateLecture(deps, caller, input),
  setLectureStatus: (deps, caller, input) => uc.setLectureStatus(deps, caller, input),
  uploadMedia: (deps, caller, input) => uc.uploadMedia(deps, caller, input),
  getLecture: (deps, caller, input) => uc.getLecture(deps, caller, input),
  reportProgress: (deps, caller, input) => uc.reportProgress(deps, caller, input),
  submitQuiz: (deps, caller, input) => uc.submitQuiz(deps, caller, input),
  createPush: (deps, caller, input) => uc.createPush(deps, caller, input),
  getStudyReport: (deps, caller, input) => uc.getStudyReport(deps, caller, input),
  getMemberStudy: (deps, caller, input) => uc.getMemberStudy(deps, caller, input),
  exportStudyReport: (deps, caller, input) => exportStudyReport(deps, caller, input),
  rateLecture: (deps, caller, input) => uc.rateLecture(deps, caller, input),
  lecturerRatings: (deps, caller) => uc.lecturerRatings(deps, caller),
  myPendingLectures: (deps, caller, input) => uc.myPendingLectures(deps, caller, input),
})
