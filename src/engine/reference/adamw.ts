// CPU twin of shaders/adamw.wgsl: AdamW with decoupled weight decay over the flat parameter buffer, and Σg².
type Vec = Float32Array | Float64Array;

export interface AdamwHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 1-based step count, for bias correction. */
  step: number;
  /** Multiplies every gradient first: the global-norm clip factor min(1, clip / ‖g‖). */
  gradScale: number;
}

/** Σ grads², accumulated in f64. */
export function gradNormSquared(grads: Vec, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += grads[i] * grads[i];
  return s;
}

/** min(1, clip / ‖g‖) given ‖g‖²; clip ≤ 0 turns clipping off. */
export function clipScale(normSquared: number, clip: number): number {
  const norm = Math.sqrt(normSquared);
  return clip > 0 && norm > clip ? clip / norm : 1;
}

/** One AdamW step in place on params, m, v; weight decay only on [0, decayEnd) (matrices and embeddings). */
export function adamwStep(params: Vec, grads: Vec, m: Vec, v: Vec, n: number, decayEnd: number, h: AdamwHyper): void {
  const bc1 = 1 - Math.pow(h.beta1, h.step);
  const bc2 = 1 - Math.pow(h.beta2, h.step);
  for (let i = 0; i < n; i++) {
    const g = grads[i] * h.gradScale;
    m[i] = h.beta1 * m[i] + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
    const mhat = m[i] / bc1;
    const vhat = v[i] / bc2;
    const decay = i < decayEnd ? h.weightDecay : 0;
    params[i] -= h.lr * (mhat / (Math.sqrt(vhat) + h.eps) + decay * params[i]);
  }
}
