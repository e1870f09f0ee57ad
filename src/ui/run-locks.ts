// The Web Lock a tab holds while it drives a run, so other tabs (and this one after a reload) can tell live runs
// from interrupted ones, and Settings can refuse to clear the store under a run.
export const RUN_LOCK_PREFIX = 'tripost-run-';

export const runLockName = (runId: number): string => `${RUN_LOCK_PREFIX}${runId}`;

/** The run locks held now, in any tab of the playground; none without Web Locks (old browsers). */
export async function heldRunLocks(): Promise<Set<string>> {
  if (!navigator.locks) return new Set();
  const { held = [] } = await navigator.locks.query();
  return new Set(held.map((l) => l.name ?? '').filter((name) => name.startsWith(RUN_LOCK_PREFIX)));
}
