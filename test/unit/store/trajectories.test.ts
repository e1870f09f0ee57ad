import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import type { TriPostDb } from '../../../src/store/db';
import { createRun } from '../../../src/store/runs';
import type { Trajectory } from '../../../src/store/schema';
import {
  appendTrajectories,
  countTrajectories,
  getTrajectory,
  latestTrajectories,
  pageTrajectories,
  type TrajectoryFilter,
} from '../../../src/store/trajectories';
import { allPages } from '../../helpers/all-pages';
import { freshDb } from './fresh-db';

let db: TriPostDb;
let runA: number;
let runB: number;
const N = 400;

beforeEach(async () => {
  db = await freshDb();
  runA = await createRun(db, 'a', {});
  runB = await createRun(db, 'b', {});
  await appendTrajectories(db, Array.from({ length: N }, (_, i) => syntheticTrajectory(runA, i)));
  await appendTrajectories(db, Array.from({ length: 50 }, (_, i) => syntheticTrajectory(runB, i)));
});
afterEach(() => db.close());

/** The same filter applied by brute force to everything stored. */
async function bruteForce(filter: TrajectoryFilter): Promise<Trajectory[]> {
  const all = await allPages(db, {}, 1000);
  return all.filter(
    (t) =>
      (filter.runId === undefined || t.runId === filter.runId) &&
      (filter.iteration === undefined || t.iteration === filter.iteration) &&
      (filter.task === undefined || t.task === filter.task) &&
      (filter.split === undefined || t.split === filter.split) &&
      (filter.outcome === undefined || t.outcome === filter.outcome) &&
      (filter.critic === undefined || t.critic === filter.critic) &&
      (filter.kept === undefined || t.kept === filter.kept) &&
      (filter.text === undefined || t.problem.question.toLowerCase().includes(filter.text.toLowerCase())),
  );
}

describe('trajectories', () => {
  it('appends in order, returns ids, and reads back the same record', async () => {
    const t = syntheticTrajectory(runA, 7);
    const [id] = await appendTrajectories(db, [{ ...t, kept: false, dropReason: 'repeated error', createdAt: 123 }]);
    expect(await getTrajectory(db, id)).toEqual({ ...t, id, kept: false, dropReason: 'repeated error', createdAt: 123 });
  });

  it('stores everything when nothing is filtered', async () => {
    const all = await allPages(db, {}, 37);
    expect(all).toHaveLength(N + 50);
    expect(all.map((t) => t.id)).toEqual([...all.map((t) => t.id)].sort((a, b) => a - b));
  });

  const filters: [string, (a: number) => TrajectoryFilter][] = [
    ['run only', (a) => ({ runId: a })],
    ['outcome (index-covered)', (a) => ({ runId: a, outcome: 'improved' })],
    ['kept false (boolean index)', (a) => ({ runId: a, kept: false })],
    ['iteration + task + split (residual)', (a) => ({ runId: a, iteration: 2, task: 'ws', split: 'unseen' })],
    ['critic + kept', (a) => ({ runId: a, critic: 'gpt-4o-mini', kept: true })],
    ['text search', (a) => ({ runId: a, text: '(12 + -6' })],
    ['text without run', () => ({ text: '- 3)) =' })],
    ['nothing matches', (a) => ({ runId: a, task: 'msa', split: 'seen', outcome: 'dropped', text: 'zzz' })],
  ];
  for (const [name, make] of filters) {
    it(`pages match a brute-force filter: ${name}`, async () => {
      const filter = make(runA);
      const expected = await bruteForce(filter);
      expect(expected.length > 0).toBe(name !== 'nothing matches');
      const paged = await allPages(db, filter, 7);
      expect(paged.map((t) => t.id)).toEqual(expected.map((t) => t.id));
      expect(await countTrajectories(db, filter)).toBe(expected.length);
    });
  }

  it('a page reads only what it needs when the index covers the filter', async () => {
    const page = await pageTrajectories(db, { runId: runA, outcome: 'correct' }, { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.scanned).toBe(11);
    expect(page.items.every((t) => t.outcome === 'correct' && t.runId === runA)).toBe(true);
  });

  it('maxScan bounds the work of one page and paging still reaches every match', async () => {
    const filter: TrajectoryFilter = { runId: runA, text: '(5 + -6' };
    const first = await pageTrajectories(db, filter, { limit: 50, maxScan: 100 });
    expect(first.scanned).toBeLessThanOrEqual(356);
    expect(first.next).not.toBeNull();
    expect((await allPages(db, filter, 50, 100)).map((t) => t.id)).toEqual((await bruteForce(filter)).map((t) => t.id));
  });

  it('next is null exactly at the end when the last page is full', async () => {
    const page = await pageTrajectories(db, { runId: runB }, { limit: 50 });
    expect(page.items).toHaveLength(50);
    expect(page.next).toBeNull();
  });

  it('an append that fails part-way writes nothing', async () => {
    const before = await countTrajectories(db, {});
    const good = syntheticTrajectory(runA, 1);
    const [existing] = await appendTrajectories(db, [good]);
    const duplicate = { ...good, id: existing } as unknown as typeof good;
    await expect(appendTrajectories(db, [good, good, duplicate])).rejects.toThrow();
    expect(await countTrajectories(db, {})).toBe(before + 1);
  });
});

describe('latestTrajectories', () => {
  it("returns a run's newest trajectories first, and only that run's", async () => {
    const all = await allPages(db, { runId: runA }, 1000);
    const latest = await latestTrajectories(db, runA, 12);
    expect(latest.map((t) => t.id)).toEqual(all.slice(-12).reverse().map((t) => t.id));
    expect(latest[0]).toEqual(await getTrajectory(db, latest[0].id));
    expect((await latestTrajectories(db, runB, 100)).length).toBe(50);
    expect(await latestTrajectories(db, 9999, 5)).toEqual([]);
  });
});
