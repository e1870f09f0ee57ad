// The largest activation buffer of a batch shape, checked against the device's binding limit before anything is allocated.
import { qkvDim, type ModelConfig } from '../config';
import { alignFloats } from '../params';

/**
 * Floats in the largest single activation buffer (logits, or a per-layer tensor) for a (B, T) batch; `lora`: a
 * layer's saved LoRA u, one 256-byte-aligned (N, rank) slot per adapter.
 */
export function largestActivation(c: ModelConfig, B: number, T: number, lora: { perLayer: number; rank: number } | null = null): number {
  const N = B * T;
  const loraU = lora ? lora.perLayer * alignFloats(N * lora.rank) : 0;
  return Math.max(N * c.vocabSize, N * c.dim, N * qkvDim(c), N * 2 * c.hiddenDim, B * c.nHeads * T, loraU);
}
