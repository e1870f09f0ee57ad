import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import { listCheckpoints, saveCheckpoint } from '../../../src/store/checkpoints';
import type { TriPostDb } from '../../../src/store/db';
import { NotFound } from '../../../src/store/errors';
import { listEvals, saveEvals } from '../../../src/store/evals';
import { listExamples, saveExamples } from '../../../src/store/examples';
import { appendMetrics, listMetrics } from '../../../src/store/metrics';
import { completeStage, reportProgress, resumePoint } from '../../../src/store/resume';
import { createRun, deleteRun, getRun, listRuns, runErrorOf, setRunStatus, updateRun } from '../../../src/store/runs';
import type { RunError } from '../../../src/store/schema';
import { appendTrajectories, countTrajectories } from '../../../src/store/trajectories';
import { freshDb, reopen } from './fresh-db';

let db: TriPostDb;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(() => db.close());

/** Gives a run one of everything a run can own. */
async function populate(runId: number): Promise<void> {
  await appendTrajectories(db, Array.from({ length: 30 }, (_, i) => syntheticTrajectory(runId, i)));
  await saveExamples(db, runId, 1, [{ task: 'msa', kind: 'gold', text: 'Q: 1 =', weightFrom: null, trajectoryId: null }]);
  await appendMetrics(db, [{ runId, iteration: 1, series: 'train/loss', step: 0, value: 2.5 }]);
  await saveEvals(db, [{ runId, iteration: 1, model: 'tripost', task: 'msa', split: 'seen', n: 10, accuracy: 0.5, siFreq: 0.2, siContrib: 0.1, createdAt: 1 }]);
  await saveCheckpoint(db, { runId, iteration: 1, label: 'tripost-1', modelConfig: {}, tensors: [{ name: 'w', shape: [4], offset: 0 }], weights: new Float32Array(4) });
}

describe('runs', () => {
  it('creates, reads, lists newest first, and changes status', async () => {
    const a = await createRun(db, 'first', { task: 'msa', p: 0.43 });
    await new Promise((r) => setTimeout(r, 2));
    const b = await createRun(db, 'second', {});
    expect(await getRun(db, a)).toMatchObject({ id: a, name: 'first', config: { task: 'msa', p: 0.43 }, status: 'created', lastCompleted: null, current: null });
    expect((await listRuns(db)).map((r) => r.id)).toEqual([b, a]);
    await setRunStatus(db, a, 'paused');
    expect((await getRun(db, a)).status).toBe('paused');
    await expect(getRun(db, 999)).rejects.toBeInstanceOf(NotFound);
    await expect(setRunStatus(db, 999, 'done')).rejects.toBeInstanceOf(NotFound);
  });

  it('deleting a run deletes everything it owns and nothing of other runs', async () => {
    const a = await createRun(db, 'a', {});
    const b = await createRun(db, 'b', {});
    await populate(a);
    await populate(b);
    await deleteRun(db, a);
    await expect(getRun(db, a)).rejects.toBeInstanceOf(NotFound);
    expect(await countTrajectories(db, { runId: a })).toBe(0);
    expect(await listExamples(db, a, 1)).toEqual([]);
    expect(await listMetrics(db, a)).toEqual([]);
    expect(await listEvals(db, a)).toEqual([]);
    expect(await listCheckpoints(db, a)).toEqual([]);
    expect(await db.checkpointChunks.count()).toBe(1);
    expect(await countTrajectories(db, { runId: b })).toBe(30);
    expect(await listExamples(db, b, 1)).toHaveLength(1);
    expect(await listMetrics(db, b)).toHaveLength(1);
    expect(await listEvals(db, b)).toHaveLength(1);
    expect(await listCheckpoints(db, b)).toHaveLength(1);
  });

  it('a delete that fails part-way leaves the run whole (one transaction)', async () => {
    const a = await createRun(db, 'a', {});
    await populate(a);
    // Fail the last step of the cascade: the run row's own delete.
    db.runs.hook('deleting', () => {
      throw new Error('simulated failure');
    });
    await expect(deleteRun(db, a)).rejects.toThrow('simulated failure');
    expect(await countTrajectories(db, { runId: a })).toBe(30);
    expect(await listCheckpoints(db, a)).toHaveLength(1);
    expect(await listMetrics(db, a)).toHaveLength(1);
  });
});

describe('a failed run\'s error', () => {
  it('is stored whole and read back the same by another connection (a reload)', async () => {
    const runId = await createRun(db, 'r', {});
    const error: RunError = { name: 'NotEnoughData', message: 'not enough training data: 2 examples', stage: { iteration: 1, stage: 'postprocess' }, resumable: false };
    await updateRun(db, runId, { status: 'failed', error });
    const other = await reopen(db);
    const stored = await getRun(other, runId);
    other.close();
    expect(stored.error).toEqual(error);
    expect(runErrorOf(stored.error)).toEqual(error);
    const llm: RunError = { name: 'LlmEndpointDown', message: 'down', stage: { iteration: 1, stage: 'edit' }, resumable: true, llmKind: 'unreachable' };
    await updateRun(db, runId, { error: llm });
    expect(runErrorOf((await getRun(db, runId)).error)).toEqual(llm);
  });

  it('an older record\'s words become an unnamed error that offers Resume; no error is null', async () => {
    const runId = await createRun(db, 'old', {});
    // As builds before the structured error wrote it.
    await db.runs.update(runId, { status: 'failed', error: 'not enough training data: 2 examples' });
    expect(runErrorOf((await getRun(db, runId)).error)).toEqual({ name: 'Error', message: 'not enough training data: 2 examples', stage: null, resumable: true });
    expect(runErrorOf((await getRun(db, await createRun(db, 'fine', {}))).error)).toBeNull();
    // An imported bundle's run.json may hold anything there.
    expect(runErrorOf({ message: 'partial' } as RunError)).toEqual({ name: 'Error', message: 'partial', stage: null, resumable: true });
    expect(runErrorOf({ name: 'X' } as RunError)).toBeNull();
  });
});

describe('resume state', () => {
  it('records progress and completed stages so a reload knows where to continue', async () => {
    const run = await createRun(db, 'r', {});
    expect(await resumePoint(db, run)).toEqual({ status: 'created', lastCompleted: null, current: null });
    await reportProgress(db, run, { iteration: 1, stage: 'edit', done: 40, total: 100 });
    const during = await resumePoint(db, run);
    expect(during.status).toBe('running');
    expect(during.current).toMatchObject({ iteration: 1, stage: 'edit', done: 40, total: 100 });
    await completeStage(db, run, 1, 'edit');
    expect(await resumePoint(db, run)).toEqual({ status: 'running', lastCompleted: { iteration: 1, stage: 'edit' }, current: null });
    // A second connection (a reloaded tab) sees the same state.
    const reloaded = await reopen(db);
    expect((await resumePoint(reloaded, run)).lastCompleted).toEqual({ iteration: 1, stage: 'edit' });
    reloaded.close();
    await expect(reportProgress(db, 999, { iteration: 1, stage: 'train', done: 0, total: 1 })).rejects.toBeInstanceOf(NotFound);
  });
});
