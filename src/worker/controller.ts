// The pipeline worker's logic, apart from `self`: one run at a time, started or resumed from the store,
// paused through a gate, stopped through an AbortSignal, every event forwarded with the run's id.
import { dbResponseCache } from '../llm/cache';
import { createEngine } from '../engine';
import { fetchWarmStart } from './warm-start';
import { GpuRuntime } from '../gpu';
import { getRun, openDb, type TriPostDb } from '../store';
import { validateRunConfig, type RunConfig } from '../tripost/config';
import { createCritic } from '../tripost/critic';
import { createPipelineRun, runPipeline } from '../tripost/run';
import { toWorkerError } from './errors';
import { PauseGate } from './gate';
import type { RunEnvironment, WorkerEvent, WorkerRequest, WorkerStatus } from './protocol';

interface ActiveRun {
  /** Null until a started run is stored. */
  runId: number | null;
  stop: AbortController;
  gate: PauseGate;
}

export interface ControllerOptions {
  /** Opens the store; IndexedDB by name by default (it exists in workers too). */
  openDb?: (name: string | undefined) => Promise<TriPostDb>;
}

export class PipelineController {
  #busy = false;
  #active: ActiveRun | null = null;
  readonly #dbs = new Map<string, Promise<TriPostDb>>();
  readonly #openDb: (name: string | undefined) => Promise<TriPostDb>;

  constructor(
    private post: (e: WorkerEvent) => void,
    options: ControllerOptions = {},
  ) {
    this.#openDb = options.openDb ?? ((name) => openDb(name ? { name } : {}));
  }

  async handle(req: WorkerRequest): Promise<void> {
    const active = this.#active;
    switch (req.type) {
      case 'start':
      case 'resume':
        return this.#run(req);
      case 'pause':
        active?.gate.pause();
        return;
      case 'continue':
        if (active?.gate.paused) {
          active.gate.continue();
          if (active.runId !== null) this.#status(active.runId, 'running');
        }
        return;
      case 'stop':
        active?.stop.abort();
        return;
    }
  }

  /** One connection per database name for the worker's lifetime. */
  #db(name: string | undefined): Promise<TriPostDb> {
    const key = name ?? '';
    let db = this.#dbs.get(key);
    if (!db) this.#dbs.set(key, (db = this.#openDb(name)));
    return db;
  }

  #status(runId: number, status: WorkerStatus): void {
    this.post({ type: 'status', runId, status });
  }

  async #run(req: Extract<WorkerRequest, { type: 'start' | 'resume' }>): Promise<void> {
    if (this.#busy) {
      this.post({ type: 'error', runId: null, error: { name: 'Busy', message: 'A run is already in progress in this worker: stop it first.', resumable: false } });
      return;
    }
    this.#busy = true;
    // Stop and pause exist from the request on: one sent while the run sets up (store, device, config) is kept.
    const stop = new AbortController();
    const onHold = () => {
      if (active.runId !== null) this.#status(active.runId, 'paused');
    };
    const active: ActiveRun = { runId: req.type === 'resume' ? req.runId : null, stop, gate: new PauseGate(stop.signal, onHold) };
    this.#active = active;
    let gpu: GpuRuntime | null = null;
    try {
      const db = await this.#db(req.dbName);
      const config = req.type === 'start' ? req.config : ((await getRun(db, req.runId)).config as unknown as RunConfig);
      validateRunConfig(config);
      const critic = await createCritic(config.critic, req.llm, dbResponseCache(db));
      // The device first: a browser without WebGPU must not leave an empty run behind.
      gpu = req.backend === 'webgpu' ? await GpuRuntime.create({ label: 'pipeline' }) : null;
      if (req.type === 'start') {
        active.runId = await createPipelineRun({ db }, config, req.name);
        this.post({ type: 'started', runId: active.runId });
      }
      const id = active.runId as number;
      // A lost device aborts the run with the DeviceLost error, so no stage waits on a dead queue.
      void gpu?.info.lost.then((lost) => stop.abort(lost));
      const sharedGpu = gpu ?? undefined;
      // A pause asked for during set-up stays 'pausing' until the pipeline's first gate holds.
      if (!active.gate.paused) this.#status(id, 'running');
      await runPipeline(id, {
        db,
        critic,
        apiKey: req.llm?.apiKey,
        loadWarmStart: fetchWarmStart,
        checkpointEvery: req.checkpointEvery,
        signal: stop.signal,
        gate: () => active.gate.wait(),
        events: (e) => this.post({ ...e, runId: id }),
        createEngine: (model, seed, lora, halfBase) => createEngine({ backend: req.backend, config: model, seed, gpu: sharedGpu, lora, halfBase }),
      });
      this.#status(id, 'done');
    } catch (err) {
      this.#report(active.runId, err, req);
    } finally {
      this.#active = null;
      this.#busy = false;
      gpu?.destroy();
    }
  }

  #report(runId: number | null, err: unknown, env: RunEnvironment): void {
    if ((err as Error)?.name === 'AbortError' && runId !== null) {
      this.#status(runId, 'stopped');
      return;
    }
    this.post({ type: 'error', runId, error: toWorkerError(err, env.llm?.apiKey) });
    if (runId !== null) this.#status(runId, 'failed');
  }
}
