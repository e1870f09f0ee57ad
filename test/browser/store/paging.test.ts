// Keyset paging on Chromium's real IndexedDB (the unit tier runs the same queries on fake-indexeddb): every page of the
// benchmark's filters, through two runs whose ids interleave, holds exactly what a brute-force filter of the generated
// trajectories gives. Paging's speed is measured by `npm run bench -- --only store-chromium`, not by a test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_DROP_FILTER, BENCH_FILTER, syntheticTrajectory } from '../../../src/store/bench';
import { openDb, type TriPostDb } from '../../../src/store/db';
import { dropReasonGroup } from '../../../src/store/drop-reason';
import { createRun } from '../../../src/store/runs';
import type { NewTrajectory } from '../../../src/store/schema';
import { appendTrajectories, countTrajectories, type TrajectoryFilter } from '../../../src/store/trajectories';
import { allPages } from '../../helpers/all-pages';

const PER_RUN = 2_500;
const BATCH = 250;
const PAGE = 50;

let db: TriPostDb;
let runA: number;
let runB: number;
/** Everything appended, with the id the store gave it, in id order. */
const stored: (NewTrajectory & { id: number })[] = [];

beforeAll(async () => {
  db = await openDb({ name: `paging-test-${crypto.randomUUID()}` });
  runA = await createRun(db, 'a', {});
  runB = await createRun(db, 'b', {});
  // The runs' batches alternate, so a [runId+…+id] range must step over the other run's ids.
  for (let i = 0; i < PER_RUN; i += BATCH) {
    for (const runId of [runA, runB]) {
      const batch = Array.from({ length: BATCH }, (_, k) => syntheticTrajectory(runId, i + k));
      const ids = await appendTrajectories(db, batch);
      batch.forEach((t, k) => stored.push({ ...t, id: ids[k] }));
    }
  }
});
afterAll(async () => {
  await db?.delete();
});

/** The filter applied in plain JavaScript to what was generated; only the fields the benchmark filters use. */
function bruteForce(filter: TrajectoryFilter): (NewTrajectory & { id: number })[] {
  expect(Object.keys(filter).every((k) => ['runId', 'outcome', 'split', 'dropReason'].includes(k))).toBe(true);
  return stored.filter(
    (t) =>
      (filter.runId === undefined || t.runId === filter.runId) &&
      (filter.outcome === undefined || t.outcome === filter.outcome) &&
      (filter.split === undefined || t.split === filter.split) &&
      (filter.dropReason === undefined || (!t.kept && dropReasonGroup(t.dropReason) === filter.dropReason)),
  );
}

describe('trajectory paging on Chromium IndexedDB', () => {
  const cases: [string, () => TrajectoryFilter, number?][] = [
    ['the benchmark filter in a run ([runId+outcome+id], split checked after)', () => ({ runId: runA, ...BENCH_FILTER })],
    ['the benchmark filter over all runs (primary key)', () => ({ ...BENCH_FILTER })],
    // A read batch (256 rows) holds about 32 matches: every page stops short and continues after its last read.
    ['the benchmark filter over all runs, pages cut short by maxScan', () => ({ ...BENCH_FILTER }), 60],
    ['the drop-reason filter in a run ([runId+dropGroup+id])', () => ({ runId: runB, ...BENCH_DROP_FILTER })],
    ['the drop-reason filter over all runs ([dropGroup+id])', () => ({ ...BENCH_DROP_FILTER })],
  ];
  for (const [name, makeFilter, maxScan] of cases) {
    it(`${name}: every match once, in id order, as written`, async () => {
      const filter = makeFilter();
      const expected = bruteForce(filter);
      // Several pages deep, and more than one page of each run.
      expect(expected.length).toBeGreaterThan(2 * PAGE);
      const paged = await allPages(db, filter, PAGE, maxScan);
      const ids = paged.map((t) => t.id);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
      expect(ids).toEqual(expected.map((t) => t.id));
      expect(paged.map(({ createdAt: _createdAt, ...t }) => t)).toEqual(expected);
      expect(await countTrajectories(db, filter)).toBe(expected.length);
    });
  }
});
