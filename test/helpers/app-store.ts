// e2e tier: what the app stored, read from its IndexedDB inside the page with the plain IndexedDB API (no app code),
// so a test checks the stored data itself rather than what the app makes of it.
import type { Page } from 'playwright-core';
import { DEFAULT_DB_NAME, type CheckpointRecord, type EvalProgressRow, type EvalRecordWithAnswers, type MetricPoint, type RunRecord, type TrainingExample } from '../../src/store';

/** The tables a test reads, and their rows (checkpoint manifests only: their bytes stay in the page). */
export interface StoredRows {
  runs: RunRecord;
  metrics: MetricPoint;
  checkpoints: CheckpointRecord;
  evals: EvalRecordWithAnswers;
  evalProgress: EvalProgressRow;
  examples: TrainingExample;
  trajectories: { id: number; runId: number; iteration: number; problem: { id: string } };
}

/** Every row of `table` that belongs to run `runId` (every run's rows of `runs` is the run itself). */
export async function storedRows<K extends keyof StoredRows>(page: Page, table: K, runId: number): Promise<StoredRows[K][]> {
  return page.evaluate(
    ({ name, table, runId }) =>
      new Promise<StoredRows[K][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction(table, 'readonly').objectStore(table).getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            const rows = all.result as Record<string, unknown>[];
            resolve(rows.filter((r) => (table === 'runs' ? r.id : r.runId) === runId) as StoredRows[K][]);
          };
        };
      }),
    { name: DEFAULT_DB_NAME, table, runId },
  );
}

/** The run's record. */
export async function storedRun(page: Page, runId: number): Promise<RunRecord> {
  const [run] = await storedRows(page, 'runs', runId);
  if (!run) throw new Error(`Run ${runId} is not stored`);
  return run;
}
