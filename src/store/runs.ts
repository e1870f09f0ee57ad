// Runs: create, read, list, status, and delete with everything the run owns.
import { deleteCheckpointsIn } from './checkpoints';
import type { TriPostDb } from './db';
import { NotFound } from './errors';
import { guardWrite } from './health';
import type { JsonObject, RunError, RunRecord, RunStatus } from './schema';

/** Creates a run in status `created`; returns its id. */
export async function createRun(db: TriPostDb, name: string, config: JsonObject): Promise<number> {
  const now = Date.now();
  return guardWrite(() =>
    db.runs.add({ name, config, status: 'created', lastCompleted: null, current: null, createdAt: now, updatedAt: now }),
  );
}

/** The run, or NotFound. */
export async function getRun(db: TriPostDb, runId: number): Promise<RunRecord> {
  const run = await db.runs.get(runId);
  if (!run) throw new NotFound(`No run with id ${runId}`);
  return run;
}

/** All runs, newest first. */
export async function listRuns(db: TriPostDb): Promise<RunRecord[]> {
  return db.runs.orderBy('createdAt').reverse().toArray();
}

/** Changes a run's fields and stamps `updatedAt`; NotFound if there is no such run. */
export async function updateRun(db: TriPostDb, runId: number, changes: Partial<Omit<RunRecord, 'id'>>): Promise<void> {
  const updated = await guardWrite(() => db.runs.update(runId, { ...changes, updatedAt: Date.now() }));
  if (updated === 0) throw new NotFound(`No run with id ${runId}`);
}

export async function setRunStatus(db: TriPostDb, runId: number, status: RunStatus): Promise<void> {
  await updateRun(db, runId, { status });
}

/**
 * A failed run's error as recorded; an older record's bare words (or an imported bundle's) become an unnamed error
 * that offers Resume, as those records always did. Null when there is none.
 */
export function runErrorOf(error: RunRecord['error'] | null): RunError | null {
  if (typeof error === 'string') return { name: 'Error', message: error, stage: null, resumable: true };
  if (!error || typeof error.message !== 'string') return null;
  return { ...error, name: typeof error.name === 'string' ? error.name : 'Error', stage: error.stage ?? null, resumable: error.resumable !== false };
}

/** Deletes a run and its trajectories, examples, checkpoints, metrics, evals and evaluation in progress in one transaction. */
export async function deleteRun(db: TriPostDb, runId: number): Promise<void> {
  const tables = [db.runs, db.trajectories, db.examples, db.checkpoints, db.checkpointChunks, db.metrics, db.evals, db.evalProgress];
  await guardWrite(() =>
    db.transaction('rw', tables, async () => {
      await deleteCheckpointsIn(db, await db.checkpoints.where('runId').equals(runId).primaryKeys());
      await db.trajectories.where('[runId+id]').between([runId, -Infinity], [runId, Infinity]).delete();
      await db.examples.where('runId').equals(runId).delete();
      await db.metrics.where('runId').equals(runId).delete();
      await db.evals.where('runId').equals(runId).delete();
      await db.evalProgress.where('runId').equals(runId).delete();
      await db.runs.delete(runId);
    }),
  );
}
