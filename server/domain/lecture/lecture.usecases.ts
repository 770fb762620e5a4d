/**
 * 微党课 use cases, one file per job: lectures and columns (lectures.usecases.ts), media upload
 * (lecture-upload.usecases.ts), study credit (study.usecases.ts), pushes, reports and ratings
 * (reports.usecases.ts); what they share lives in lecture.shared.ts. Re-exported here so the
 * `lecture` function's handler keeps one import.
 */
export { listColumns, saveColumn, listLectures, createLecture, updateLecture, setLectureStatus, getLecture } from './lectures.usecases'
export { uploadMedia } from './lecture-upload.usecases'
export { reportProgress, submitQuiz } from './study.usecases'
export { createPush, getStudyReport, getMemberStudy, rateLecture, lecturerRatings } from './reports.usecases'
export { myPendingLectures } from './pending.usecases'
export { LECTURE_PAGE } from './lecture.shared'
export { LECTURE_KIND_LABEL } from '../../../contracts/lecture.contract'
