// The Demo page's run: the TriPosT run and its baselines (separate stored runs, run one after another in the
// pipeline worker), their live events, the trajectory feed, and resume after a reload. One per app, so a run
// keeps going while the user looks at the Trajectories page.
import { getTrajectory, latestTrajectories, listRuns, type RunRecord, type Trajectory } from '../../store';
import { methodConfig, type Method } from '../../tripost/config';
import { createPipelineRun, runName } from '../../tripost/run';
import { PipelineClient } from '../../worker/client';
import type { RunEnvironment, WorkerEvent } from '../../worker/protocol';
import { appDb } from '../app-db.svelte';
import { describeError } from '../errors';
import { heldRunLocks, runLockName } from '../run-locks';
import { LlmSettings } from '../settings/llm-settings.svelte';
import { runConfigOf, type DemoChoices } from './demo-config';
import { forgetRunError, keepRunError, lastRunError } from './last-run-error';
import { describeRunError, type RunErrorText } from './run-errors';
import { RunView } from './run-view.svelte';
import { demoSlot } from './session-slot.svelte';

/** The baselines run beside TriPosT; "ft rationale" is TriPosT's own iteration 0 (same seed, same gold data). */
const BASELINES: Method[] = ['ft-si-demo', 'tripost-no-rebalance'];
const FEED_LENGTH = 12;
/** Stored runs the Demo page offers to open and resume. */
const UNFINISHED: ReadonlySet<RunRecord['status']> = new Set(['running', 'paused', 'failed']);

export type Phase = 'idle' | 'running' | 'pausing' | 'paused' | 'stopped' | 'interrupted' | 'elsewhere' | 'done' | 'failed';

export class DemoSession {
  runs = $state.raw<RunView[]>([]);
  watching = $state<number | null>(null);
  phase = $state<Phase>('idle');
  error = $state<RunErrorText | null>(null);
  feed = $state.raw<Trajectory[]>([]);
  /** Unfinished runs in the store that are not this page's: offered for resume. */
  others = $state.raw<RunRecord[]>([]);
  gpu = $state<'probing' | 'available' | 'missing'>('probing');
  /** The page's query when the runs started, to restore it when the user comes back through the tab. */
  query: Record<string, string> | null = null;
  #client: PipelineClient | null = null;
  #finished: ((status: 'done' | 'stopped' | 'failed') => void) | null = null;
  /** The last Pause or Stop, kept for a run the worker has not been asked to resume yet (set-up awaits come first). */
  #wanted: 'pause' | 'stop' | null = null;
  readonly #newClient: () => PipelineClient;

