// Storage health: how much space the origin uses, persistence, and turning quota failures into StorageFull.
import { StorageFull } from './errors';

export interface StorageEstimateInfo {
  /** Bytes used and allowed; null where the platform has no `navigator.storage` (Node). */
  usage: number | null;
  quota: number | null;
  /** Whether the browser promised not to evict this origin's data; null where unknown. */
  persisted: boolean | null;
}

function storageManager(): StorageManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** Usage, quota and persistence as the browser reports them. */
export async function storageEstimate(): Promise<StorageEstimateInfo> {
  const storage = storageManager();
  if (!storage?.estimate) return { usage: null, quota: null, persisted: null };
  const { usage, quota } = await storage.estimate();
  const persisted = storage.persisted ? await storage.persisted() : null;
  return { usage: usage ?? null, quota: quota ?? null, persisted };
}

/** Asks the browser to keep this origin's data under storage pressure; true when granted. */
export async function requestPersistence(): Promise<boolean> {
  const storage = storageManager();
  if (!storage?.persist) return false;
  return storage.persist();
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const DOM_QUOTA_CODE = 22;

/**
 * Whether an error is, or wraps, a quota failure: a DOMException `QuotaExceededError`, Dexie's
 * copy of it, or either inside Dexie's `AbortError`/`BulkError` (`inner`, `cause`, `failures`).
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
  if (typeof DOMException !== 'undefined' && error instanceof DOMException && e.code === DOM_QUOTA_CODE) return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  return Array.isArray(e.failures) && e.failures.some((f) => isQuotaError(f, depth + 1));
}

/** Runs a write; a quota failure (its transaction already rolled back) becomes one StorageFull. */
export async function guardWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // Already converted by a nested write: pass it on as it is.
    if (error instanceof StorageFull || !isQuotaError(error)) throw error;
    const { usage, quota } = await storageEstimate().catch(() => ({ usage: null, quota: null }));
    throw new StorageFull(usage, quota, { cause: error });
  }
}
