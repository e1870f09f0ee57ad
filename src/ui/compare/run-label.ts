// How the Compare page names a run: its id and name (unique, so the charts' legends tell runs apart), what kind of run
// it is, and whether it is unfinished.
import type { RunStatus } from '../../store';
import type { RunConfig } from '../../tripost/config';
import { METHOD_LABELS } from '../demo/run-view.svelte';

/** "#3 Demo: tripost". */
export function runLabel(id: number, name: string): string {
  return `#${id} ${name}`;
}

/** What a run is, from its stored config: "msa (quick) · TriPosT · t = 3"; trajectories imported from JSONL have no settings. */
export function runSummary(config: object): string {
  const c = config as Partial<RunConfig> & { source?: unknown };
  const parts: string[] = [];
  if (typeof c.task === 'string') parts.push(c.level ? `${c.task} (${c.level})` : c.task);
  if (typeof c.method === 'string') parts.push(METHOD_LABELS[c.method] ?? c.method);
  if (Number.isInteger(c.iterations)) parts.push(`t = ${c.iterations}`);
  if (parts.length > 0) return parts.join(' · ');
  return c.source === 'jsonl' ? 'trajectories imported from a JSONL file, no run settings' : 'no run settings';
}

// A run that is not done: how it stands in this browser (a `running` record may be one a reload cut off).
const UNFINISHED: Record<Exclude<RunStatus, 'done'>, string> = {
  created: 'not started',
  running: 'running, or cut off by a reload',
  paused: 'stopped',
  failed: 'failed',
};

/** Null for a finished run; else "unfinished: stopped, in Weighted training (iteration 2), after step 17 of 24". */
export function unfinishedNote(status: RunStatus, where: string | null): string | null {
  if (status === 'done') return null;
  return `unfinished: ${UNFINISHED[status]}${where ? `, ${where}` : ''}`;
}
