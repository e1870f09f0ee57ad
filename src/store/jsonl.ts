// Trajectories as JSONL: one JSON object a line. Import validates every line, reports bad ones by
// line number, and writes good ones in batches of one transaction each.
import type { TriPostDb } from './db';
import { getRun } from './runs';
import type { NewTrajectory, Trajectory } from './schema';
import { appendTrajectories, pageTrajectories, type TrajectoryFilter } from './trajectories';
import { validateTrajectory } from './validate';

export interface JsonlLineError {
  /** 1-based line number in the text. */
  line: number;
  reason: string;
}

export interface ParsedJsonl {
  /** Valid lines; `sourceId` is the line's own `id`, if it had one (bundles remap references by it). */
  valid: { line: number; value: NewTrajectory; sourceId: number | null }[];
  errors: JsonlLineError[];
}

export interface JsonlImportResult {
  /** Ids of the imported trajectories, in line order. */
  ids: number[];
  errors: JsonlLineError[];
}

/** One line per trajectory, newline-terminated. */
export function trajectoriesToJsonl(trajectories: readonly Trajectory[]): string {
  return trajectories.map((t) => JSON.stringify(t) + '\n').join('');
}

/** Every trajectory matching the filter, as JSONL, read page by page. */
export async function exportTrajectoriesJsonl(db: TriPostDb, filter: TrajectoryFilter): Promise<string> {
  const parts: string[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await pageTrajectories(db, filter, { after, limit: 1000, maxScan: Infinity });
    parts.push(trajectoriesToJsonl(page.items));
    if (page.next === null) return parts.join('');
    after = page.next;
  }
}

/** Parses and validates JSONL; blank lines are skipped, every other line is valid or reported. */
export function parseTrajectoriesJsonl(text: string): ParsedJsonl {
  const result: ParsedJsonl = { valid: [], errors: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((source, index) => {
    const line = index + 1;
    if (source.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch (error) {
      result.errors.push({ line, reason: `not valid JSON (${(error as Error).message})` });
      return;
    }
    const checked = validateTrajectory(json);
    if (!checked.ok) {
      result.errors.push({ line, reason: checked.reason });
      return;
    }
    const id = (json as { id?: unknown }).id;
    result.valid.push({ line, value: checked.value, sourceId: Number.isInteger(id) ? (id as number) : null });
  });
  return result;
}

/**
 * Imports the valid lines into a run (their own `runId` and `id` are replaced). Each batch is one
 * transaction: if a write fails (e.g. StorageFull) the error is thrown and earlier batches stay.
 */
export async function importTrajectoriesJsonl(
  db: TriPostDb,
  text: string,
  options: { runId: number; batchSize?: number },
): Promise<JsonlImportResult> {
  await getRun(db, options.runId);
  const { valid, errors } = parseTrajectoriesJsonl(text);
  const batchSize = options.batchSize ?? 500;
  const ids: number[] = [];
  for (let start = 0; start < valid.length; start += batchSize) {
    const batch = valid.slice(start, start + batchSize).map(({ value }) => ({ ...value, runId: options.runId }));
    ids.push(...(await appendTrajectories(db, batch)));
  }
  return { ids, errors };
}
