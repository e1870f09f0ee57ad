// The Compare page's state: every stored run (to pick from), and the picked ones read back as the Demo page reads a
// run (RunView.load: its config, loss curve and evaluations), plus the ids asked for that are not stored.
import { listRuns, NotFound, type RunRecord, type TriPostDb } from '../../store';
import { appDb } from '../app-db.svelte';
import { RunView } from '../demo/run-view.svelte';
import { describeError, type ErrorText } from '../errors';
import type { RunCurves } from './compare-series';
import { runLabel, unfinishedNote } from './run-label';

/** One compared run: its stored record (name, status) and what the Demo page would show of it. */
export interface ComparedRun extends RunCurves {
  id: number;
  record: RunRecord;
  view: RunView;
  /** Null when the run finished; else how it stands ("unfinished: stopped, …"). */
  unfinished: string | null;
}

export class Comparison {
  /** Every run in this browser, newest first; null until read. */
  stored = $state.raw<RunRecord[] | null>(null);
  runs = $state.raw<ComparedRun[]>([]);
  /** Ids asked for that no run in this browser has (deleted, or a link from another browser). */
  missing = $state.raw<number[]>([]);
  loading = $state(false);
  error = $state<ErrorText | null>(null);
  readonly #db: () => Promise<TriPostDb>;
  #asked = 0;

  /** @param db The database; tests may give their own. */
  constructor(db: () => Promise<TriPostDb> = () => appDb.get()) {
    this.#db = db;
  }

  /** Reads the stored runs and the ones named; an answer for ids no longer asked for is dropped. */
  async load(ids: readonly number[]): Promise<void> {
    const asked = ++this.#asked;
    this.loading = true;
    try {
      const db = await this.#db();
      const stored = await listRuns(db);
      const byId = new Map(stored.map((r) => [r.id, r]));
      // A run deleted in another tab between the list and its read counts as missing, not as an error.
      const read = await Promise.all(
        ids.map((id) => (byId.has(id) ? RunView.load(db, id).catch((e) => (e instanceof NotFound ? null : Promise.reject(e))) : null)),
      );
      if (asked !== this.#asked) return;
      this.stored = stored;
      this.runs = read.flatMap((view) => (view ? [compared(byId.get(view.id)!, view)] : []));
      this.missing = ids.filter((_, i) => read[i] === null);
      this.error = null;
    } catch (e) {
      if (asked === this.#asked) this.error = describeError(e);
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }
}

function compared(record: RunRecord, view: RunView): ComparedRun {
  return {
    id: record.id,
    record,
    view,
    label: runLabel(record.id, record.name),
    loss: view.loss.map((p) => p.loss),
    stages: view.loss.map((p) => (p.stage === 'finetune' ? 'finetune' : `train t=${p.iteration}`)),
    iterations: iterationsOf(view),
    evals: view.evals,
    unfinished: unfinishedNote(view.status, view.where),
  };
}

/** TriPosT's t from the config; a run without one (imported trajectories) has what it evaluated, if anything. */
function iterationsOf(view: RunView): number {
  const t = view.config.iterations;
  if (Number.isInteger(t) && t >= 0) return t;
  return Math.max(0, ...Object.keys(view.evals).map((key) => parseInt(key, 10)));
}
