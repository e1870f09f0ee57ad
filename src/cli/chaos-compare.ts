// What `npm run chaos` compares: two run bundles imported into fresh stores, every stored record without its ids and
// times (trajectories, examples, evaluations with their answers, loss points, checkpoints as digests of their bytes),
// matched as multisets, so a record lost, doubled or changed each counts as a difference.
import { createHash } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRun, importRunBundle, listCheckpoints, listEvals, listMetrics, loadCheckpoint, loadTrainingCheckpoint, openDb, type TriPostDb } from '../store';
import { fromRow } from '../store/trajectories';

/** A stored record as compared: `key` names it in a report, `value` is its canonical JSON. */
interface Entry {
  key: string;
  value: string;
}

export type RunRecords = Record<string, Entry[]>;

export interface Difference {
  collection: string;
  key: string;
  /** How often the record is in the reference run and in the resumed one. */
  expected: number;
  found: number;
}

/** Hex SHA-256 of the weights' bytes: equal means bit-identical. */
function digest(weights: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)).digest('hex');
}

const entry = (key: string, value: unknown): Entry => ({ key, value: JSON.stringify(value) });

/** Every record a run holds, without what differs between two runs of one seed (ids, run ids, times). */
export async function runRecords(db: TriPostDb, runId: number): Promise<RunRecords> {
  const rows = (await db.trajectories.where('runId').equals(runId).sortBy('id')).map(fromRow);
  const problemOf = new Map(rows.map((t) => [t.id, t.problem.id]));
  const trajectories = rows.map(({ id: _id, runId: _run, createdAt: _at, ...t }) => entry(`t=${t.iteration} ${t.problem.id}`, t));
  const examples = (await db.examples.where('runId').equals(runId).sortBy('id')).map(({ id: _id, runId: _run, trajectoryId, ...e }) => {
    // A trajectory's id differs between stores; the problem it came from does not.
    const problem = trajectoryId === null ? null : (problemOf.get(trajectoryId) ?? `missing trajectory ${trajectoryId}`);
    return entry(`t=${e.iteration} ${e.kind} ${problem ?? 'gold'}`, { ...e, problem });
  });
  const evals = (await listEvals(db, runId)).map(({ id: _id, runId: _run, createdAt: _at, ...e }) => entry(`t=${e.iteration} ${e.split}`, e));
  const metrics = (await listMetrics(db, runId)).map(({ id: _id, runId: _run, ...m }) => entry(`t=${m.iteration} ${m.series} step ${m.step}`, m));
  const checkpoints: Entry[] = [];
  for (const c of await listCheckpoints(db, runId)) {
    const { weights } = await loadCheckpoint(db, c.id);
    checkpoints.push(entry(`t=${c.iteration} ${c.label}`, { iteration: c.iteration, label: c.label, tensors: c.tensors, weights: digest(weights) }));
  }
  const run = await getRun(db, runId);
  // A finished run keeps no stage in progress, no training checkpoint and no evaluation progress.
  const leftovers = [
    ...(await loadTrainingCheckpoint(db, runId)) ? [entry('training checkpoint', 'present')] : [],
    ...(await db.evalProgress.where('runId').equals(runId).toArray()).map((p) => entry(`eval progress t=${p.iteration} ${p.split} ${p.problemId}`, 'present')),
  ];
  const state = [entry('status', run.status), entry('last completed stage', run.lastCompleted), entry('error', run.error ?? null), ...leftovers];
  return { trajectories, examples, evals, metrics, checkpoints, state };
}

/** The records of the run in a bundle (its bytes), imported into a store of its own. */
export async function bundleRecords(bundle: Uint8Array): Promise<RunRecords> {
  const db = await openDb({ name: 'chaos-compare', indexedDB: new IDBFactory(), IDBKeyRange });
  try {
    const { runId } = await importRunBundle(db, bundle);
    return await runRecords(db, runId);
  } finally {
    db.close();
  }
}

/** Counts each canonical record; the key of its first occurrence names it. */
function tally(entries: Entry[]): Map<string, { key: string; count: number }> {
  const counts = new Map<string, { key: string; count: number }>();
  for (const e of entries) {
    const seen = counts.get(e.value);
    if (seen) seen.count++;
    else counts.set(e.value, { key: e.key, count: 1 });
  }
  return counts;
}

/** Every record that the resumed run holds a different number of times than the reference: missing, doubled or changed. */
export function compareRecords(reference: RunRecords, resumed: RunRecords): Difference[] {
  const differences: Difference[] = [];
  for (const collection of new Set([...Object.keys(reference), ...Object.keys(resumed)])) {
    const expected = tally(reference[collection] ?? []);
    const found = tally(resumed[collection] ?? []);
    for (const [value, { key, count }] of expected) {
      const got = found.get(value)?.count ?? 0;
      if (got !== count) differences.push({ collection, key, expected: count, found: got });
    }
    for (const [value, { key, count }] of found) if (!expected.has(value)) differences.push({ collection, key, expected: 0, found: count });
  }
  return differences;
}

/** How many records of each collection a run holds (to show that the comparison saw something). */
export function recordCounts(records: RunRecords): Record<string, number> {
  return Object.fromEntries(Object.entries(records).map(([name, entries]) => [name, entries.length]));
}
