// The inspector's filters and their place in the URL (`#/trajectories?run=3&outcome=improved&q=sort`),
// so a filtered view can be shared as a link.
import { OUTCOMES, SPLITS, TASK_IDS, type Outcome, type Split, type TaskId, type Trajectory, type TrajectoryFilter } from '../../store';

export interface InspectorFilter extends TrajectoryFilter {
  /** Case-insensitive substring of the drop reason; the store has no index for it, so it is checked here. */
  dropReason?: string;
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (values.includes(v as T) ? (v as T) : undefined);

function integer(v: string | null): number | undefined {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** Reads the filter from a query; unknown or malformed values are ignored. */
export function filterFromQuery(q: URLSearchParams): InspectorFilter {
  const kept = q.get('kept');
  return {
    runId: integer(q.get('run')),
    iteration: integer(q.get('iter')),
    task: oneOf<TaskId>(TASK_IDS, q.get('task')),
    split: oneOf<Split>(SPLITS, q.get('split')),
    outcome: oneOf<Outcome>(OUTCOMES, q.get('outcome')),
    critic: q.get('critic') || undefined,
    kept: kept === 'kept' ? true : kept === 'dropped' ? false : undefined,
    dropReason: q.get('reason') || undefined,
    text: q.get('q') || undefined,
  };
}

/** The query keys for a filter; every key is present so setting a filter also clears the others. */
export function filterToQuery(f: InspectorFilter): Record<string, string | undefined> {
  return {
    run: f.runId?.toString(),
    iter: f.iteration?.toString(),
    task: f.task,
    split: f.split,
    outcome: f.outcome,
    critic: f.critic,
    kept: f.kept === undefined ? undefined : f.kept ? 'kept' : 'dropped',
    reason: f.dropReason,
    q: f.text,
  };
}

/** The part of the filter the store answers with its indexes. */
export function storeFilter(f: InspectorFilter): TrajectoryFilter {
  const { dropReason: _checkedHere, ...rest } = f;
  return rest;
}

/** Whether a trajectory passes the part of the filter the store does not check. */
export function matchesDropReason(f: InspectorFilter, t: Pick<Trajectory, 'dropReason'>): boolean {
  const wanted = f.dropReason?.trim().toLowerCase();
  return !wanted || (t.dropReason ?? '').toLowerCase().includes(wanted);
}
