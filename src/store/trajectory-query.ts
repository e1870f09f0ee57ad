// Query planning for the inspector's filters: pick the index that covers the most of the filter,
// check the rest (and the text search) in JavaScript.
import type { Collection, IndexableType, InsertType } from 'dexie';
import { indexName, TRAJECTORY_INDEXES, type IndexedField, type TriPostDb, type TrajectoryRow } from './db';
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
  /** Dropped trajectories whose reason is in this group (`dropReasonGroup`, e.g. "illegal-improvement"). */
  dropReason?: string;
  /** Case-insensitive substring of the problem's question. */
  text?: string;
}

/** Rows in id order, as Dexie types a collection over an auto-incremented table. */
export type RowCollection = Collection<TrajectoryRow, number, InsertType<TrajectoryRow, 'id'>>;

export interface QueryPlan {
  /** Rows in id order after the given id, narrowed by the chosen index. */
  range: (db: TriPostDb, after: number) => RowCollection;
  /** The part of the filter the index does not cover; undefined when it covers all. */
  residual?: (row: TrajectoryRow) => boolean;
}

const ALL_FIELDS: readonly IndexedField[] = ['runId', 'iteration', 'task', 'split', 'outcome', 'critic', 'kept', 'dropGroup'];

/** The stored value a row must have in `field` to pass the filter; undefined when the filter leaves it open. */
function rowValue(filter: TrajectoryFilter, field: IndexedField): IndexableType | undefined {
  if (field === 'kept') return filter.kept === undefined ? undefined : filter.kept ? 1 : 0;
  if (field === 'dropGroup') return filter.dropReason;
  return filter[field];
}

function chooseIndex(filter: TrajectoryFilter): readonly IndexedField[] {
  // Widest index whose fields are all in the filter; ties go to the earlier (more selective) index.
  let best: readonly IndexedField[] = [];
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
      : db.trajectories.where(indexName(indexFields)).between([...values, after], [...values, Infinity], false, true);

  const checks: ((row: TrajectoryRow) => boolean)[] = [];
  for (const field of ALL_FIELDS) {
    const value = rowValue(filter, field);
    if (value !== undefined && !indexFields.includes(field)) checks.push((row) => row[field] === value);
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) checks.push((row) => row.search.includes(text));
  return { range, residual: checks.length === 0 ? undefined : (row) => checks.every((check) => check(row)) };
}
