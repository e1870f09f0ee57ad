// The Trajectories page's state: the runs to filter by, the drop reasons present, the list for the current filter, errors.
import { dropReasonCounts, listRuns, type DropReasonCounts, type RunRecord, type TrajectoryFilter } from '../../store';
import { appDb } from '../app-db.svelte';
import { describeError, type ErrorText } from '../errors';
import { TrajectoryList } from './list.svelte';
import { storeSource } from './source';

export class Inspector {
  runs = $state.raw<RunRecord[]>([]);
  /** Kept and each drop reason present in the chosen run (or all runs), for the Training filter; null until read. */
  reasons = $state.raw<DropReasonCounts | null>(null);
  readonly list = new TrajectoryList();
  error = $state<ErrorText | null>(null);
  #reasonsFor: number | undefined;

  async refreshRuns(): Promise<void> {
    try {
      this.runs = await listRuns(await appDb.get());
    } catch (e) {
      this.error = describeError(e);
    }
  }

  /** Reads the drop-reason counts of a run (undefined: all runs); an answer for a run no longer chosen is dropped. */
  async refreshReasons(runId: number | undefined): Promise<void> {
    this.#reasonsFor = runId;
    try {
      const counts = await dropReasonCounts(await appDb.get(), runId);
      if (this.#reasonsFor === runId) this.reasons = counts;
    } catch (e) {
      this.error = describeError(e);
    }
  }

  async show(filter: TrajectoryFilter): Promise<void> {
    try {
      this.list.reset(storeSource(await appDb.get(), filter));
    } catch (e) {
      this.error = describeError(e);
    }
  }

  runById(id: number | undefined): RunRecord | undefined {
    return this.runs.find((r) => r.id === id);
  }
}
