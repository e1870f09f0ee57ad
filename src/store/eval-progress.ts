// An evaluation in progress: each problem's state after its latest generation batch, so a stopped, reloaded or killed
// evaluation goes on from the problems it had done instead of from its first. The split's record replaces the rows.
import type { TriPostDb } from './db';
import type { EvalRecordWithAnswers } from './eval-answers';
import { guardWrite } from './health';
import type { EvalProgressRow, EvalRecord, New, Split } from './schema';

/** Stores the new states of one generation batch's problems (a problem's later round replaces its row). */
export async function saveEvalProgress(db: TriPostDb, rows: readonly EvalProgressRow[]): Promise<void> {
  if (rows.length) await guardWrite(() => db.evalProgress.bulkPut(rows as EvalProgressRow[]));
}

/** The run's evaluation-in-progress rows (of one iteration when given). */
export async function listEvalProgress(db: TriPostDb, runId: number, iteration?: number): Promise<EvalProgressRow[]> {
  const rows = await db.evalProgress.where('runId').equals(runId).toArray();
  return iteration === undefined ? rows : rows.filter((r) => r.iteration === iteration);
}

const ofSplit = (runId: number, iteration: number, split: Split) => (r: EvalProgressRow) => r.runId === runId && r.iteration === iteration && r.split === split;

/** A split's evaluation record stored and its progress rows dropped, in one transaction; returns the record's id. */
export async function finishEvalSplit(db: TriPostDb, record: New<EvalRecordWithAnswers>): Promise<number> {
  return guardWrite(() =>
    db.transaction('rw', db.evals, db.evalProgress, async () => {
      await db.evalProgress.where('runId').equals(record.runId).filter(ofSplit(record.runId, record.iteration, record.split)).delete();
      return db.evals.add(record as EvalRecord);
    }),
  );
}
