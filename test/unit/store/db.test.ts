import { describe, expect, it, vi } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import { SCHEMA_VERSION, SCHEMA_VERSIONS, type TrajectoryRow } from '../../../src/store/db';
import { getCachedResponse, putCachedResponse } from '../../../src/store/llm-cache';
import { createRun, getRun } from '../../../src/store/runs';
import { getSetting, setSetting } from '../../../src/store/settings';
import { pageTrajectories } from '../../../src/store/trajectories';
import { freshDb, reopen } from './fresh-db';

describe('schema versions', () => {
  it('versions are explicit, increasing, and the last is current', () => {
    const versions = SCHEMA_VERSIONS.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(SCHEMA_VERSION).toBe(versions[versions.length - 1]);
  });

  it('creates every table with the inspector indexes', async () => {
    const db = await freshDb();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(
      ['checkpointChunks', 'checkpoints', 'evalProgress', 'evals', 'examples', 'llmCache', 'metrics', 'runs', 'settings', 'trajectories'].sort(),
    );
    const indexes = db.trajectories.schema.indexes.map((i) => i.name);
    for (const field of ['outcome', 'critic', 'iteration', 'task', 'split', 'kept']) expect(indexes).toContain(`[runId+${field}+id]`);
    db.close();
  });

  it('data written under version 1 opens under the current version', async () => {
    const v1 = await freshDb({ upToVersion: 1 });
    expect(v1.verno).toBe(1);
    expect(v1.tables.map((t) => t.name)).not.toContain('llmCache');
    const runId = await createRun(v1, 'old run', { task: 'ws' });
    // Rows exactly as a version-1 build wrote them: no `search` field.
    const rows = Array.from({ length: 20 }, (_, i) => {
      const t = syntheticTrajectory(runId, i);
      return { ...t, kept: t.kept ? 1 : 0, createdAt: 1000 + i };
    });
    await v1.table('trajectories').bulkAdd(rows);
    expect(((await v1.table('trajectories').toArray()) as TrajectoryRow[]).every((r) => r.search === undefined)).toBe(true);
    v1.close();

    const current = await reopen(v1);
    expect(current.verno).toBe(SCHEMA_VERSION);
    expect((await getRun(current, runId)).config).toEqual({ task: 'ws' });
    const stored = await current.trajectories.toArray();
    expect(stored).toHaveLength(20);
    expect(stored.every((r) => r.search === r.problem.question.toLowerCase())).toBe(true);
    // The upgraded rows answer the text search that version 2 added.
    const wanted = syntheticTrajectory(runId, 11).problem.question;
    const page = await pageTrajectories(current, { runId, text: wanted });
    expect(page.items.map((t) => t.problem.question)).toEqual([wanted]);
    expect(page.items[0].kept).toBe(true);
    // Tables added in version 2 work.
    await putCachedResponse(current, 'k', 'v');
    expect(await getCachedResponse(current, 'k')).toBe('v');
    await setSetting(current, 'theme', 'dark');
    expect(await getSetting(current, 'theme', 'light')).toBe('dark');
    current.close();
  });
});

describe('another tab upgrading the database', () => {
  it('closes this connection and asks for a reload instead of blocking the upgrade', async () => {
    const onVersionChange = vi.fn();
    const db = await freshDb({ onVersionChange });
    const factory = db._options.indexedDB as IDBFactory;
    // A newer build in another tab opens at a higher version (Dexie stores version × 10).
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(db.name, SCHEMA_VERSION * 10 + 10);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('upgrade blocked by the old connection'));
    });
    expect(onVersionChange).toHaveBeenCalledTimes(1);
    expect(onVersionChange).toHaveBeenCalledWith({ newVersion: SCHEMA_VERSION * 10 + 10 });
    expect(db.isOpen()).toBe(false);
    // Later use fails at once with a clear error rather than reopening an unknown schema.
    await expect(createRun(db, 'late', {})).rejects.toMatchObject({ name: 'DatabaseClosedError' });
    upgraded.close();
  });

  it('also asks for a reload when another tab deletes the database', async () => {
    const onVersionChange = vi.fn();
    const db = await freshDb({ onVersionChange });
    const factory = db._options.indexedDB as IDBFactory;
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase(db.name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(onVersionChange).toHaveBeenCalledWith({ newVersion: null });
    expect(db.isOpen()).toBe(false);
  });
});
