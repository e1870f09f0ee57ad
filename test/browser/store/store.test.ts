// The store on Chromium's real IndexedDB: big checkpoints, quota failures, other tabs upgrading.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listCheckpoints, loadCheckpoint, saveCheckpoint } from '../../../src/store/checkpoints';
import { createDb, openDb, SCHEMA_VERSION, type TriPostDb } from '../../../src/store/db';
import { StorageFull } from '../../../src/store/errors';
import { storageEstimate } from '../../../src/store/health';
import { syntheticTrajectory } from '../../../src/store/bench';
import { createRun, deleteRun, getRun } from '../../../src/store/runs';
import { appendTrajectories, countTrajectories } from '../../../src/store/trajectories';
import { installQuotaFault, QUOTA_SHAPES } from '../../unit/store/quota-fault';

const opened: TriPostDb[] = [];
function uniqueName(): string {
  return `store-test-${crypto.randomUUID()}`;
}
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('store in Chromium', () => {
  it('a 64 MiB checkpoint round-trips bit-exactly through ArrayBuffer chunks', async () => {
    const db = await openDb({ name: uniqueName() });
    opened.push(db);
    const runId = await createRun(db, 'big', {});
    const floats = (64 * 1024 * 1024) / 4;
    const weights = new Float32Array(floats);
    const bits = new Uint32Array(weights.buffer);
    // Every bit pattern class, NaN payloads included, from a cheap deterministic generator.
    let x = 0x9e3779b9;
    for (let i = 0; i < floats; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bits[i] = x >>> 0;
    }
    const id = await saveCheckpoint(db, {
      runId,
      iteration: 1,
      label: 'big',
      modelConfig: { layers: 4 },
      tensors: [{ name: 'all', shape: [floats], offset: 0 }],
      weights,
    });
    const [record] = await listCheckpoints(db, runId);
    expect(record).toMatchObject({ id, byteLength: 64 * 1024 * 1024, chunkCount: 2 });
    const loaded = await loadCheckpoint(db, id);
    const back = new Uint32Array(loaded.weights.buffer);
    expect(back.length).toBe(bits.length);
    let mismatches = 0;
    for (let i = 0; i < bits.length; i++) if (back[i] !== bits[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  for (const [shape, makeError] of Object.entries(QUOTA_SHAPES)) {
    it(`a quota failure (${shape}) becomes StorageFull and leaves the database unchanged`, async () => {
      const db = createDb({ name: uniqueName() });
      opened.push(db);
      const fault = installQuotaFault(db);
      await db.open();
      const runId = await createRun(db, 'r', {});
      await appendTrajectories(db, Array.from({ length: 20 }, (_, i) => syntheticTrajectory(runId, i)));
      // Fail the third write of a checkpoint save (manifest, chunk 0 pass; chunk 1 fails).
      fault.arm(2, makeError);
      const big = new Float32Array((40 * 1024 * 1024) / 4);
      const save = saveCheckpoint(db, { runId, iteration: 1, label: 'c', modelConfig: {}, tensors: [], weights: big });
      const error = await save.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageFull);
      // Chromium reports usage and quota, and the error carries them.
      expect((await storageEstimate()).quota).toBeGreaterThan(0);
      expect((error as StorageFull).usage).toEqual(expect.any(Number));
      expect((error as StorageFull).quota).toBeGreaterThan(0);
      expect((error as StorageFull).message).toMatch(/Storage is full \(.* of .* used\)/);
      fault.disarm();
      expect(await db.checkpoints.count()).toBe(0);
      expect(await db.checkpointChunks.count()).toBe(0);
      // A cascade delete that fails part-way is rolled back as a whole too.
      fault.arm(2, makeError);
      await expect(deleteRun(db, runId)).rejects.toBeInstanceOf(StorageFull);
      fault.disarm();
      expect((await getRun(db, runId)).name).toBe('r');
      expect(await countTrajectories(db, { runId })).toBe(20);
    });
  }

  it('an upgrade from another tab closes this connection and asks for a reload', async () => {
    const onVersionChange = vi.fn();
    const name = uniqueName();
    const db = await openDb({ name, onVersionChange });
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, SCHEMA_VERSION * 10 + 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('blocked by the old connection'));
    });
    expect(onVersionChange).toHaveBeenCalledWith({ newVersion: SCHEMA_VERSION * 10 + 10 });
    expect(db.isOpen()).toBe(false);
    newer.close();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
    });
  });
});