  /** @param newClient The pipeline worker's client; tests may give one whose worker runs in the page. */
  constructor(newClient: () => PipelineClient = () => new PipelineClient()) {
    this.#newClient = newClient;
  }

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'pausing' || this.phase === 'paused';
  }

  get watched(): RunView | undefined {
    return this.runs.find((r) => r.id === this.watching) ?? this.runs[0];
  }

  /** What to show about a failure: this session's error, else the shown run's stored one (after a reload), titled alike. */
  get failure(): RunErrorText | null {
    if (this.error) return this.error;
    const stored = this.phase === 'failed' ? this.watched?.failure : null;
    return stored ? describeRunError(stored) : null;
  }

  async probeGpu(): Promise<void> {
    if (this.gpu !== 'probing') return;
    const adapter = await navigator.gpu?.requestAdapter().catch(() => null);
    this.gpu = adapter ? 'available' : 'missing';
  }

  /** Shows the runs named in the URL (after a reload or from a link) and lists other unfinished runs. */
  async show(ids: number[]): Promise<void> {
    if (this.active) return;
    const same = ids.join(',') === this.runs.map((r) => r.id).join(',');
    // Back on the page with the same failed runs: their error stays shown, with its title and resumability.
    if (!same || this.phase !== 'failed') this.error = null;
    try {
      const db = await appDb.get();
      if (!same) {
        const note = lastRunError();
        this.runs = await Promise.all(ids.map((id) => RunView.load(db, id, note)));
        this.watching = (this.runs.find((r) => r.status !== 'done') ?? this.runs[0])?.id ?? null;
        // A reopened run shows the trajectories it already has, not an empty feed.
        this.feed = this.watching === null ? [] : await latestTrajectories(db, this.watching, FEED_LENGTH);
      }
      this.phase = await this.#phaseOfStored();
      const held = await heldRunLocks();
      this.others = (await listRuns(db)).filter((r) => !ids.includes(r.id) && UNFINISHED.has(r.status) && !held.has(runLockName(r.id)));
    } catch (e) {
      this.error = { ...describeError(e), resumable: false };
    }
  }

  async #phaseOfStored(): Promise<Phase> {
    if (this.runs.length === 0) return 'idle';
    const open = this.runs.filter((r) => r.status !== 'done');
    if (open.length === 0) return 'done';
    const held = await heldRunLocks();
    if (open.some((r) => held.has(runLockName(r.id)))) return 'elsewhere';
    if (open.some((r) => r.status === 'failed')) return 'failed';
    return open.some((r) => r.status === 'running') ? 'interrupted' : 'stopped';
  }

  /** Stores the TriPosT run (and its baselines) and runs them one after another. */
  async start(choices: DemoChoices, query: Record<string, string>): Promise<number[]> {
    this.error = null;
    this.feed = [];
    const db = await appDb.get();
    const base = runConfigOf(choices);
    const methods: Method[] = ['tripost', ...(choices.baselines ? BASELINES : [])];
    const ids: number[] = [];
    try {
      for (const m of methods) {
        const config = methodConfig(base, m);
        ids.push(await createPipelineRun({ db }, config, `Demo: ${runName(config)}`));
      }
      this.runs = await Promise.all(ids.map((id) => RunView.load(db, id)));
    } catch (e) {
      this.error = { ...describeError(e), resumable: false };
      return ids;
    }
    this.query = { ...query, run: ids.join(',') };
    void this.#drive(choices);
    return ids;
  }

  /** Continues the shown runs from their last completed stages (after a stop, a reload or an error). */
  resume(choices: DemoChoices, query: Record<string, string>): void {
    this.error = null;
    this.query = { ...query, run: this.runs.map((r) => r.id).join(',') };
    void this.#drive(choices);
  }

  pause(): void {
    this.phase = 'pausing';
    this.#wanted = 'pause';
    this.#client?.pause();
  }

  continue(): void {
    this.#wanted = null;
    this.#client?.continue();
  }

  stop(): void {
    this.#wanted = 'stop';
    this.#client?.stop();
  }

  async #drive(choices: DemoChoices): Promise<void> {
    this.phase = 'running';
    this.#wanted = null;
    let env: RunEnvironment;
    try {
      env = await environment(choices);
    } catch (e) {
      this.error = { ...describeError(e), resumable: true };
      this.phase = 'failed';
      return;
    }
    for (const view of this.runs) {
      if (view.status === 'done') continue;
      this.watching = view.id;
      const ended = await this.#runOne(view, env);
      if (ended !== 'done') {
        this.phase = ended;
        return;
      }
    }
    this.phase = 'done';
  }

  #runOne(view: RunView, env: RunEnvironment): Promise<'done' | 'stopped' | 'failed'> {
    forgetRunError(view.id);
    const client = (this.#client ??= this.#connect());
    const run = () =>
      new Promise<'done' | 'stopped' | 'failed'>((resolve) => {
        // A Stop or Pause made before this point reached a worker with no run and was lost there: apply it now.
        if (this.#wanted === 'stop') return resolve('stopped');
        this.#finished = resolve;
        client.resume(view.id, env);
        if (this.#wanted === 'pause') client.pause();
      });
    // Without Web Locks (old browsers) the run still goes; only the other-tab check is lost.
    return navigator.locks ? navigator.locks.request(runLockName(view.id), run).then((ended) => ended) : run();
  }

  #connect(): PipelineClient {
    const client = this.#newClient();
    client.on('*', (e) => this.#event(e));
    return client;
  }

  #event(e: WorkerEvent): void {
    if (e.type === 'error') {
      this.error = describeRunError(e.error);
      // What the store now holds for the run, so the view matches one read back after a reload.
      const failed = this.runs.find((r) => r.id === e.runId);
      if (failed) {
        failed.failure = { ...e.error, stage: failed.at };
        // Kept outside the store too, which may be what failed (storage full).
        keepRunError(failed.id, failed.failure);
      }
      // A worker that failed outside any run sends no status: end the wait here.
      if (e.runId === null) this.#end('failed');
      return;
    }
    const view = this.runs.find((r) => r.id === e.runId);
    if (!view) return;
    view.apply(e);
    if (e.type === 'trajectory') void this.#addToFeed(e.id);
    if (e.type !== 'status') return;
    if (e.status === 'paused') this.phase = 'paused';
    else if (e.status === 'running') this.phase = 'running';
    else {
      if (e.status === 'done') {
        view.finish();
        forgetRunError(view.id);
      }
      this.#end(e.status);
    }
  }

  #end(status: 'done' | 'stopped' | 'failed'): void {
    const finished = this.#finished;
    this.#finished = null;
    finished?.(status);
  }

  async #addToFeed(id: number): Promise<void> {
    const t = await getTrajectory(await appDb.get(), id).catch(() => undefined);
    if (t) this.feed = [t, ...this.feed].slice(0, FEED_LENGTH);
  }
}

/** Where the worker runs the model, how often it checkpoints when the URL says, and for the LLM critics the endpoint from Settings (the key stays in memory). */
async function environment(choices: DemoChoices): Promise<RunEnvironment> {
  const base: RunEnvironment = { backend: choices.backend, ...(choices.checkpointEvery !== null && { checkpointEvery: choices.checkpointEvery }) };
  if (choices.critic === 'scripted') return base;
  const llm = new LlmSettings();
  await llm.load(await appDb.get());
  return { ...base, llm: { baseURL: llm.baseURL.trim(), model: llm.model.trim(), apiKey: llm.apiKey } };
}

export const demoSession = new DemoSession();
demoSlot.session = demoSession;
