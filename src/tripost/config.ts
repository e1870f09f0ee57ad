// One run's configuration: every number of DESIGN.md §5 is a field here, with the reference code's defaults.
import type { PresetName } from '../engine';
import { validateLora, type LoraConfig } from '../engine/lora';
import type { Level, TaskId } from '../tasks';
import type { TokenizerChoice } from '../tokenizers';

export type CriticKind = 'scripted' | 'llm' | 'hybrid';
export type Method = 'tripost' | 'ft-rationale' | 'ft-si-demo' | 'tripost-no-rebalance';

export interface RunConfig {
  task: TaskId;
  /** Problem sizes (tasks/level.ts); a stored config without one is the paper's. */
  level: Level;
  method: Method;
  seed: number;
  preset: PresetName;
  /**
   * A stored checkpoint (e.g. an imported Hugging Face Llama) to start from instead of a seeded preset:
   * its architecture, weights and tokenizer; the run fine-tunes it on gold rationales first as usual.
   */
  initialCheckpoint: number | null;
  /**
   * LoRA adapters (src/engine/lora.ts) trained beside the starting model's frozen weights instead of fine-tuning every
   * weight; for a pretrained start (an imported checkpoint or the warm start). Absent or null: full fine-tuning, as
   * every config stored before LoRA means.
   */
  lora?: LoraConfig | null;
  /**
   * A LoRA run keeps the frozen base's matrices and embeddings as f16 on the GPU (half their memory; the device needs
   * shader-f16). Absent or false: f32, as every config stored before it means.
   */
  halfBase?: boolean;
  /** Tokenizer of a preset model; a stored config without one used characters. */
  tokenizer: TokenizerChoice;
  /**
   * Start from the shipped warm start of this task and level (public/checkpoints/): the initial fine-tune on gold
   * rationales is already done, so the run begins with its evaluation. Its model and tokenizer replace preset's.
   */
  warmStart: boolean;
  /** Context in tokens; presets' own maxSeqLen is too short for trajectories with an improvement. */
  contextLength: number;
  critic: CriticKind;

  /** Training problems per iteration (attempted by the model) and gold rationales available. */
  trainProblems: number;
  goldProblems: number;
  /** Evaluation problems per split. */
  evalProblems: number;

  /** TriPosT iterations t. */
  iterations: number;
  /** Improvement rounds per trajectory while editing. */
  maxEditRounds: number;
  /** Attempts over this many words are dropped. */
  maxAttemptWords: number;
  /** Proportion of improvement examples p = r/(r+2); null: no rebalancing (keep everything). */
  p: number | null;
  /** Loss weight w on feedback and improvement tokens. */
  w: number;
  /**
   * Loss weight on the prompt and wrong attempt of improvement examples. The reference code trains them at 1, which
   * also teaches the model its own mistake; 0 trains only the feedback and the improvement that follow.
   */
  attemptWeight: number;
  /** Fewer training examples than this ends the run with "not enough training data". */
  minTrainExamples: number;
  /** Sampling for the model's attempts: iteration 1 samples (temperature 1), later iterations greedy. */
  firstIterationTemperature: number;
  laterTemperature: number;
  /** Self-improvement rounds at evaluation. */
  evalRounds: number;

  /** Optimiser: AdamW, warmup fraction, epochs per iteration and for the initial fine-tune. */
  lr: number;
  sftLr: number;
  weightDecay: number;
  warmup: number;
  epochs: number;
  sftEpochs: number;
  batchSize: number;
  gradClip: number;
  beta1: number;
  beta2: number;
  /** Generation batch for attempts and evaluation. */
  generateBatch: number;
}

/** p = r / (r + 2) with the reference code's r = 1.5. */
export const DEFAULT_P = 1.5 / 3.5;

export const DEFAULT_CONFIG: RunConfig = {
  task: 'msa',
  level: 'paper',
  method: 'tripost',
  seed: 1,
  preset: 'tiny',
  initialCheckpoint: null,
  tokenizer: 'task',
  warmStart: false,
  contextLength: 1024,
  critic: 'scripted',
  trainProblems: 256,
  goldProblems: 256,
  evalProblems: 64,
  iterations: 3,
  maxEditRounds: 5,
  maxAttemptWords: 512,
  p: DEFAULT_P,
  w: 1.5,
  attemptWeight: 1,
  minTrainExamples: 8,
  firstIterationTemperature: 1.0,
  laterTemperature: 0,
  evalRounds: 3,
  lr: 1e-3,
  sftLr: 3e-3,
  weightDecay: 0.01,
  warmup: 0.2,
  epochs: 4,
  sftEpochs: 5,
  batchSize: 16,
  gradClip: 1,
  beta1: 0.9,
  beta2: 0.95,
  generateBatch: 32,
};

/** The per-method differences: which data each iteration trains on. */
export function methodConfig(base: RunConfig, method: Method): RunConfig {
  switch (method) {
    case 'tripost':
      return { ...base, method };
    case 'tripost-no-rebalance':
      return { ...base, method, p: null };
    case 'ft-rationale':
      return { ...base, method, iterations: 0 };
    case 'ft-si-demo':
      return { ...base, method, iterations: 1 };
  }
}

export function validateRunConfig(c: RunConfig): void {
  const positive: (keyof RunConfig)[] = ['contextLength', 'trainProblems', 'goldProblems', 'evalProblems', 'maxEditRounds', 'maxAttemptWords', 'batchSize', 'generateBatch', 'epochs', 'sftEpochs'];
  for (const k of positive) {
    const v = c[k] as number;
    if (!Number.isInteger(v) || v <= 0) throw new Error(`Run config: ${k} must be a positive integer (got ${v})`);
  }
  if (!Number.isInteger(c.iterations) || c.iterations < 0) throw new Error(`Run config: iterations must be 0 or more (got ${c.iterations})`);
  if (c.p !== null && !(c.p > 0 && c.p < 1)) throw new Error(`Run config: p must be between 0 and 1, or unset (got ${c.p})`);
  if (!(c.w > 0)) throw new Error(`Run config: w must be positive (got ${c.w})`);
  if (!(c.attemptWeight >= 0)) throw new Error(`Run config: attemptWeight must be 0 or more (got ${c.attemptWeight})`);
  if (!(c.warmup >= 0 && c.warmup < 1)) throw new Error(`Run config: warmup must be in [0, 1) (got ${c.warmup})`);
  if (!(c.lr > 0) || !(c.sftLr > 0)) throw new Error('Run config: learning rates must be positive');
  if (c.warmStart && c.initialCheckpoint !== null && c.initialCheckpoint !== undefined) throw new Error('Run config: warmStart and initialCheckpoint both name a starting model; choose one');
  if (c.halfBase && !c.lora) throw new Error('Run config: halfBase keeps a frozen base as f16, so it needs LoRA adapters (lora)');
  if (c.lora) {
    try {
      validateLora(c.lora);
    } catch (err) {
      throw new Error(`Run config: ${(err as Error).message}`);
    }
  }
}

/** r = p / (1 − p) · 2: improvement examples per directly-correct (and per gold) example. */
export function ratioFromP(p: number): number {
  return (2 * p) / (1 - p);
}

/** A stored config from before levels, tokenizers and warm starts: the paper's level, characters, no warm start. */
export function withConfigDefaults(c: RunConfig): RunConfig {
  return { ...c, level: c.level ?? 'paper', tokenizer: c.tokenizer ?? 'char', warmStart: c.warmStart ?? false, attemptWeight: c.attemptWeight ?? 1 };
}
