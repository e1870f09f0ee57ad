// The store's public API: the pipeline and the UI import from here, never from Dexie.
export * from './schema';
export { openDb, createDb, DEFAULT_DB_NAME, SCHEMA_VERSION, type DbOptions, type TriPostDb } from './db';
export { StorageFull, BundleError, NotFound, type BundleProblem } from './errors';
export { storageEstimate, requestPersistence, isQuotaError, type StorageEstimateInfo } from './health';
export { createRun, getRun, listRuns, updateRun, setRunStatus, deleteRun, runErrorOf } from './runs';
export { clearAll } from './clear';
export { dropReasonGroup, dropReasonCounts, type DropReasonCount, type DropReasonCounts } from './drop-reason';
export { reportProgress, completeStage, resumePoint, keptOfStage, type ResumePoint } from './resume';
export {
  appendTrajectories,
  getTrajectory,
  latestTrajectories,
  pageTrajectories,
  countTrajectories,
  type TrajectoryFilter,
  type PageOptions,
  type TrajectoryPage,
} from './trajectories';
export { saveCheckpoint, loadCheckpoint, listCheckpoints, deleteCheckpoint, type NewCheckpoint, type LoadedCheckpoint } from './checkpoints';
export { appendMetrics, getMetricSeries, listMetrics, deleteMetricsAfter } from './metrics';
export { saveTrainingCheckpoint, loadTrainingCheckpoint, finishTrainingStage, type NewTrainingCheckpoint } from './training-checkpoint';
export { saveEvals, listEvals } from './evals';
export { saveEvalProgress, listEvalProgress, finishEvalSplit } from './eval-progress';
export { answersOf, type EvalAnswer, type EvalAnswerTurn, type EvalRecordWithAnswers } from './eval-answers';
export { saveExamples, listExamples } from './examples';
export { getCachedResponse, putCachedResponse, countCachedResponses, clearLlmCache } from './llm-cache';
export { getSetting, setSetting, deleteSetting } from './settings';
export {
  exportTrajectoriesJsonl,
  importTrajectoriesJsonl,
  parseTrajectoriesJsonl,
  trajectoriesToJsonl,
  type JsonlImportResult,
  type JsonlLineError,
} from './jsonl';
export { exportRunBundle } from './bundle-export';
export { importRunBundle, bundleRun, type ImportedBundle } from './bundle-import';
export { BUNDLE_VERSION } from './bundle-format';
