import { afterEach, describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import { saveCheckpoint } from '../../../src/store/checkpoints';
import { clearAll } from '../../../src/store/clear';
import { createDb, type TriPostDb } from '../../../src/store/db';
import { StorageFull } from '../../../src/store/errors';
import { saveEvalProgress } from '../../../src/store/eval-progress';
import { saveEvals } from '../../../src/store/evals';
import { saveExamples } from '../../../src/store/examples';
import { putCachedResponse } from '../../../src/store/llm-cache';
import { appendMetrics } from '../../../src/store/metrics';
import { createRun, listRuns } from '../../../src/store/runs';
import { setSetting } from '../../../src/store/settings';
import { appendTrajectories, countTrajectories } from '../../../src/store/trajectories';
import { fakeIndexedDB, reopen, freshDb } from './fresh-db';
import { installQuotaFault, QUOTA_SHAPES } from './quota-fault';

const open: TriPostDb[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

/** One of everything the store can hold: two runs with all they own (an evaluation in progress too), an imported checkpoint (run 0), a cache entry, a setting. */
async function fill(db: TriPostDb): Promise<void> {
  for (const name of ['a', 'b']) {
    const runId = await createRun(db, name, {});
    await appendTrajectories(db, Array.from({ length: 20 }, (_, i) => syntheticTrajectory(runId, i)));
    await saveExamples(db, runId, 1, [{ task: 'msa', kind: 'gold', text: 'Q: 1 =', weightFrom: null, trajectoryId: null }]);
    await appendMetrics(db, [{ runId, iteration: 1, series: 'train/loss', step: 0, value: 2.5 }]);
    await saveEvals(db, [{ runId, iteration: 1, model: 'tripost', task: 'msa', split: 'seen', n: 10, accuracy: 0.5, siFreq: 0.2, siContrib: 0.1, createdAt: 1 }]);
    await saveEvalProgress(db, [{ runId, iteration: 1, split: 'unseen', problemId: 'p', turns: [{ attempt: 'a' }], updates: 0, generations: 1, context: null }]);
  }
  await saveCheckpoint(db, { runId: 0, iteration: 0, label: 'imported', modelConfig: {}, tensors: [{ name: 'w', shape: [4], offset: 0 }], weights: new Float32Array(4) });
  await putCachedResponse(db, 'request-hash', 'cached answer');
  await setSetting(db, 'llm.endpoint', { model: 'm' });
}

async function rowCounts(db: TriPostDb): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const)));
}

describe('clearAll', () => {
  it('empties every table, and the same connection keeps working', async () => {
    const db = await freshDb();
    open.push(db);
    await fill(db);
    expect(Object.values(await rowCounts(db)).every((n) => n > 0)).toBe(true);

    await clearAll(db);
    const counts = await rowCounts(db);
    expect(Object.keys(counts).sort()).toEqual(['checkpointChunks', 'checkpoints', 'evalProgress', 'evals', 'examples', 'llmCache', 'metrics', 'runs', 'settings', 'trajectories']);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    // Another tab's connection sees the empty store; this one stores again at once.
    const other = await reopen(db);
    open.push(other);
    expect(await listRuns(other)).toEqual([]);
    const runId = await createRun(db, 'after', {});
    await appendTrajectories(db, [syntheticTrajectory(runId, 0)]);
    expect(await countTrajectories(other, { runId, dropReason: 'illegal-improvement' })).toBe(1);
  });

  it('deletes nothing when it fails part-way (one transaction), and a full disk is StorageFull', async () => {
    const db = createDb({ name: 'test', ...fakeIndexedDB() });
    const fault = installQuotaFault(db);
    await db.open();
    open.push(db);
    await fill(db);
    const before = await rowCounts(db);

    // Three tables cleared, then the fourth fails.
    fault.arm(3, QUOTA_SHAPES['DOMException QuotaExceededError']);
    await expect(clearAll(db)).rejects.toBeInstanceOf(StorageFull);
    fault.arm(5, () => new Error('simulated disk failure'));
    await expect(clearAll(db)).rejects.toThrow('simulated disk failure');
    fault.disarm();
    expect(await rowCounts(db)).toEqual(before);
  });
});
