// Fixtures shared by the generation tests of every tier: a GQA config, mixed-length prompts, sharpened weights.
import type { ModelConfig } from '../../src/engine/config';
import { initParams, type ParamTable } from '../../src/engine/params';

export const GQA_SMALL: ModelConfig = {
  vocabSize: 29, dim: 24, nLayers: 2, nHeads: 6, nKvHeads: 2, hiddenDim: 40, maxSeqLen: 40, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: false,
};

/** Prompts of different lengths (ids < 29, so they fit every test vocabulary). */
export const PROMPTS = [Int32Array.of(1, 7, 3, 9, 2), Int32Array.of(4), Int32Array.of(2, 8, 8, 1, 5, 6, 0, 11, 3), Int32Array.of(12, 6)];

/** Seeded weights with matrices ×15: a random model whose greedy output wanders instead of repeating one id. */
export function sharpParams(table: ParamTable, c: ModelConfig, seed: number): Float32Array {
  const flat = initParams(table, c, seed);
  for (const e of table.entries) if (e.shape.length === 2) for (let i = e.offset; i < e.offset + e.size; i++) flat[i] *= 15;
  return flat;
}
