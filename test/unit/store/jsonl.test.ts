import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import type { TriPostDb } from '../../../src/store/db';
import { NotFound, StorageFull } from '../../../src/store/errors';
import { exportTrajectoriesJsonl, importTrajectoriesJsonl, parseTrajectoriesJsonl } from '../../../src/store/jsonl';
import { createRun } from '../../../src/store/runs';
import { appendTrajectories, countTrajectories, pageTrajectories } from '../../../src/store/trajectories';
import { createDb } from '../../../src/store/db';
import { freshDb, fakeIndexedDB } from './fresh-db';
import { installQuotaFault, QUOTA_SHAPES } from './quota-fault';

let db: TriPostDb;
beforeEach(async () => {
  db = await freshDb();
});
afterEach(() => db.close());

const line = (i: number, changes: object = {}) => JSON.stringify({ ...syntheticTrajectory(1, i), ...changes });

describe('JSONL export', () => {
  it('writes one trajectory a line, only those matching the filter', async () => {
    const run = await createRun(db, 'r', {});
    const other = await createRun(db, 'o', {});
    const ts = Array.from({ length: 2500 }, (_, i) => syntheticTrajectory(run, i));
    await appendTrajectories(db, ts);
    await appendTrajectories(db, [syntheticTrajectory(other, 0)]);
    const text = await exportTrajectoriesJsonl(db, { runId: run });
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2500);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[1234]).toMatchObject({ ...ts[1234], runId: run });
    expect(typeof parsed[0].id).toBe('number');
    expect(parsed[0].search).toBeUndefined();
    expect(await exportTrajectoriesJsonl(db, { runId: run, task: 'du', kept: false })).toBe(
      lines.filter((_, i) => ts[i].task === 'du' && !ts[i].kept).map((l) => l + '\n').join(''),
    );
  });
});

describe('JSONL import', () => {
  it('imports good lines and reports each bad one by line number and reason', async () => {
    const run = await createRun(db, 'target', {});
    const text = [
      line(0),
      '{ not json',
      line(1, { task: 'chess' }),
      '',
      line(2, { turns: [{ attempt: 'a', feedback: 'f', feedbackKind: 'maybe' }] }),
      line(3, { problem: { id: 'p3' } }),
      line(4, { kept: 'yes' }),
      line(5, { iteration: -1 }),
      line(6, { turns: [] }),
      line(7, { runId: 999, id: 12345 }),
      '[1, 2]',
      line(8, { dropReason: 3 }),
      line(9),
    ].join('\r\n');
    const result = await importTrajectoriesJsonl(db, text, { runId: run, batchSize: 2 });
    expect(result.errors).toEqual([
      { line: 2, reason: expect.stringMatching(/^not valid JSON/) },
      { line: 3, reason: 'task must be one of msa, ws, du, ld' },
      { line: 5, reason: 'turns[0].feedbackKind must be one of correct, error, format' },
      { line: 6, reason: 'problem.question must be a string' },
      { line: 7, reason: 'kept must be true or false' },
      { line: 8, reason: 'iteration must be an integer ≥ 0' },
      { line: 9, reason: 'turns must be a non-empty array' },
      { line: 11, reason: 'the line must be an object' },
      { line: 12, reason: 'dropReason must be a string' },
    ]);
    expect(result.ids).toHaveLength(3);
    const page = await pageTrajectories(db, { runId: run });
    expect(page.items.map((t) => t.problem.id)).toEqual(['p0', 'p7', 'p9']);
    expect(page.items[1].id).not.toBe(12345);
    expect(page.items[0]).toMatchObject({ ...syntheticTrajectory(run, 0), runId: run });
  });

  it('round-trips an export into another run unchanged except ids', async () => {
    const a = await createRun(db, 'a', {});
    const b = await createRun(db, 'b', {});
    await appendTrajectories(db, Array.from({ length: 30 }, (_, i) => ({ ...syntheticTrajectory(a, i), dropReason: i % 2 ? 'x' : undefined })));
    const exported = await exportTrajectoriesJsonl(db, { runId: a });
    const result = await importTrajectoriesJsonl(db, exported, { runId: b });
    expect(result.errors).toEqual([]);
    const strip = (text: string) => text.split('\n').filter(Boolean).map((l) => ({ ...JSON.parse(l), id: 0, runId: 0 }));
    expect(strip(await exportTrajectoriesJsonl(db, { runId: b }))).toEqual(strip(exported));
  });

  it('refuses to import into a run that does not exist', async () => {
    await expect(importTrajectoriesJsonl(db, line(0), { runId: 42 })).rejects.toBeInstanceOf(NotFound);
  });

  it('each batch is one transaction: a full disk keeps earlier batches and none of the failed one', async () => {
    const faulty = createDb({ name: 'faulty', ...fakeIndexedDB() });
    const fault = installQuotaFault(faulty);
    await faulty.open();
    const run = await createRun(faulty, 'r', {});
    fault.arm(2, QUOTA_SHAPES['AbortError wrapping QuotaExceededError (inner)']);
    const text = Array.from({ length: 10 }, (_, i) => line(i)).join('\n');
    await expect(importTrajectoriesJsonl(faulty, text, { runId: run, batchSize: 4 })).rejects.toBeInstanceOf(StorageFull);
    fault.disarm();
    expect(await countTrajectories(faulty, { runId: run })).toBe(8);
    faulty.close();
  });

  it('parses without a database, for previews', () => {
    const parsed = parseTrajectoriesJsonl(`${line(0, { id: 7 })}\n\n${line(1)}\nnull\n`);
    expect(parsed.valid.map((v) => [v.line, v.sourceId])).toEqual([[1, 7], [3, null]]);
    expect(parsed.errors).toEqual([{ line: 4, reason: 'the line must be an object' }]);
  });
});
