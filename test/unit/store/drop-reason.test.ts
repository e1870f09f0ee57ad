import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticTrajectory } from '../../../src/store/bench';
import type { TriPostDb } from '../../../src/store/db';
import { dropReasonCounts, dropReasonGroup } from '../../../src/store/drop-reason';
import { createRun } from '../../../src/store/runs';
import type { NewTrajectory } from '../../../src/store/schema';
import { appendTrajectories, countTrajectories, getTrajectory, pageTrajectories, type TrajectoryFilter } from '../../../src/store/trajectories';
import { allPages } from '../../helpers/all-pages';
import { freshDb } from './fresh-db';

let db: TriPostDb;
let runA: number;
let runB: number;

/** Synthetic trajectories, plus drops without a reason and with a reason only another run has. */
function runTrajectories(runId: number, n: number, extra: Partial<NewTrajectory>[] = []): NewTrajectory[] {
  const base = syntheticTrajectory(runId, 1);
  return [...Array.from({ length: n }, (_, i) => syntheticTrajectory(runId, i)), ...extra.map((e) => ({ ...base, ...e }))];
}

beforeEach(async () => {
  db = await freshDb();
  runA = await createRun(db, 'a', {});
  runB = await createRun(db, 'b', {});
  await appendTrajectories(db, runTrajectories(runA, 400, [{ kept: false }, { kept: false, dropReason: '   ' }]));
  await appendTrajectories(db, runTrajectories(runB, 60, [{ kept: false, dropReason: 'unparsable-feedback: no wording matched' }]));
});
afterEach(() => db.close());

/** Everything stored, filtered in plain JavaScript. */
async function bruteForce(filter: TrajectoryFilter): Promise<number[]> {
  const all = await allPages(db, {}, 1000);
  return all
    .filter(
      (t) =>
        (filter.runId === undefined || t.runId === filter.runId) &&
        (filter.task === undefined || t.task === filter.task) &&
        (filter.outcome === undefined || t.outcome === filter.outcome) &&
        (filter.kept === undefined || t.kept === filter.kept) &&
        (filter.text === undefined || t.problem.question.includes(filter.text)) &&
        (filter.dropReason === undefined || (!t.kept && dropReasonGroup(t.dropReason) === filter.dropReason)),
    )
    .map((t) => t.id);
}

describe('drop reason groups', () => {
  it('group reasons by their leading phrase; no reason is "unspecified"', () => {
    expect(dropReasonGroup('illegal-improvement: step (2) changed\n--- raw answer ---\nx: 1')).toBe('illegal-improvement');
    expect(dropReasonGroup('bad improvement in round 3: the new error is earlier')).toBe('bad improvement in round');
    expect(dropReasonGroup('still wrong after 5 improvement rounds')).toBe('still wrong after');
    expect(dropReasonGroup('attempt of 600 words is over the 512-word limit')).toBe('attempt of');
    expect(dropReasonGroup(undefined)).toBe('unspecified');
    expect(dropReasonGroup('  ')).toBe('unspecified');
    expect(dropReasonGroup('42 words too many')).toBe('unspecified');
  });

  it('count kept trajectories and each group present, per run and over all runs', async () => {
    // 400 synthetic: 58 dropped (every 7th), cycling over three reasons; plus the two without a reason.
    expect(await dropReasonCounts(db, runA)).toEqual({
      kept: 342,
      dropped: [
        { reason: 'bad improvement in round', count: 19 },
        { reason: 'illegal-improvement', count: 20 },
        { reason: 'still wrong after', count: 19 },
        { reason: 'unspecified', count: 2 },
      ],
    });
    const all = await dropReasonCounts(db);
    expect(all.kept).toBe(342 + 51);
    expect(all.dropped.map((d) => d.reason)).toEqual(['bad improvement in round', 'illegal-improvement', 'still wrong after', 'unparsable-feedback', 'unspecified']);
    expect(all.dropped.find((d) => d.reason === 'illegal-improvement')?.count).toBe(20 + 3);
    expect(await dropReasonCounts(db, 999)).toEqual({ kept: 0, dropped: [] });
  });
});

describe('the dropReason filter', () => {
  const filters: [string, (a: number) => TrajectoryFilter][] = [
    ['alone in a run (index-covered)', (a) => ({ runId: a, dropReason: 'illegal-improvement' })],
    ['without a run (its own index)', () => ({ dropReason: 'illegal-improvement' })],
    ['with kept: false', (a) => ({ runId: a, kept: false, dropReason: 'still wrong after' })],
    ['with task and outcome', (a) => ({ runId: a, task: 'msa', outcome: 'improved', dropReason: 'bad improvement in round' })],
    ['with text search', (a) => ({ runId: a, dropReason: 'illegal-improvement', text: '((21 + -6' })],
    ['drops that had no reason', (a) => ({ runId: a, dropReason: 'unspecified' })],
    ['a group only the other run has', (a) => ({ runId: a, dropReason: 'unparsable-feedback' })],
    ['with kept: true', (a) => ({ runId: a, kept: true, dropReason: 'illegal-improvement' })],
  ];
  for (const [name, make] of filters) {
    it(`pages and counts match a brute-force filter: ${name}`, async () => {
      const filter = make(runA);
      const expected = await bruteForce(filter);
      const empty = name.startsWith('a group only') || name.endsWith('kept: true');
      expect(expected.length === 0).toBe(empty);
      expect((await allPages(db, filter, 6)).map((t) => t.id)).toEqual(expected);
      expect(await countTrajectories(db, filter)).toBe(expected.length);
    });
  }

  it('a page reads only its matches from the index, at any depth', async () => {
    const first = await pageTrajectories(db, { runId: runA, dropReason: 'illegal-improvement' }, { limit: 5 });
    expect(first.scanned).toBe(6);
    const second = await pageTrajectories(db, { runId: runA, dropReason: 'illegal-improvement' }, { limit: 5, after: first.next ?? undefined });
    expect(second.scanned).toBe(6);
    expect(second.items[0].id).toBeGreaterThan(first.items[4].id);
    expect([...first.items, ...second.items].every((t) => !t.kept && t.dropReason?.startsWith('illegal-improvement:'))).toBe(true);
  });

  it('reads back a dropped trajectory exactly as written, without the stored group', async () => {
    const t = { ...syntheticTrajectory(runB, 3), kept: false, dropReason: 'request-failed: 503', createdAt: 5 };
    const [id] = await appendTrajectories(db, [t]);
    expect(await getTrajectory(db, id)).toEqual({ ...t, id });
  });
});
