// The storage section's state: how much the browser lets us keep, persistence, and clearing everything.
import { requestPersistence, storageEstimate, type StorageEstimateInfo } from '../../store';
import { appDb } from '../app-db.svelte';
import { describeError, type ErrorText } from '../errors';
import { heldRunLocks } from '../run-locks';

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

  /** Deletes everything stored; `alsoForget` clears what lives outside the store (the remembered API key). */
  async clearAll(alsoForget: () => void): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = '';
    try {
      if (await runInProgress()) {
        this.error = RUN_IN_PROGRESS;
        return;
      }
      await appDb.clearAll();
      alsoForget();
      this.message = 'All data was deleted: runs, trajectories, checkpoints, settings and the remembered API key.';
      this.confirming = false;
    } catch (e) {
      // The store clears in one transaction: a failure leaves everything as it was.
      this.error = { title: 'Nothing was deleted', message: `${describeError(e).message} Try again, or reload the page first.` };
    } finally {
      this.busy = false;
    }
    await this.refresh();
  }
}

const RUN_IN_PROGRESS: ErrorText = {
  title: 'A run is in progress',
  message: 'Nothing was deleted. Stop the run on the Demo page (in this tab or the other one running it), then clear the data.',
};

/** Whether a run holds its Web Lock (in any tab): clearing under it would leave it writing into an empty store. */
async function runInProgress(): Promise<boolean> {
  return (await heldRunLocks()).size > 0;
}
