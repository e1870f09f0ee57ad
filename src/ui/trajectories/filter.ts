// The inspector's filters and their place in the URL (`#/trajectories?run=3&outcome=improved&q=sort`),
// so a filtered view can be shared as a link.
import { OUTCOMES, SPLITS, TASK_IDS, type Outcome, type Split, type TaskId, type TrajectoryFilter } from '../../store';

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined => (values.includes(v as T) ? (v as T) : undefined);

function integer(v: string | null): number | undefined {
  if (v === null || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

/** Reads the filter from a query; unknown or malformed values are ignored. */
export function filterFromQuery(q: URLSearchParams): TrajectoryFilter {
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
export function filterToQuery(f: TrajectoryFilter): Record<string, string | undefined> {
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

/** The Training select's choices: kept or dropped, only kept, dropped for any reason, or one drop-reason group. */
const REASON_PREFIX = 'reason:';

export const reasonChoice = (group: string): string => REASON_PREFIX + group;

/** The Training select's value for a filter. */
export function trainingChoice(f: TrajectoryFilter): string {
  if (f.dropReason !== undefined) return reasonChoice(f.dropReason);
  return f.kept === undefined ? '' : f.kept ? 'kept' : 'dropped';
}

/** The filter fields a Training choice sets (both, so a new choice replaces the old one). */
export function fromTrainingChoice(choice: string): Pick<TrajectoryFilter, 'kept' | 'dropReason'> {
  if (choice.startsWith(REASON_PREFIX)) return { kept: undefined, dropReason: choice.slice(REASON_PREFIX.length) };
  return { kept: choice === '' ? undefined : choice === 'kept', dropReason: undefined };
}
