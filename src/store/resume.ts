// Resume state: each stage's progress and completion is written as it happens, so a reloaded tab
// continues a run after its last completed stage.
import type { TriPostDb } from './db';
import { NotFound } from './errors';
import { updateRun } from './runs';
import type { RunRecord, RunStage, StageProgress } from './schema';

/** Where a run stands: what a reloaded tab needs to continue it. */
export type ResumePoint = Pick<RunRecord, 'status' | 'lastCompleted' | 'current'>;

/** Records how far the current stage got; marks the run `running`. */
export async function reportProgress(
  db: TriPostDb,
  runId: number,
  progress: { iteration: number; stage: RunStage; done: number; total: number },
): Promise<void> {
  const current: StageProgress = { ...progress, updatedAt: Date.now() };
  await updateRun(db, runId, { status: 'running', current });
}

/** Marks a stage of an iteration complete: it becomes `lastCompleted` and nothing is in progress. */
export async function completeStage(db: TriPostDb, runId: number, iteration: number, stage: RunStage): Promise<void> {
  await updateRun(db, runId, { lastCompleted: { iteration, stage }, current: null });
}

/** The run's status, last completed stage and the stage in progress. */
export async function resumePoint(db: TriPostDb, runId: number): Promise<ResumePoint> {
  const run = await db.runs.get(runId);
  if (!run) throw new NotFound(`No run with id ${runId}`);
  return { status: run.status, lastCompleted: run.lastCompleted, current: run.current };
}
