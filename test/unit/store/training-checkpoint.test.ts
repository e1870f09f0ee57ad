// A run's mid-stage training checkpoint: one at most, superseded, out of the model checkpoints, dropped by the stage's
// end, carried by run bundles, and a version-3 database opens under version 4 with its checkpoints as they were.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  appendMetrics, deleteMetricsAfter, exportRunBundle, finishTrainingStage, getRun, importRunBundle, listCheckpoints, listMetrics, loadTrainingCheckpoint, saveCheckpoint,
  saveTrainingCheckpoint, SCHEMA_VERSION, type TriPostDb,
} from '../../../src/store';
import { createRun } from '../../../src/store/runs';
import { freshDb, reopen } from './fresh-db';

const tensors = [{ name: 'w', shape: [2, 2], offset: 0 }];
const model = (runId: number, iteration: number, x: number) => ({ runId, iteration, label: `model-${iteration}`, modelConfig: { dim: 2 }, tensors, weights: new Float32Array(4).fill(x) });
const training = (runId: number, step: number) => ({
  runId, iteration: 1, label: `train step ${step}`, modelConfig: { dim: 2 }, weights: new Float32Array(12).fill(step),
  tensors: [...tensors, { name: 'adam.m.w', shape: [2, 2], offset: 4 }, { name: 'adam.v.w', shape: [2, 2], offset: 8 }],
  training: { stage: 'train' as const, step, total: 10 },
});
const point = (runId: number, iteration: number, step: number) => ({ runId, iteration, series: 'train/loss', step, value: step / 10 });
const steps = async (db: TriPostDb, runId: number) => (await listMetrics(db, runId)).map((m) => `${m.iteration}:${m.step}`);

describe('training checkpoint', () => {
  it('supersedes the previous one, stores the loss points with it, and stays out of the model checkpoints', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await saveCheckpoint(db, model(runId, 0, 7));
    await saveTrainingCheckpoint(db, training(runId, 2), [point(runId, 1, 1), point(runId, 1, 2)]);
    await saveTrainingCheckpoint(db, training(runId, 4), [point(runId, 1, 3), point(runId, 1, 4)]);
    const saved = await loadTrainingCheckpoint(db, runId);
    expect(saved?.record.training).toEqual({ stage: 'train', step: 4, total: 10 });
    expect(Array.from(saved!.weights)).toEqual(new Array(12).fill(4));
    expect(await db.checkpoints.count()).toBe(2);
    expect((await listCheckpoints(db, runId)).map((c) => c.label)).toEqual(['model-0']);
    expect(await steps(db, runId)).toEqual(['1:1', '1:2', '1:3', '1:4']);
    expect(await loadTrainingCheckpoint(db, runId + 1)).toBeNull();
  });

  it('the stage end stores the model, drops the training checkpoint and completes the stage in one go', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await saveTrainingCheckpoint(db, training(runId, 2), []);
    await finishTrainingStage(db, model(runId, 1, 9), 'train');
    expect(await loadTrainingCheckpoint(db, runId)).toBeNull();
    expect((await listCheckpoints(db, runId)).map((c) => c.label)).toEqual(['model-1']);
    expect(await db.checkpointChunks.count()).toBe(1);
    expect((await getRun(db, runId)).lastCompleted).toEqual({ iteration: 1, stage: 'train' });
  });

  it('deletes the loss points of one iteration after a step, and no others', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await appendMetrics(db, [1, 2, 3].flatMap((s) => [point(runId, 1, s), point(runId, 2, s)]));
    await deleteMetricsAfter(db, runId, 2, 'train/loss', 1);
    expect(await steps(db, runId)).toEqual(['1:1', '2:1', '1:2', '1:3']);
  });

  it('travels in the run bundle, beside the model checkpoints, and comes back as a training checkpoint', async () => {
    const source = await freshDb({ name: 'source' });
    const target = await freshDb({ name: 'target' });
    const runId = await createRun(source, 'r', {});
    await saveCheckpoint(source, model(runId, 0, 7));
    await saveTrainingCheckpoint(source, training(runId, 3), []);
    const bundle = await exportRunBundle(source, runId);
    const manifest = JSON.parse(strFromU8(unzipSync(bundle)['run.json']));
    expect(manifest.checkpoints.map((c: { label: string }) => c.label)).toEqual(['model-0']);
    expect(manifest.training).toMatchObject({ file: 'weights/training.safetensors', training: { stage: 'train', step: 3, total: 10 } });

    const { runId: copy, checkpoints } = await importRunBundle(target, bundle);
    expect(checkpoints).toBe(1);
    const saved = await loadTrainingCheckpoint(target, copy);
    expect(saved?.record).toMatchObject({ iteration: 1, training: { stage: 'train', step: 3, total: 10 } });
    expect(Array.from(saved!.weights)).toEqual(new Array(12).fill(3));
    // A run between stages has none, and its bundle says nothing of one.
    await finishTrainingStage(source, model(runId, 1, 8), 'train');
    expect(JSON.parse(strFromU8(unzipSync(await exportRunBundle(source, runId))['run.json'])).training).toBeUndefined();
  });

  it('a version-3 database opens under version 4 with its checkpoints, which are all models', async () => {
    const v3 = await freshDb({ upToVersion: 3 });
    expect(v3.verno).toBe(3);
    const runId = await createRun(v3, 'old run', {});
    await saveCheckpoint(v3, model(runId, 0, 5));
    v3.close();
    const current = await reopen(v3);
    expect(current.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect((await listCheckpoints(current, runId)).map((c) => c.label)).toEqual(['model-0']);
    expect(await loadTrainingCheckpoint(current, runId)).toBeNull();
  });
});
