// What every stage of a run shares: the store, the model, the critic, the run's problems, and its event sink.
import type { Engine, LoraConfig, ModelConfig } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { reportProgress, type RunStage, type TriPostDb } from '../store';
import type { Critic, Problem } from '../tasks';
import { generateProblems } from '../tasks';
import type { RunConfig } from './config';
import { heldOutProblems } from './warmstart';
import type { PipelineEvent } from './events';

export interface PipelineDeps {
  db: TriPostDb;
  /** Builds the run's engine (the backend is the caller's choice), with LoRA adapters when `lora` is set. */
  /** `halfBase`: keep the frozen LoRA base as f16 (RunConfig.halfBase); a factory that cannot is caught by the run. */
  createEngine: (config: ModelConfig, seed: number, lora: LoraConfig | null, halfBase?: boolean) => Promise<Engine>;
  critic: Critic;
  signal?: AbortSignal;
  /** Resolves at once when running; blocks while paused. Checked between steps and trajectories. */
  gate?: () => Promise<void>;
  events?: (e: PipelineEvent) => void;
  /** The LLM endpoint's key, only to keep it out of the stored error; never stored. */
  apiKey?: string;
  /** Weights of an initial fine-tune already made with the same seed and settings (baselines share it). */
  finetuned?: Record<string, Float32Array>;
  /** Reads a shipped warm start's checkpoint file by name (`msa-quick`): from disk in Node, by fetch in the app. */
  loadWarmStart?: (name: string) => Promise<Uint8Array>;
  /** A training checkpoint every this many steps, an evaluation's resume point every this many batches, instead of by time (checkpoint-clock.ts); for tests. */
  checkpointEvery?: number;
  /** Awaited whenever the store holds a new resume point: a stage completed, a training checkpoint, evaluation batches (the CLI's bundle). */
  onResumePoint?: () => Promise<void>;
}

/** What the stages see: the caller's deps and the run's tokenizer (the config's, or its starting checkpoint's). */
export interface StageDeps extends PipelineDeps {
  tokenizer: Tokenizer;
}

export interface RunProblems {
  /** The training questions the model attempts each iteration. */
  train: Problem[];
  /** Other questions whose gold rationales make the initial fine-tune and the gold share of each training set. */
  gold: Problem[];
  evalSeen: Problem[];
  evalUnseen: Problem[];
}

/**
 * Problem sets depend only on (task, seed), so a resumed or baseline run sees the same questions. Gold questions
 * are not the attempted ones: a scripted improvement ends in the gold steps, so gold rationales of the attempted
 * questions would be exact duplicates of the directly-correct examples and vanish in de-duplication.
 */
export function runProblems(c: RunConfig): RunProblems {
  const level = c.level ?? 'paper';
  const pool = generateProblems(c.task, 'seen', c.trainProblems + c.goldProblems, c.seed, level);
  return {
    train: pool.slice(0, c.trainProblems),
    gold: pool.slice(c.trainProblems),
    evalSeen: heldOutProblems(c.task, level, 'seen', c.evalProblems, c.seed),
    evalUnseen: heldOutProblems(c.task, level, 'unseen', c.evalProblems, c.seed),
  };
}

export interface StageContext {
  runId: number;
  config: RunConfig;
  model: ModelConfig;
  problems: RunProblems;
  deps: StageDeps;
  /** The current model; replaced by each training stage. */
  engine: Engine;
}

/** Seconds and items before a rate is trusted: the first items of a stage include its set-up (compiles, prefill). */
const RATE_AFTER = { seconds: 3, items: 2 };
/** Weight of the newest interval in the smoothed rate. */
const RATE_SMOOTHING = 0.3;
/** Shortest interval the rate learns from: items finishing in a burst (a generation batch) are one sample, not many. */
const RATE_SAMPLE_MS = 1000;

/**
 * Progress with a smoothed rate (items per second) and an ETA from it, null ("estimating") until the rate can be
 * trusted; written to the store (resume) at most every half second and emitted as an event.
 */
export class ProgressMeter {
  private start = performance.now();
  private lastWrite = 0;
  private last = { at: this.start, done: 0 };
  private rate: number | null = null;

  constructor(
    private ctx: StageContext,
    private iteration: number,
    private stage: RunStage,
    readonly total: number,
    /** Items already done when this meter starts (a resumed stage): they count in done, not in the rate. */
    private readonly base = 0,
  ) {
    this.last.done = base;
  }

  async report(done: number): Promise<void> {
    const now = performance.now();
    const seconds = (now - this.start) / 1000;
    if (done > this.last.done && (this.rate === null || now - this.last.at >= RATE_SAMPLE_MS)) {
      const interval = done - this.last.done;
      const instant = interval / Math.max(1e-3, (now - this.last.at) / 1000);
      const overall = (done - this.base) / Math.max(1e-3, seconds);
      // The first trusted rate is the overall one; after that, each interval moves it part of the way.
      if (seconds >= RATE_AFTER.seconds && done - this.base >= RATE_AFTER.items) this.rate = this.rate === null ? overall : RATE_SMOOTHING * instant + (1 - RATE_SMOOTHING) * this.rate;
      this.last = { at: now, done };
    }
    const eta = this.rate && this.rate > 0 ? (this.total - done) / this.rate : null;
    this.ctx.deps.events?.({ type: 'progress', iteration: this.iteration, stage: this.stage, done, total: this.total, itemsPerSecond: this.rate ?? 0, etaSeconds: done >= this.total ? 0 : eta });
    if (now - this.lastWrite > 500 || done === this.total) {
      this.lastWrite = now;
      await reportProgress(this.ctx.deps.db, this.ctx.runId, { iteration: this.iteration, stage: this.stage, done, total: this.total });
    }
  }
}
