// What every stage of a run shares: the store, the model, the critic, the run's problems, and its event sink.
import type { Engine, ModelConfig } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { reportProgress, type RunStage, type TriPostDb } from '../store';
import type { Critic, Problem } from '../tasks';
import { generateProblems } from '../tasks';
import type { RunConfig } from './config';
import { heldOutProblems } from './warmstart';
import type { PipelineEvent } from './events';

export interface PipelineDeps {
  db: TriPostDb;
  /** Builds an engine (the backend is the caller's choice); called for each training stage (fresh AdamW). */
  createEngine: (config: ModelConfig, seed: number) => Promise<Engine>;
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

/** Progress with rate and ETA, written to the store (resume) at most every half second and emitted as an event. */
export class ProgressMeter {
  private start = performance.now();
  private lastWrite = 0;

  constructor(
    private ctx: StageContext,
    private iteration: number,
    private stage: RunStage,
    readonly total: number,
  ) {}

  async report(done: number): Promise<void> {
    const seconds = (performance.now() - this.start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (this.total - done) / rate : null;
    this.ctx.deps.events?.({ type: 'progress', iteration: this.iteration, stage: this.stage, done, total: this.total, itemsPerSecond: rate, etaSeconds: eta });
    const now = performance.now();
    if (now - this.lastWrite > 500 || done === this.total) {
      this.lastWrite = now;
      await reportProgress(this.ctx.deps.db, this.ctx.runId, { iteration: this.iteration, stage: this.stage, done, total: this.total });
    }
  }
}
