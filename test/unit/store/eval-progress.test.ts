// An evaluation in progress: a problem's later round replaces its row, the split's record replaces the split's rows,
// deleting the run deletes them, run bundles carry them (checked on import), and a version-4 database opens under 5.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  BundleError, deleteRun, exportRunBundle, finishEvalSplit, importRunBundle, listEvalProgress, listEvals, saveEvalProgress, saveEvals, SCHEMA_VERSION, type EvalProgressRow,
} from '../../../src/store';
import { sha256Hex } from '../../../src/store/bundle-format';
import { createRun } from '../../../src/store/runs';
import { freshDb, reopen } from './fresh-db';

const row = (runId: number, iteration: number, split: 'seen' | 'unseen', problemId: string, generations = 1): EvalProgressRow => ({
  runId, iteration, split, problemId, generations, updates: generations - 1,
  turns: [{ attempt: `attempt of ${problemId}`, feedback: 'Step (1) is correct.' }], context: generations < 2 ? `Q: ${problemId}\n` : null,
});
const names = (rows: EvalProgressRow[]) => rows.map((r) => `${r.iteration} ${r.split} ${r.problemId} ${r.generations}`).sort();
const record = (runId: number, split: 'seen' | 'unseen') => ({ runId, iteration: 1, model: 'tripost-1', task: 'msa' as const, split, n: 2, accuracy: 0.5, siFreq: 0, siContrib: 0, createdAt: 1 });

describe('evaluation in progress', () => {
  it('keeps one row a problem (its latest round), by iteration and split', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    await saveEvalProgress(db, [row(runId, 1, 'seen', 'a'), row(runId, 1, 'seen', 'b'), row(runId, 0, 'seen', 'a')]);
    await saveEvalProgress(db, [row(runId, 1, 'seen', 'a', 2), row(runId, 1, 'unseen', 'a')]);
    expect(names(await listEvalProgress(db, runId, 1))).toEqual(['1 seen a 2', '1 seen b 1', '1 unseen a 1']);
    expect(names(await listEvalProgress(db, runId))).toHaveLength(4);
    expect(await listEvalProgress(db, runId + 1)).toEqual([]);
  });

  it('a finished split stores its record and drops its own rows only; deleting the run drops the rest', async () => {
    const db = await freshDb();
    const runId = await createRun(db, 'r', {});
    const other = await createRun(db, 'other', {});
    await saveEvalProgress(db, [row(runId, 1, 'seen', 'a'), row(runId, 1, 'unseen', 'a'), row(runId, 0, 'seen', 'a'), row(other, 1, 'seen', 'a')]);
    await finishEvalSplit(db, record(runId, 'seen'));
    expect((await listEvals(db, runId)).map((e) => e.split)).toEqual(['seen']);
    expect(names(await listEvalProgress(db, runId))).toEqual(['0 seen a 1', '1 unseen a 1']);
    await deleteRun(db, runId);
    expect(await db.evalProgress.count()).toBe(1);
    expect(names(await listEvalProgress(db, other))).toEqual(['1 seen a 1']);
  });

  it('travels in the run bundle only while there is some; its rows are checked on import', async () => {
    const source = await freshDb({ name: 'source' });
    const target = await freshDb({ name: 'target' });
    const runId = await createRun(source, 'r', {});
    await saveEvals(source, [record(runId, 'seen')]);
    expect(unzipSync(await exportRunBundle(source, runId))['eval-progress.jsonl']).toBeUndefined();

    await saveEvalProgress(source, [row(runId, 1, 'unseen', 'a'), row(runId, 1, 'unseen', 'b', 2)]);
    const bundle = await exportRunBundle(source, runId);
    const { runId: copy } = await importRunBundle(target, bundle);
    expect(await listEvalProgress(target, copy)).toEqual([row(copy, 1, 'unseen', 'a'), row(copy, 1, 'unseen', 'b', 2)]);

    const files = unzipSync(bundle);
    const withProgress = async (text: string) => {
      const manifest = JSON.parse(strFromU8(files['run.json']));
      manifest.sha256['eval-progress.jsonl'] = await sha256Hex(strToU8(text));
      return zipSync({ ...files, 'run.json': strToU8(JSON.stringify(manifest)), 'eval-progress.jsonl': strToU8(text) });
    };
    const [line] = strFromU8(files['eval-progress.jsonl']).split('\n');
    const badTurns = JSON.stringify({ ...JSON.parse(line), turns: [{ attempt: 3 }] });
    await expect(importRunBundle(target, await withProgress(badTurns))).rejects.toThrow(/eval-progress.jsonl line 1: turns must be/);
    const badSplit = JSON.stringify({ ...JSON.parse(line), split: 'both' });
    await expect(importRunBundle(target, await withProgress(badSplit))).rejects.toBeInstanceOf(BundleError);
    const damaged = zipSync({ ...files, 'eval-progress.jsonl': strToU8(line) });
    await expect(importRunBundle(target, damaged)).rejects.toThrow(/eval-progress.jsonl in the bundle is damaged/);
    expect(await target.evalProgress.count()).toBe(2);
  });

  it('a version-4 database opens under version 5 with its runs and evaluations, and no evaluation in progress', async () => {
    const v4 = await freshDb({ upToVersion: 4 });
    expect(v4.verno).toBe(4);
    expect(v4.tables.map((t) => t.name)).not.toContain('evalProgress');
    const runId = await createRun(v4, 'old run', {});
    await saveEvals(v4, [record(runId, 'seen')]);
    v4.close();
    const current = await reopen(v4);
    expect(current.verno).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(5);
    expect((await listEvals(current, runId)).map((e) => e.split)).toEqual(['seen']);
    expect(await listEvalProgress(current, runId)).toEqual([]);
  });
});
