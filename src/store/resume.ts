// Resume state: each stage's progress and completion is written as it happens, so a reloaded tab
// continues a run after its last completed stage.
import type { TriPostDb } from './db';
import { NotFound } from './errors';
import { updateRun } from './runs';
import type { RunRecord, RunStage, StageProgress } from './schema';
import { countTrajectories } from './trajectories';

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

/**
 * How much of a stage in progress the store keeps, in the stage's units: what a resumed stage goes on from (a training
 * stage's checkpoint step, an edit's stored trajectories, an evaluation's finished problems), which may be less than
 * the progress last reported (steps after the last checkpoint are made again).
 */
export async function keptOfStage(db: TriPostDb, runId: number, at: { iteration: number; stage: RunStage }): Promise<number> {
  switch (at.stage) {
    case 'finetune':
    case 'train': {
      const marks = await db.checkpoints.where('runId').equals(runId).filter((c) => c.iteration === at.iteration && c.training?.stage === at.stage).toArray();
      return marks[0]?.training?.step ?? 0;
    }
    case 'edit':
      return countTrajectories(db, { runId, iteration: at.iteration });
    case 'postprocess':
      return 0;
    case 'evaluate': {
      // A finished split's record replaces its progress rows (finishEvalSplit), so none is counted twice.
      const splits = await db.evals.where('[runId+iteration]').equals([runId, at.iteration]).toArray();
      const finished = await db.evalProgress.where('runId').equals(runId).filter((r) => r.iteration === at.iteration && r.context === null).count();
      return splits.reduce((n, e) => n + e.n, 0) + finished;
    }
  }
}
