// Every page of a filter, following `next` to the end, checking each page's size on the way.
import { expect } from 'vitest';
import type { TriPostDb } from '../../src/store/db';
import type { Trajectory } from '../../src/store/schema';
import { pageTrajectories, type TrajectoryFilter } from '../../src/store/trajectories';

export async function allPages(db: TriPostDb, filter: TrajectoryFilter, limit: number, maxScan?: number): Promise<Trajectory[]> {
  const out: Trajectory[] = [];
  let after: number | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await pageTrajectories(db, filter, { after, limit, maxScan });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
  throw new Error('paging did not end');
}
