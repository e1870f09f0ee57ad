// Activation sizes for a batch shape, checked against the device's binding limit before anything is allocated.
import { qkvDim, type ModelConfig } from '../config';

export function activationFloats(c: ModelConfig, B: number, T: number): { largest: number; total: number } {
  const N = B * T;
  const perLayer = [N * c.dim, N * qkvDim(c), N * 2 * c.hiddenDim, N * c.hiddenDim, B * c.nHeads * T];
  const logits = N * c.vocabSize;
  const largest = Math.max(logits, ...perLayer);
  // forward (12 per layer) and accumulating gradients (6 per layer), roughly: used for a memory estimate only
  const total = logits + c.nLayers * (2 * perLayer.reduce((a, b) => a + b, 0) + 8 * N * c.dim);
  return { largest, total };
}
