// The Trajectories page's state: the runs to filter by, the list for the current filter, errors.
import { listRuns, type RunRecord } from '../../store';
import { appDb } from '../app-db.svelte';
import { describeError, type ErrorText } from '../errors';
import type { InspectorFilter } from './filter';
import { TrajectoryList } from './list.svelte';
import { storeSource } from './source';

export class Inspector {
  runs = $state.raw<RunRecord[]>([]);
  readonly list = new TrajectoryList();
  error = $state<ErrorText | null>(null);

  async refreshRuns(): Promise<void> {
    try {
      this.runs = await listRuns(await appDb.get());
    } catch (e) {
      this.error = describeError(e);
    }
  }

  async show(filter: InspectorFilter): Promise<void> {
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
