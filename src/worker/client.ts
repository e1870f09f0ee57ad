// The UI thread's handle on the pipeline worker: typed requests out, typed events in, subscriptions by event type.
import type { RunConfig } from '../tripost/config';
import type { RunEnvironment, WorkerError, WorkerEvent, WorkerEventOf, WorkerEventType, WorkerRequest } from './protocol';

type Listener<T extends WorkerEventType> = (e: WorkerEventOf<T>) => void;

/** A refused start: the worker's typed error, thrown as an Error with the same name. */
export class PipelineError extends Error {
  constructor(readonly error: WorkerError) {
    super(error.message);
    this.name = error.name;
  }
}

export class PipelineClient {
  readonly #worker: Worker;
  readonly #listeners = new Map<WorkerEventType | '*', Set<(e: WorkerEvent) => void>>();

  /** @param worker The pipeline worker; a new one by default (tests may pass their own). */
  constructor(worker?: Worker) {
    this.#worker = worker ?? new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module' });
    this.#worker.onmessage = (m: MessageEvent<WorkerEvent>) => this.#emit(m.data);
    // A worker that fails to load or throws outside the controller still reaches the UI as a typed error.
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#emit({ type: 'error', runId: null, error: { name: 'Error', message: `The pipeline worker failed: ${e.message || 'it could not be loaded'}`, resumable: false } });
    };
  }

  /** Starts a new run; resolves with its id once stored, rejects with a PipelineError if refused. */
  start(config: RunConfig, env: RunEnvironment, name?: string): Promise<number> {
    const started = this.#firstOf('started', (e) => e.runId);
    this.#send({ type: 'start', config, name, ...env });
    return started;
  }

  /** Continues a stored run after its last completed stage (after a stop, a reload or a device loss). */
  resume(runId: number, env: RunEnvironment): void {
    this.#send({ type: 'resume', runId, ...env });
  }

  pause(): void {
    this.#send({ type: 'pause' });
  }

  continue(): void {
    this.#send({ type: 'continue' });
  }

  stop(): void {
    this.#send({ type: 'stop' });
  }

  /** Subscribes to one event type, or '*' for all; returns the unsubscribe function. */
  on<T extends WorkerEventType>(type: T | '*', listener: Listener<T>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    const fn = listener as (e: WorkerEvent) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  /** The next event of a type that satisfies `match`. */
  next<T extends WorkerEventType>(type: T, match: (e: WorkerEventOf<T>) => boolean = () => true): Promise<WorkerEventOf<T>> {
    return new Promise((resolve) => {
      const off = this.on(type, (e) => {
        if (!match(e)) return;
        off();
        resolve(e);
      });
    });
  }

  terminate(): void {
    this.#worker.terminate();
    this.#listeners.clear();
  }

  #send(req: WorkerRequest): void {
    this.#worker.postMessage(req);
  }

  #emit(e: WorkerEvent): void {
    for (const key of [e.type, '*'] as const) for (const fn of this.#listeners.get(key) ?? []) fn(e);
  }

  /** Resolves with the next `type` event, or rejects with the next run-less error (the request was refused). */
  #firstOf<T extends WorkerEventType, R>(type: T, pick: (e: WorkerEventOf<T>) => R): Promise<R> {
    return new Promise((resolve, reject) => {
      const offAll = () => {
        offStarted();
        offError();
      };
      const offStarted = this.on(type, (e) => {
        offAll();
        resolve(pick(e));
      });
      const offError = this.on('error', (e) => {
        if (e.runId !== null) return;
        offAll();
        reject(new PipelineError(e.error));
      });
    });
  }
}
