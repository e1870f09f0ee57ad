// Evaluation results: accuracy, SI.Freq and SI.Contrib per model, task and split (DESIGN.md §5).
import type { TriPostDb } from './db';
import { guardWrite } from './health';
import type { EvalRecord, New } from './schema';

/** Saves evaluation results in one transaction; returns their ids. */
export async function saveEvals(db: TriPostDb, evals: readonly New<EvalRecord>[]): Promise<number[]> {
  return guardWrite(() =>
    db.transaction('rw', db.evals, () => db.evals.bulkAdd(evals as EvalRecord[], { allKeys: true })),
  );
}

/** A run's evaluations, by iteration then insertion. */
export async function listEvals(db: TriPostDb, runId: number): Promise<EvalRecord[]> {
  return db.evals.where('[runId+iteration]').between([runId, -Infinity], [runId, Infinity]).toArray();
}
