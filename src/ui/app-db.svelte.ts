// The app's one database connection, opened on first use, and what the UI must know about its life:
// another tab upgraded it (this connection is closed for good) or the user cleared everything.
import { DEFAULT_DB_NAME, openDb, type TriPostDb } from '../store';

class AppDb {
  /** Set when another tab upgraded or deleted the database: every later call fails until a reload. */
  upgradedElsewhere = $state(false);
  #open: Promise<TriPostDb> | null = null;

  /** The open database; the first call opens (and if need be upgrades) it. */
  get(): Promise<TriPostDb> {
    if (!this.#open) {
      this.#open = openDb({ onVersionChange: () => (this.upgradedElsewhere = true) });
      // A failed open (private mode, newer schema elsewhere) may succeed on the next try.
      this.#open.catch(() => (this.#open = null));
    }
    return this.#open;
  }

  /** Deletes the whole database (runs, trajectories, checkpoints, settings); the next `get` starts empty. */
  async clearAll(): Promise<void> {
    const open = this.#open;
    this.#open = null;
    if (open) (await open.catch(() => null))?.close();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(DEFAULT_DB_NAME);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error('The browser did not delete the database.'));
      request.onblocked = () => reject(new Error('Another tab of the playground keeps the database open: close it and try again.'));
    });
  }
}

export const appDb = new AppDb();
