// Drop reasons grouped by their leading phrase, and how many trajectories each group holds, read from
// the drop-group indexes (one short query per group, no record read).
import type { TriPostDb } from './db';

/**
 * A drop reason's leading phrase (before the first ':' or digit), so reasons that differ only in detail
 * group: "illegal-improvement: step (2) …" → "illegal-improvement". Stored on every dropped row, so a
 * change here needs a schema version that recomputes it.
 */
export function dropReasonGroup(reason: string | undefined): string {
  const head = (reason ?? '').split(/[:\d]/)[0].trim();
  return head || 'unspecified';
}

export interface DropReasonCount {
  /** The group, as the `dropReason` filter takes it. */
  reason: string;
  count: number;
}

export interface DropReasonCounts {
  kept: number;
  /** Every group present, by name. */
  dropped: DropReasonCount[];
}

// IndexedDB orders numbers < strings < arrays: '' starts the strings, [] ends them (and any id after a group).
const FIRST_STRING = '';
const AFTER_STRINGS: never[] = [];

/** Kept trajectories and each drop-reason group present, in one run or in all of them. */
export async function dropReasonCounts(db: TriPostDb, runId?: number): Promise<DropReasonCounts> {
  const prefix = runId === undefined ? [] : [runId];
  const index = db.trajectories.where(runId === undefined ? '[dropGroup+id]' : '[runId+dropGroup+id]');
  return db.transaction('r', db.trajectories, async () => {
    const dropped: DropReasonCount[] = [];
    let lower: unknown[] = [...prefix, FIRST_STRING];
    // Skip scan: the first key of each group, then jump past that group's ids.
    for (;;) {
      const [key] = (await index.between(lower, [...prefix, AFTER_STRINGS], true, false).limit(1).keys()) as unknown[][];
      if (!key) break;
      const reason = key[prefix.length] as string;
      const count = await index.between([...prefix, reason, -Infinity], [...prefix, reason, Infinity]).count();
      dropped.push({ reason, count });
      lower = [...prefix, reason, AFTER_STRINGS];
    }
    const all = await (runId === undefined ? db.trajectories.count() : db.trajectories.where('[runId+id]').between([runId, -Infinity], [runId, Infinity]).count());
    return { kept: all - dropped.reduce((sum, d) => sum + d.count, 0), dropped };
  });
}
