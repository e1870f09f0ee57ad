// Model configuration: LLaMA architecture hyper-parameters, the presets, and validation.
import { validateRopeScaling, type RopeScaling } from './rope-frequencies';

export interface ModelConfig {
  vocabSize: number;
  dim: number; // C
  nLayers: number;
  nHeads: number; // H
  nKvHeads: number; // KVH (grouped-query attention when < H)
  hiddenDim: number; // F, SwiGLU width
  maxSeqLen: number; // T max
  ropeTheta: number;
  /** Llama 3.1/3.2 frequency scaling (imported checkpoints); absent: plain theta^(-2i/hd). */
  ropeScaling?: RopeScaling;
  normEps: number;
  tiedEmbeddings: boolean;
}

export type PresetName = 'nano' | 'micro' | 'tiny' | 'small';

const PRESETS: Record<PresetName, Omit<ModelConfig, 'vocabSize'>> = {
  nano: { dim: 32, nLayers: 2, nHeads: 2, nKvHeads: 2, hiddenDim: 96, maxSeqLen: 64, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true },
  // About compute-optimal for an hour of a CPU's WebGPU (lavapipe): the shipped warm starts use it.
  micro: { dim: 64, nLayers: 4, nHeads: 4, nKvHeads: 4, hiddenDim: 176, maxSeqLen: 256, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true },
  tiny: { dim: 128, nLayers: 4, nHeads: 4, nKvHeads: 4, hiddenDim: 352, maxSeqLen: 256, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true },
  small: { dim: 256, nLayers: 6, nHeads: 8, nKvHeads: 8, hiddenDim: 704, maxSeqLen: 512, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: true },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A preset with the vocabulary size of the tokenizer it will be used with. */
export function presetConfig(name: PresetName, vocabSize: number, overrides: Partial<ModelConfig> = {}): ModelConfig {
  const base = PRESETS[name];
  if (!base) throw new Error(`Unknown model preset "${name}"; choose one of ${PRESET_NAMES.join(', ')}`);
  return { ...base, vocabSize, ...overrides };
}

export function headDim(c: ModelConfig): number {
  return c.dim / c.nHeads;
}

/** Width of the fused q, k, v projection output: (H + 2·KVH)·hd. */
export function qkvDim(c: ModelConfig): number {
  return (c.nHeads + 2 * c.nKvHeads) * headDim(c);
}

/** Throws a message naming what is wrong; called before anything is allocated. */
export function validateConfig(c: ModelConfig): void {
  const positive: (keyof ModelConfig)[] = ['vocabSize', 'dim', 'nLayers', 'nHeads', 'nKvHeads', 'hiddenDim', 'maxSeqLen'];
  for (const key of positive) {
    const v = c[key] as number;
    if (!Number.isInteger(v) || v <= 0) throw new Error(`Model config: ${key} must be a positive integer (got ${v})`);
  }
  if (c.dim % c.nHeads !== 0) throw new Error(`Model config: nHeads (${c.nHeads}) must divide dim (${c.dim})`);
  if (c.nHeads % c.nKvHeads !== 0) throw new Error(`Model config: nKvHeads (${c.nKvHeads}) must divide nHeads (${c.nHeads})`);
  const hd = headDim(c);
  if (hd % 2 !== 0) throw new Error(`Model config: head dim dim/nHeads = ${hd} must be even for RoPE`);
  if (hd > 128) throw new Error(`Model config: head dim ${hd} is over the attention kernel's 128`);
  if (!(c.normEps > 0)) throw new Error(`Model config: normEps must be positive (got ${c.normEps})`);
  if (!(c.ropeTheta > 0)) throw new Error(`Model config: ropeTheta must be positive (got ${c.ropeTheta})`);
  if (c.ropeScaling) validateRopeScaling(c.ropeScaling);
}
