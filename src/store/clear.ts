// Deleting everything the store holds, for Settings' "Clear all data", without deleting the database
// (which other tabs and the pipeline worker have open).
import type { TriPostDb } from './db';
import { guardWrite } from './health';

/**
 * Empties every table (runs, trajectories, examples, checkpoints and their chunks, metrics, evals, the
 * LLM cache, settings) in one transaction: on any failure nothing is deleted. The schema stays.
 */
export async function clearAll(db: TriPostDb): Promise<void> {
  await guardWrite(() => db.transaction('rw', db.tables, () => Promise.all(db.tables.map((table) => table.clear()))));
}
