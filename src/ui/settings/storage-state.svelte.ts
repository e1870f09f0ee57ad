// The storage section's state: how much the browser lets us keep, persistence, and clearing everything.
import { requestPersistence, storageEstimate, type StorageEstimateInfo } from '../../store';
import { appDb } from '../app-db.svelte';
import { describeError, type ErrorText } from '../errors';

export class StorageState {
  estimate = $state<StorageEstimateInfo | null>(null);
  message = $state('');
  error = $state<ErrorText | null>(null);
  /** The "clear all data" confirmation is showing. */
  confirming = $state(false);
  busy = $state(false);

  async refresh(): Promise<void> {
    this.estimate = await storageEstimate();
  }

  async persist(): Promise<void> {
    const granted = await requestPersistence();
    this.message = granted
      ? 'Storage is now persistent: the browser will not evict your runs under storage pressure.'
      : 'The browser declined. Chrome grants persistence to sites you bookmark or use often; your data is kept unless space runs low.';
    await this.refresh();
  }

  /** Deletes the database; `alsoForget` clears what lives outside it (the remembered API key). */
  async clearAll(alsoForget: () => void): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await appDb.clearAll();
      alsoForget();
      this.message = 'All data was deleted: runs, trajectories, checkpoints, settings and the remembered API key.';
      this.confirming = false;
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.busy = false;
    }
    await this.refresh();
  }
}
