// The largest activation buffer of a batch shape, checked against the device's binding limit before anything is allocated.
import { qkvDim, type ModelConfig } from '../config';

/** Floats in the largest single activation buffer (logits, or a per-layer tensor) for a (B, T) batch. */
export function largestActivation(c: ModelConfig, B: number, T: number): number {
  const N = B * T;
  return Math.max(N * c.vocabSize, N * c.dim, N * qkvDim(c), N * 2 * c.hiddenDim, B * c.nHeads * T);
}
