import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import { listCheckpoints, saveCheckpoint } from '../../../src/store/checkpoints';
import { createDb, type TriPostDb } from '../../../src/store/db';
import { StorageFull } from '../../../src/store/errors';
import { guardWrite, isQuotaError, requestPersistence, storageEstimate } from '../../../src/store/health';
import { createRun, deleteRun, getRun } from '../../../src/store/runs';
import { appendTrajectories, countTrajectories } from '../../../src/store/trajectories';
import { fakeIndexedDB } from './fresh-db';
import { installQuotaFault, QUOTA_SHAPES, type QuotaFault } from './quota-fault';

describe('isQuotaError', () => {
  for (const [name, make] of Object.entries(QUOTA_SHAPES)) {
    it(`recognises ${name}`, () => expect(isQuotaError(make())).toBe(true));
  }
  it('recognises a cause chain and Firefox’s name', () => {
    expect(isQuotaError(new Error('write failed', { cause: { name: 'NS_ERROR_DOM_QUOTA_REACHED' } }))).toBe(true);
  });
  it('does not mistake other failures for a full disk', () => {
    expect(isQuotaError(new Error('boom'))).toBe(false);
    expect(isQuotaError(new DOMException('exists', 'ConstraintError'))).toBe(false);
    expect(isQuotaError(new Dexie.AbortError('aborted', new DOMException('exists', 'ConstraintError')))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});

describe('storage estimate in Node', () => {
  it('reports unknowns instead of failing where navigator.storage is missing', async () => {
    expect(await storageEstimate()).toEqual({ usage: null, quota: null, persisted: null });
    expect(await requestPersistence()).toBe(false);
  });
});

describe('StorageFull', () => {
  it('says how much is used when the browser tells', () => {
    const error = new StorageFull(1.5 * 1024 ** 3, 2 * 1024 ** 3);
    expect(error.message).toContain('1.50 GiB of 2.00 GiB used');
    expect(error.name).toBe('StorageFull');
  });

  it('guardWrite turns a quota failure into StorageFull and passes other errors through', async () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    const error = await guardWrite(() => Promise.reject(quota)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFull);
    expect((error as StorageFull).cause).toBe(quota);
    // A nested guarded write's StorageFull passes through the outer guard unchanged.
    expect(await guardWrite(() => guardWrite(() => Promise.reject(quota))).catch((e: unknown) => (e as StorageFull).cause)).toBe(quota);
    const other = new Error('other');
    await expect(guardWrite(() => Promise.reject(other))).rejects.toBe(other);
  });
});

describe('a full disk during a write', () => {
  let db: TriPostDb;
  let fault: QuotaFault;
  let runId: number;

  beforeEach(async () => {
    db = createDb({ name: 'quota', ...fakeIndexedDB() });
    fault = installQuotaFault(db);
    await db.open();
    runId = await createRun(db, 'r', {});
    await appendTrajectories(db, Array.from({ length: 10 }, (_, i) => syntheticTrajectory(runId, i)));
    await saveCheckpoint(db, { runId, iteration: 1, label: 'c', modelConfig: {}, tensors: [], weights: new Float32Array(8) });
  });
  afterEach(() => db.close());

  for (const [name, make] of Object.entries(QUOTA_SHAPES)) {
    it(`${name}: a multi-step delete is rolled back and reported as StorageFull`, async () => {
      fault.arm(3, make);
      await expect(deleteRun(db, runId)).rejects.toBeInstanceOf(StorageFull);
      fault.disarm();
      expect(await getRun(db, runId)).toMatchObject({ name: 'r' });
      expect(await countTrajectories(db, { runId })).toBe(10);
      expect(await listCheckpoints(db, runId)).toHaveLength(1);
      expect(await db.checkpointChunks.count()).toBe(1);
    });
  }

  it('a batch append that hits the quota writes none of the batch', async () => {
    fault.arm(0, QUOTA_SHAPES['DOMException QuotaExceededError']);
    await expect(appendTrajectories(db, [syntheticTrajectory(runId, 99)])).rejects.toBeInstanceOf(StorageFull);
    fault.disarm();
    expect(await countTrajectories(db, { runId })).toBe(10);
  });
});
