// Typed errors the store throws, so the UI can tell the user what happened and what to do.

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
}

/** The browser refused a write for lack of space; the write's transaction was rolled back. */
export class StorageFull extends Error {
  override readonly name = 'StorageFull';
  /** Bytes this origin uses and may use, when the browser says (null where it does not). */
  readonly usage: number | null;
  readonly quota: number | null;

  constructor(usage: number | null, quota: number | null, options?: { cause?: unknown }) {
    const used =
      usage !== null && quota !== null
        ? `${formatBytes(usage)} of ${formatBytes(quota)} used`
        : 'the browser did not say how much is used';
    super(`Storage is full (${used}); nothing was written. Export and delete old runs to make room.`, options);
    this.usage = usage;
    this.quota = quota;
  }
}

/** Why a run bundle cannot be imported. */
export type BundleProblem = 'corrupt' | 'version' | 'invalid';

/** A run bundle that is not a zip, is damaged, or comes from another format version. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  readonly problem: BundleProblem;

  constructor(problem: BundleProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}

/** An operation named a record that does not exist, e.g. a run id. */
export class NotFound extends Error {
  override readonly name = 'NotFound';
}
