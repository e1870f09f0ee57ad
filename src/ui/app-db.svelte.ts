// The app's one database connection, opened on first use, and what the UI must know about its life:
// another tab upgraded or deleted it (this connection is closed for good).
import { clearAll, openDb, type TriPostDb } from '../store';

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

  /**
   * Deletes every run, trajectory, checkpoint, cached answer and setting in one transaction (all or
   * nothing); the database and this connection stay, so other tabs and the worker keep theirs.
   */
  async clearAll(): Promise<void> {
    await clearAll(await this.get());
  }
}

export const appDb = new AppDb();
