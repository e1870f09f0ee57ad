import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteCheckpoint, listCheckpoints, loadCheckpoint, saveCheckpoint } from '../../../src/store/checkpoints';
import type { TriPostDb } from '../../../src/store/db';
import { NotFound } from '../../../src/store/errors';
import { listEvals, saveEvals } from '../../../src/store/evals';
import { listExamples, saveExamples } from '../../../src/store/examples';
import { clearLlmCache, countCachedResponses, getCachedResponse, putCachedResponse } from '../../../src/store/llm-cache';
import { appendMetrics, getMetricSeries, listMetrics } from '../../../src/store/metrics';
import { createRun } from '../../../src/store/runs';
import { CHUNK_BYTES } from '../../../src/store/schema';
import { deleteSetting, getSetting, setSetting } from '../../../src/store/settings';
import { freshDb } from './fresh-db';

let db: TriPostDb;
let runId: number;
beforeEach(async () => {
  db = await freshDb();
  runId = await createRun(db, 'r', {});
});
afterEach(() => db.close());

function patterned(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.sin(i * 0.37 + seed) * (i % 11);
  return out;
}

describe('checkpoints', () => {
  it('splits weights into chunks of at most 32 MiB and reassembles them bit-exactly', async () => {
    const floats = CHUNK_BYTES / 4 + 3;
    const weights = patterned(floats, 1);
    const tensors = [
      { name: 'emb', shape: [floats - 3], offset: 0 },
      { name: 'tail', shape: [3], offset: floats - 3 },
    ];
    const id = await saveCheckpoint(db, { runId, iteration: 2, label: 'tripost-2', modelConfig: { dim: 64 }, tensors, weights });
    const chunks = await db.checkpointChunks.toArray();
    expect(chunks.map((c) => [c.index, c.data.byteLength])).toEqual([[0, CHUNK_BYTES], [1, 12]]);
    expect(chunks.every((c) => c.data instanceof ArrayBuffer)).toBe(true);
    const loaded = await loadCheckpoint(db, id);
    expect(loaded.record).toMatchObject({ runId, iteration: 2, label: 'tripost-2', modelConfig: { dim: 64 }, tensors, byteLength: floats * 4, chunkCount: 2 });
    expect(Buffer.from(loaded.weights.buffer).equals(Buffer.from(weights.buffer))).toBe(true);
  });

  it('keeps what was saved even if the caller changes its buffer afterwards', async () => {
    const weights = patterned(16, 2);
    const id = await saveCheckpoint(db, { runId, iteration: 1, label: 'a', modelConfig: {}, tensors: [], weights });
    const saved = weights.slice();
    weights.fill(0);
    expect((await loadCheckpoint(db, id)).weights).toEqual(saved);
  });

  it('lists by iteration, deletes with its chunks, and refuses tensors outside the weights', async () => {
    const second = await saveCheckpoint(db, { runId, iteration: 2, label: 'b', modelConfig: {}, tensors: [], weights: patterned(4, 0) });
    const first = await saveCheckpoint(db, { runId, iteration: 1, label: 'a', modelConfig: {}, tensors: [], weights: patterned(4, 0) });
    expect((await listCheckpoints(db, runId)).map((c) => c.id)).toEqual([first, second]);
    await deleteCheckpoint(db, first);
    expect((await listCheckpoints(db, runId)).map((c) => c.id)).toEqual([second]);
    expect(await db.checkpointChunks.count()).toBe(1);
    await expect(loadCheckpoint(db, first)).rejects.toBeInstanceOf(NotFound);
    const outside = { runId, iteration: 1, label: 'x', modelConfig: {}, tensors: [{ name: 'w', shape: [2, 3], offset: 1 }], weights: new Float32Array(6) };
    await expect(saveCheckpoint(db, outside)).rejects.toThrow(/outside/);
  });
});

describe('metrics, evals and training sets', () => {
  it('appends metric points and reads a series in step order', async () => {
    await appendMetrics(db, [3, 1, 2].map((step) => ({ runId, iteration: 1, series: 'train/loss', step, value: step / 10 })));
    await appendMetrics(db, [{ runId, iteration: 1, series: 'lr', step: 0, value: 3e-4 }]);
    expect((await getMetricSeries(db, runId, 'train/loss')).map((p) => [p.step, p.value])).toEqual([[1, 0.1], [2, 0.2], [3, 0.3]]);
    expect((await listMetrics(db, runId)).map((p) => p.series)).toEqual(['lr', 'train/loss', 'train/loss', 'train/loss']);
  });

  it('saves and lists evals per run', async () => {
    const other = await createRun(db, 'other', {});
    const evalFor = (run: number, iteration: number) => ({ runId: run, iteration, model: 'tripost', task: 'ws' as const, split: 'unseen' as const, n: 50, accuracy: 0.4, siFreq: 0.3, siContrib: 0.2, createdAt: 5 });
    const ids = await saveEvals(db, [evalFor(runId, 2), evalFor(runId, 1), evalFor(other, 1)]);
    expect(ids).toHaveLength(3);
    expect((await listEvals(db, runId)).map((e) => e.iteration)).toEqual([1, 2]);
  });

  it('replaces an iteration’s training set and leaves other iterations alone', async () => {
    const example = (text: string) => ({ task: 'msa' as const, kind: 'improvement' as const, text, weightFrom: 3, trajectoryId: 7 });
    await saveExamples(db, runId, 1, [example('a'), example('b')]);
    await saveExamples(db, runId, 2, [example('c')]);
    await saveExamples(db, runId, 1, [example('d')]);
    expect((await listExamples(db, runId, 1)).map((e) => e.text)).toEqual(['d']);
    expect(await listExamples(db, runId, 2)).toMatchObject([{ runId, iteration: 2, text: 'c', weightFrom: 3, trajectoryId: 7 }]);
  });
});

describe('LLM cache and settings', () => {
  it('caches responses by key and clears them', async () => {
    expect(await getCachedResponse(db, 'k1')).toBeUndefined();
    await putCachedResponse(db, 'k1', 'Step (1) is correct.');
    await putCachedResponse(db, 'k2', 'x');
    await putCachedResponse(db, 'k2', 'y');
    expect(await getCachedResponse(db, 'k1')).toBe('Step (1) is correct.');
    expect(await getCachedResponse(db, 'k2')).toBe('y');
    expect(await countCachedResponses(db)).toBe(2);
    await clearLlmCache(db);
    expect(await countCachedResponses(db)).toBe(0);
  });

  it('stores JSON settings with a fallback', async () => {
    expect(await getSetting(db, 'critic', { kind: 'script' })).toEqual({ kind: 'script' });
    await setSetting(db, 'critic', { kind: 'llm', model: 'gpt-4o-mini' });
    expect(await getSetting(db, 'critic', { kind: 'script' })).toEqual({ kind: 'llm', model: 'gpt-4o-mini' });
    await setSetting(db, 'flag', false);
    expect(await getSetting(db, 'flag', true)).toBe(false);
    await deleteSetting(db, 'critic');
    expect(await getSetting(db, 'critic', null)).toBeNull();
  });
});
