// Evaluation results: accuracy, SI.Freq and SI.Contrib per model, task and split (DESIGN.md §5), and the model's
// answers they were measured on (eval-answers.ts).
import type { TriPostDb } from './db';
import type { EvalRecordWithAnswers } from './eval-answers';
import { guardWrite } from './health';
import type { EvalRecord, New } from './schema';

/** Saves evaluation results, with their answers where given, in one transaction; returns their ids. */
export async function saveEvals(db: TriPostDb, evals: readonly New<EvalRecordWithAnswers>[]): Promise<number[]> {
  return guardWrite(() =>
    db.transaction('rw', db.evals, () => db.evals.bulkAdd(evals as EvalRecord[], { allKeys: true })),
  );
}

/** A run's evaluations, by iteration then insertion; read their answers with `answersOf`. */
export async function listEvals(db: TriPostDb, runId: number): Promise<EvalRecordWithAnswers[]> {
  return db.evals.where('[runId+iteration]').between([runId, -Infinity], [runId, Infinity]).toArray();
}
