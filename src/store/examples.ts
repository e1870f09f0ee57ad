// Post-processed training sets: the weighted examples one iteration trains on.
import type { TriPostDb } from './db';
import { guardWrite } from './health';
import type { New, TrainingExample } from './schema';

/** Replaces the training set of one iteration of a run, in one transaction. */
export async function saveExamples(
  db: TriPostDb,
  runId: number,
  iteration: number,
  examples: readonly Omit<New<TrainingExample>, 'runId' | 'iteration'>[],
): Promise<void> {
  const rows = examples.map((e) => ({ ...e, runId, iteration }));
  await guardWrite(() =>
    db.transaction('rw', db.examples, async () => {
      await db.examples.where('[runId+iteration]').equals([runId, iteration]).delete();
      await db.examples.bulkAdd(rows as TrainingExample[]);
    }),
  );
}

/** The training set of one iteration, in insertion order. */
export async function listExamples(db: TriPostDb, runId: number, iteration: number): Promise<TrainingExample[]> {
  const rows = await db.examples.where('[runId+iteration]').equals([runId, iteration]).toArray();
  return rows.sort((a, b) => a.id - b.id);
}
