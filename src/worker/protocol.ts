// The typed messages between the UI thread and the pipeline worker. The API key travels inside `start` and
// `resume` only: the worker never stores it, echoes it, or puts it in an error message.
import type { RunConfig } from '../tripost/config';
import type { LlmEndpoint } from '../tripost/critic';
import type { PipelineEvent } from '../tripost/events';
import type { Failure, FailureName } from '../tripost/failure';

export type Backend = 'webgpu' | 'cpu';

/** What a run needs besides its stored config: where the model runs, the critic's endpoint, which database. */
export interface RunEnvironment {
  backend: Backend;
  /** Required when the run's config.critic is 'llm' or 'hybrid'. */
  llm?: LlmEndpoint;
  /** IndexedDB database name; the app's default when absent (tests pass their own). */
  dbName?: string;
  /** A training checkpoint every this many steps instead of by time (tripost/checkpoint-clock.ts). */
  checkpointEvery?: number;
}

export type WorkerRequest =
  | ({ type: 'start'; config: RunConfig; name?: string } & RunEnvironment)
  | ({ type: 'resume'; runId: number } & RunEnvironment)
  /** Blocks before the next step, trajectory batch or stage; the run stays in memory. */
  | { type: 'pause' }
  | { type: 'continue' }
  /** Aborts within one step; the stored run becomes `paused` and can be resumed later. */
  | { type: 'stop' };

/**
 * running: working; paused: held by `pause`, waiting for `continue`; stopped: aborted by `stop` (stored as
 * `paused`, resumable); done: finished; failed: an error ended it (see the error event; resumable if it says so).
 */
export type WorkerStatus = 'running' | 'paused' | 'stopped' | 'done' | 'failed';

/** A failure as the pipeline classifies it (tripost/failure.ts); the name the UI titles it by. */
export type WorkerErrorName = FailureName;
export type WorkerError = Failure;

export type WorkerEvent =
  | { type: 'started'; runId: number }
  | { type: 'status'; runId: number; status: WorkerStatus }
  /** A request that was refused or a run that failed; runId is null when no run was involved. */
  | { type: 'error'; runId: number | null; error: WorkerError }
  /** The pipeline's own events (stage, progress, loss, trajectory, mix, eval, log), tagged with the run. */
  | (PipelineEvent & { runId: number });

export type WorkerEventType = WorkerEvent['type'];
export type WorkerEventOf<T extends WorkerEventType> = Extract<WorkerEvent, { type: T }>;
