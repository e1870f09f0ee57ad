// The last run error, kept in localStorage as well: when storage is full the store cannot record the failure
// either, and a reloaded page would show the run as merely interrupted. Small, and without secrets (the words
// are the worker's, already redacted).
import type { RunError, RunRecord } from '../../store';

export const LAST_RUN_ERROR_KEY = 'tripost.lastRunError';
/** Words beyond this are cut: the note must fit even when space is short. */
const MAX_MESSAGE = 2000;

export interface LastRunError extends Omit<RunError, 'llmKind'> {
  runId: number;
  /** When the page heard of it (ms since the epoch), to tell it from later changes to the run. */
  time: number;
}

type NoteStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const local = (): NoteStorage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function keepRunError(runId: number, e: RunError, storage = local()): void {
  const note: LastRunError = { runId, name: e.name, message: e.message.slice(0, MAX_MESSAGE), stage: e.stage, resumable: e.resumable, time: Date.now() };
  try {
    storage?.setItem(LAST_RUN_ERROR_KEY, JSON.stringify(note));
  } catch {
    // localStorage full or disabled: only the live banner will say it.
  }
}

export function lastRunError(storage = local()): LastRunError | null {
  try {
    const note = JSON.parse(storage?.getItem(LAST_RUN_ERROR_KEY) ?? 'null') as LastRunError | null;
    const ok = typeof note?.runId === 'number' && typeof note.name === 'string' && typeof note.message === 'string' && typeof note.time === 'number';
    return ok ? { ...note, stage: note.stage ?? null, resumable: note.resumable !== false } : null;
  } catch {
    return null;
  }
}

/** The run resumed or finished: its kept error no longer says where it stands. */
export function forgetRunError(runId: number, storage = local()): void {
  if (lastRunError(storage)?.runId === runId) storage?.removeItem(LAST_RUN_ERROR_KEY);
}

/**
 * The kept error of a run whose failure the store could not record: it still says `running` (or `failed` without
 * an error) and nothing was written to it after the error. Null otherwise; the store's own error wins.
 */
export function unrecordedError(record: Pick<RunRecord, 'id' | 'status' | 'error' | 'updatedAt'>, note: LastRunError | null): RunError | null {
  if (!note || note.runId !== record.id || record.error !== undefined || note.time < record.updatedAt) return null;
  if (record.status !== 'running' && record.status !== 'failed') return null;
  const { runId: _runId, time: _time, ...error } = note;
  return error;
}
