// Trajectories: batched appends as the editing stage produces them, and the inspector's paged queries.
import type { TriPostDb, TrajectoryRow } from './db';
import { dropReasonGroup } from './drop-reason';
import { guardWrite } from './health';
import type { NewTrajectory, Trajectory } from './schema';
import { planQuery, type TrajectoryFilter } from './trajectory-query';

export type { TrajectoryFilter } from './trajectory-query';

export function toRow(t: Omit<Trajectory, 'id'> & { id?: number }): TrajectoryRow {
  const row = { ...t, kept: t.kept ? 1 : 0, search: t.problem.question.toLowerCase() } as TrajectoryRow;
  if (!t.kept) row.dropGroup = dropReasonGroup(t.dropReason);
  return row;
}

export function fromRow(row: TrajectoryRow): Trajectory {
  const { search: _search, dropGroup: _dropGroup, kept, ...rest } = row;
  return { ...rest, kept: kept === 1 };
}

/** A run's `n` newest trajectories, newest first (the Demo's feed of a reopened run). */
export async function latestTrajectories(db: TriPostDb, runId: number, n: number): Promise<Trajectory[]> {
  const rows = await db.trajectories.where('[runId+id]').between([runId, 0], [runId, Infinity]).reverse().limit(n).toArray();
  return rows.map(fromRow);
}

/** Appends trajectories in one transaction (all or none); returns their new ids in order. */
export async function appendTrajectories(db: TriPostDb, items: readonly NewTrajectory[]): Promise<number[]> {
  const now = Date.now();
  const rows = items.map((t) => toRow({ ...t, createdAt: t.createdAt ?? now }));
  return guardWrite(() =>
    db.transaction('rw', db.trajectories, () => db.trajectories.bulkAdd(rows as TrajectoryRow[], { allKeys: true })),
  );
}

export async function getTrajectory(db: TriPostDb, id: number): Promise<Trajectory | undefined> {
  const row = await db.trajectories.get(id);
  return row && fromRow(row);
}

export interface PageOptions {
  /** Continue after this id (the previous page's `next`); omit for the first page. */
  after?: number;
  /** Page size; default 50. */
  limit?: number;
  /** Stop after reading this many records even if the page is not full, to stay interactive; default 20,000. */
  maxScan?: number;
}

export interface TrajectoryPage {
  /** Matching trajectories in id order (creation order). */
  items: Trajectory[];
  /** Pass as `after` for the next page; null when nothing more matches. */
  next: number | null;
  /** Records read to fill this page (the cost of the residual filter and text search). */
  scanned: number;
}

/**
 * One page of trajectories matching the filter. Keyset paging: each page starts right after the
 * previous page's last id, so page 1,000 costs what page 1 costs.
 */
export async function pageTrajectories(db: TriPostDb, filter: TrajectoryFilter, options: PageOptions = {}): Promise<TrajectoryPage> {
  const limit = options.limit ?? 50;
  const maxScan = options.maxScan ?? 20_000;
  const plan = planQuery(filter);
  // Without a residual filter the index returns exactly the matches: read one extra to know if more exist.
  const batch = plan.residual ? Math.max(4 * limit, 256) : limit + 1;
  const matches: TrajectoryRow[] = [];
  let after = options.after ?? -Infinity;
  let scanned = 0;
  let exhausted = false;
  while (matches.length <= limit && scanned < maxScan) {
    const rows = await plan.range(db, after).limit(batch).toArray();
    for (const row of rows) {
      scanned++;
      after = row.id;
      if (!plan.residual || plan.residual(row)) matches.push(row);
      if (matches.length > limit) break;
    }
    if (rows.length < batch) {
      exhausted = matches.length <= limit;
      break;
    }
  }
  const items = matches.slice(0, limit).map(fromRow);
  const next = matches.length > limit ? items[limit - 1].id : exhausted ? null : after;
  return { items, next, scanned };
}

/** How many trajectories match (fast when the filter is covered by an index; scans otherwise). */
export async function countTrajectories(db: TriPostDb, filter: TrajectoryFilter): Promise<number> {
  const plan = planQuery(filter);
  const range = plan.range(db, -Infinity);
  return plan.residual ? range.filter(plan.residual).count() : range.count();
}
