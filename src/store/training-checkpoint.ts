// A run's mid-stage training checkpoint: at most one a run, superseded as training goes on and deleted when its stage
// ends, so a stopped, reloaded or killed training stage resumes at its last checkpoint instead of at its first step.
import { deleteCheckpointsIn, loadCheckpoint, saveCheckpoint, type LoadedCheckpoint, type NewCheckpoint } from './checkpoints';
import type { TriPostDb } from './db';
import { guardWrite } from './health';
import { appendMetrics } from './metrics';
import { completeStage } from './resume';
import type { MetricPoint, New, TrainingMark, TrainingStage } from './schema';

export type NewTrainingCheckpoint = NewCheckpoint & { training: TrainingMark };

async function trainingCheckpointIds(db: TriPostDb, runId: number): Promise<number[]> {
  return db.checkpoints.where('runId').equals(runId).filter((c) => c.training !== undefined).primaryKeys();
}

/** Replaces the run's training checkpoint and appends the loss points up to its step, in one transaction. */
export async function saveTrainingCheckpoint(db: TriPostDb, checkpoint: NewTrainingCheckpoint, points: readonly New<MetricPoint>[]): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', db.checkpoints, db.checkpointChunks, db.metrics, async () => {
      await deleteCheckpointsIn(db, await trainingCheckpointIds(db, checkpoint.runId));
      if (points.length) await appendMetrics(db, points);
      await saveCheckpoint(db, checkpoint);
    }),
  );
}

/** The run's training checkpoint (its record's `training` says where it stood), or null. */
export async function loadTrainingCheckpoint(db: TriPostDb, runId: number): Promise<LoadedCheckpoint | null> {
  const [id] = await trainingCheckpointIds(db, runId);
  return id === undefined ? null : loadCheckpoint(db, id);
}

/** A training stage's end in one transaction: its model checkpoint stored, its training checkpoint deleted, the stage complete. */
export async function finishTrainingStage(db: TriPostDb, model: NewCheckpoint, stage: TrainingStage): Promise<void> {
  await guardWrite(() =>
    db.transaction('rw', db.runs, db.checkpoints, db.checkpointChunks, async () => {
      await deleteCheckpointsIn(db, await trainingCheckpointIds(db, model.runId));
      await saveCheckpoint(db, model);
      await completeStage(db, model.runId, model.iteration, stage);
    }),
  );
}
