// The shipped warm starts (public/checkpoints/manifest.json): how each was made and what it scores.
import type { Level, TaskId } from '../tasks';
import type { TokenizerChoice } from '../tokenizers';
import type { PresetName } from '../engine';

export interface WarmStartEntry {
  /** `msa-quick`: task and level. */
  name: string;
  /** File name beside the manifest (safetensors, tokenizer in its metadata). */
  file: string;
  bytes: number;
  task: TaskId;
  level: Level;
  preset: PresetName;
  tokenizer: TokenizerChoice;
  steps: number;
  /** From this step on, the gold rationales ended with the "correct" feedback (absent: never). */
  feedbackFrom?: number;
  /** From this step on, this share of the rows were injected-mistake self-improvement demonstrations (absent: never). */
  improveFrom?: number;
  improveShare?: number;
  /** From this step on, this share of the rows were the model's own greedy attempts with the scripted critic's verdict (absent: never). */
  ownFrom?: number;
  ownShare?: number;
  /** From this step on, only this share of the right own attempts had their "correct" verdict trained (absent: all). */
  ownBalanceFrom?: number;
  ownKeepCorrect?: number;
  batchSize: number;
  lr: number;
  dataSeed: number;
  initSeed: number;
  backend: 'webgpu' | 'cpu';
  wallSeconds: number;
  evalProblems: number;
  seen: { accuracy: number; majority: { answer: string; accuracy: number } };
  unseen: { accuracy: number; majority: { answer: string; accuracy: number } };
  /** Greedy accuracy on held-out seen problems against optimizer steps. */
  curve: { step: number; seenAccuracy: number }[];
  /** The command that rebuilds it. */
  command: string;
}

export interface WarmStartManifest {
  checkpoints: WarmStartEntry[];
}

export function warmStartName(task: TaskId, level: Level): string {
  return `${task}-${level}`;
}

/** The entry for a task and level, or null when none is shipped. */
export function findWarmStart(manifest: WarmStartManifest, task: TaskId, level: Level): WarmStartEntry | null {
  return manifest.checkpoints.find((c) => c.task === task && c.level === level) ?? null;
}
