// Query planning for the inspector's filters: pick the index that covers the most of the filter,
// check the rest (and the text search) in JavaScript.
import type { Collection, IndexableType, InsertType } from 'dexie';
import { TRAJECTORY_INDEXES, type TriPostDb, type TrajectoryRow } from './db';
import type { Outcome, Split, TaskId } from './schema';

/** The inspector's filters; every field given must match. */
export interface TrajectoryFilter {
  runId?: number;
  iteration?: number;
  task?: TaskId;
  split?: Split;
  outcome?: Outcome;
  critic?: string;
  kept?: boolean;
  /** Case-insensitive substring of the problem's question. */
  text?: string;
}

/** Rows in id order, as Dexie types a collection over an auto-incremented table. */
export type RowCollection = Collection<TrajectoryRow, number, InsertType<TrajectoryRow, 'id'>>;

type FieldName = 'runId' | 'iteration' | 'task' | 'split' | 'outcome' | 'critic' | 'kept';

export interface QueryPlan {
  /** Rows in id order after the given id, narrowed by the chosen index. */
  range: (db: TriPostDb, after: number) => RowCollection;
  /** The part of the filter the index does not cover; undefined when it covers all. */
  residual?: (row: TrajectoryRow) => boolean;
}

function rowValue(filter: TrajectoryFilter, field: FieldName): IndexableType | undefined {
  if (field === 'kept') return filter.kept === undefined ? undefined : filter.kept ? 1 : 0;
  return filter[field];
}

function chooseIndex(filter: TrajectoryFilter): readonly FieldName[] {
  if (filter.runId === undefined) return [];
  // Widest index whose fields are all in the filter; ties go to the earlier (more selective) index.
  let best: readonly FieldName[] = [];
  for (const fields of TRAJECTORY_INDEXES) {
    if (fields.length > best.length && fields.every((f) => rowValue(filter, f) !== undefined)) best = fields;
  }
  return best;
}

export function planQuery(filter: TrajectoryFilter): QueryPlan {
  const indexFields = chooseIndex(filter);
  const values = indexFields.map((f) => rowValue(filter, f) as IndexableType);
  const range = (db: TriPostDb, after: number): RowCollection =>
    indexFields.length === 0
      ? db.trajectories.where(':id').above(after)
      : db.trajectories
          .where(`[${[...indexFields, 'id'].join('+')}]`)
          .between([...values, after], [...values, Infinity], false, true);

  const checks: ((row: TrajectoryRow) => boolean)[] = [];
  const allFields: FieldName[] = ['runId', 'iteration', 'task', 'split', 'outcome', 'critic', 'kept'];
  for (const field of allFields) {
    const value = rowValue(filter, field);
    if (value !== undefined && !indexFields.includes(field)) checks.push((row) => row[field] === value);
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) checks.push((row) => row.search.includes(text));
  return { range, residual: checks.length === 0 ? undefined : (row) => checks.every((check) => check(row)) };
}
