// Seeded synthetic batches for engine tests.
import type { Batch } from '../../src/engine';
import { mulberry32 } from '../../src/util/random';

/** Random tokens, next-token targets, random weights in [0.5, 2) with `padFrom` onward in each row weighted 0. */
export function randomBatch(vocab: number, B: number, T: number, seed: number, padFrom = T): Batch {
  const rand = mulberry32(seed);
  const N = B * T;
  const tokens = new Int32Array(N);
  const targets = new Int32Array(N);
  const weights = new Float32Array(N);
  for (let i = 0; i < N; i++) tokens[i] = Math.floor(rand() * vocab);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const i = b * T + t;
      targets[i] = t + 1 < T ? tokens[i + 1] : Math.floor(rand() * vocab);
      weights[i] = t < padFrom ? 0.5 + 1.5 * rand() : 0;
    }
  }
  return { tokens, targets, weights, batchSize: B, seqLen: T };
}

/** A learnable pattern: each row counts up modulo `period` from a random start; targets are the next token. */
export function patternBatch(vocab: number, B: number, T: number, seed: number, period = 7): Batch {
  const rand = mulberry32(seed);
  const N = B * T;
  const tokens = new Int32Array(N);
  const targets = new Int32Array(N);
  for (let b = 0; b < B; b++) {
    const start = Math.floor(rand() * period);
    for (let t = 0; t < T; t++) {
      tokens[b * T + t] = (start + t) % period % vocab;
      targets[b * T + t] = (start + t + 1) % period % vocab;
    }
  }
  return { tokens, targets, weights: new Float32Array(N).fill(1), batchSize: B, seqLen: T };
}
