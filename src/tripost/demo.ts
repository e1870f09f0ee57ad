// The Demo's two sizes ("Quick demo", "Paper settings"), shared by the Demo page and `npm run experiment -- --demo`,
// and the RunConfig a Demo's choices make.
import type { PresetName } from '../engine';
import type { LoraConfig } from '../engine/lora';
import type { Level, TaskId } from '../tasks';
import type { TokenizerChoice } from '../tokenizers';
import { DEFAULT_CONFIG, DEFAULT_P, type CriticKind, type RunConfig } from './config';

export type DemoName = 'quick' | 'paper';
export const DEMO_NAMES: readonly DemoName[] = ['quick', 'paper'];

/** What a Demo size sets; task, critic and seed stay the user's. */
export interface DemoSettings {
  level: Level;
  preset: PresetName;
  tokenizer: TokenizerChoice;
  /** Start from the shipped warm start of the task and level (skips the initial fine-tune). */
  warmStart: boolean;
  p: number;
  w: number;
  iterations: number;
  baselines: boolean;
  /** Training problems per iteration (and gold rationales), evaluation problems per split, training epochs. */
  trainProblems: number;
  evalProblems: number;
  epochs: number;
  sftEpochs: number;
  /** Tokens per training text and generation; longer texts are left out of training. */
  contextLength: number;
  /** Peak learning rate of each iteration's fine-tune. */
  lr: number;
  /** Loss weight on an improvement example's prompt and wrong attempt (RunConfig.attemptWeight). */
  attemptWeight: number;
  /** Sampling temperature of the attempts in the first iteration and in later ones (0: greedy). */
  firstIterationTemperature: number;
  laterTemperature: number;
}

const P = Math.round(DEFAULT_P * 100) / 100;

/** From the shipped warm start at the quick level: a visible change in minutes, even on a CPU's WebGPU. */
export const QUICK_DEMO: DemoSettings = {
  level: 'quick', preset: 'micro', tokenizer: 'task', warmStart: true, p: P, w: 1.5, iterations: 3, baselines: false,
  trainProblems: 256, evalProblems: 100, epochs: 3, sftEpochs: 1, contextLength: 512,
  // Measured on MSA (bench/RESULTS.md): at lr 1e-3, or training the wrong attempts, the micro model lost much of its
  // arithmetic in the first iteration; at 3e-4 with weight 0 on wrong attempts it keeps it. Temperature 0.7 gives
  // clean arithmetic slips (at 1 many attempts ran on past the final response).
  lr: 3e-4, attemptWeight: 0, firstIterationTemperature: 0.7, laterTemperature: 0,
};

/** The reference code's numbers (DESIGN.md §5) at the paper's level on the tiny model, from scratch: a job for a GPU. */
export const PAPER_DEMO: DemoSettings = {
  level: 'paper', preset: 'tiny', tokenizer: 'task', warmStart: false, p: P, w: 1.5, iterations: 3, baselines: true,
  trainProblems: DEFAULT_CONFIG.trainProblems, evalProblems: DEFAULT_CONFIG.evalProblems, epochs: DEFAULT_CONFIG.epochs,
  sftEpochs: DEFAULT_CONFIG.sftEpochs, contextLength: DEFAULT_CONFIG.contextLength,
  lr: DEFAULT_CONFIG.lr, attemptWeight: DEFAULT_CONFIG.attemptWeight, firstIterationTemperature: DEFAULT_CONFIG.firstIterationTemperature, laterTemperature: DEFAULT_CONFIG.laterTemperature,
};

export const DEMOS: Record<DemoName, DemoSettings> = { quick: QUICK_DEMO, paper: PAPER_DEMO };

/**
 * The pipeline's config: the reference defaults with a Demo's settings and the user's choices on top. `lora` applies to
 * a run from an imported checkpoint only (a seeded preset has nothing trained to adapt).
 */
export function demoRunConfig(s: DemoSettings & { task: TaskId; critic: CriticKind; seed: number; checkpoint: number | null; lora?: LoraConfig | null; halfBase?: boolean }): RunConfig {
  return {
    ...DEFAULT_CONFIG,
    task: s.task, level: s.level, preset: s.preset, tokenizer: s.tokenizer, warmStart: s.checkpoint === null && s.warmStart,
    critic: s.critic, p: s.p, w: s.w, iterations: s.iterations, seed: s.seed,
    trainProblems: s.trainProblems, goldProblems: s.trainProblems, evalProblems: s.evalProblems, epochs: s.epochs, sftEpochs: s.sftEpochs, contextLength: s.contextLength,
    lr: s.lr, attemptWeight: s.attemptWeight, firstIterationTemperature: s.firstIterationTemperature, laterTemperature: s.laterTemperature,
    initialCheckpoint: s.checkpoint,
    ...(s.checkpoint !== null && s.lora && { lora: s.lora, ...(s.halfBase && { halfBase: true }) }),
    // Small runs have few examples: fewer rows per batch keeps several optimiser steps per epoch.
    batchSize: Math.max(2, Math.min(DEFAULT_CONFIG.batchSize, Math.floor(s.trainProblems / 4))),
    generateBatch: Math.min(50, s.trainProblems),
    minTrainExamples: Math.min(DEFAULT_CONFIG.minTrainExamples, Math.max(1, Math.floor(s.trainProblems / 4))),
  };
}
