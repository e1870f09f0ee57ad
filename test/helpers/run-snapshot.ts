// What a run stored, without ids, run ids or times: two runs of the same config and seed compare equal with it.
import { createHash } from 'node:crypto';
import { listCheckpoints, listEvals, listMetrics, loadCheckpoint, type TriPostDb } from '../../src/store';
import { fromRow } from '../../src/store/trajectories';

/** Hex SHA-256 of the weights' bytes: equal means bit-identical. */
function digest(weights: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)).digest('hex');
}

export async function runSnapshot(db: TriPostDb, runId: number) {
  const rows = (await db.trajectories.where('runId').equals(runId).sortBy('id')).map(fromRow);
  const problemOf = new Map(rows.map((t) => [t.id, t.problem.id]));
  const trajectories = rows
    .map(({ id: _id, runId: _run, createdAt: _at, ...t }) => t)
    .sort((a, b) => a.iteration - b.iteration || a.problem.id.localeCompare(b.problem.id));
  const examples = (await db.examples.where('runId').equals(runId).sortBy('id')).map(({ id: _id, runId: _run, trajectoryId, ...e }) => ({
    ...e,
    problem: trajectoryId === null ? null : problemOf.get(trajectoryId),
  }));
  const evals = (await listEvals(db, runId)).map(({ id: _id, runId: _run, createdAt: _at, ...e }) => e).sort((a, b) => a.iteration - b.iteration || a.split.localeCompare(b.split));
  const metrics = (await listMetrics(db, runId)).map(({ id: _id, runId: _run, ...m }) => m).sort((a, b) => a.series.localeCompare(b.series) || a.iteration - b.iteration || a.step - b.step);
  const checkpoints = [];
  for (const c of await listCheckpoints(db, runId)) checkpoints.push({ iteration: c.iteration, label: c.label, weights: digest((await loadCheckpoint(db, c.id)).weights) });
  return { trajectories, examples, evals, metrics, checkpoints };
}
