// RoPE's inverse frequencies theta^(-2i/hd), with Llama 3.1/3.2's `rope_scaling` of type "llama3" when a config has
// one. Computed once on the CPU (f64, then rounded to f32 as Hugging Face holds inv_freq): the reference ops and the
// WGSL kernels (which read them from a buffer) rotate by exactly the same frequencies.

/**
 * Llama 3's frequency scaling (transformers' `_compute_llama3_parameters`): wavelengths shorter than
 * originalMaxPositionEmbeddings / highFreqFactor keep their frequency, those longer than
 * originalMaxPositionEmbeddings / lowFreqFactor are slowed by `factor`, and the band between is interpolated.
 */
export interface Llama3RopeScaling {
  type: 'llama3';
  factor: number;
  lowFreqFactor: number;
  highFreqFactor: number;
  originalMaxPositionEmbeddings: number;
}

export type RopeScaling = Llama3RopeScaling;

/** What the rope ops need: theta alone (a plain number, as before scaling existed), or theta with a scaling. */
export type Rope = number | { theta: number; scaling?: RopeScaling };

/** The rope of a model config; a plain theta when it has no scaling. */
export function ropeOf(c: { ropeTheta: number; ropeScaling?: RopeScaling }): Rope {
  return c.ropeScaling ? { theta: c.ropeTheta, scaling: c.ropeScaling } : c.ropeTheta;
}

function llama3Scaled(invFreq: number, s: Llama3RopeScaling): number {
  const wavelen = (2 * Math.PI) / invFreq;
  const highFreqWavelen = s.originalMaxPositionEmbeddings / s.highFreqFactor;
  const lowFreqWavelen = s.originalMaxPositionEmbeddings / s.lowFreqFactor;
  if (wavelen < highFreqWavelen) return invFreq;
  if (wavelen > lowFreqWavelen) return invFreq / s.factor;
  const smooth = (s.originalMaxPositionEmbeddings / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
  return ((1 - smooth) * invFreq) / s.factor + smooth * invFreq;
}

/** (hd/2) inverse frequencies, pair i rotating (x[i], x[i + hd/2]) by pos · invFreq[i]. */
export function ropeInvFreq(hd: number, rope: Rope): Float32Array<ArrayBuffer> {
  const { theta, scaling } = typeof rope === 'number' ? { theta: rope, scaling: undefined } : rope;
  const out = new Float32Array(hd / 2);
  for (let i = 0; i < out.length; i++) {
    const invFreq = Math.pow(theta, (-2 * i) / hd);
    out[i] = scaling ? llama3Scaled(invFreq, scaling) : invFreq;
  }
  return out;
}

/** Throws a message naming the field when a scaling cannot be used. */
export function validateRopeScaling(s: RopeScaling): void {
  if (s.type !== 'llama3') throw new Error(`Model config: ropeScaling type ${JSON.stringify(s.type)} is not supported (only "llama3")`);
  if (!(s.factor >= 1)) throw new Error(`Model config: ropeScaling.factor must be at least 1 (got ${s.factor})`);
  if (!(s.lowFreqFactor > 0)) throw new Error(`Model config: ropeScaling.lowFreqFactor must be positive (got ${s.lowFreqFactor})`);
  // Equal factors would divide by zero in the interpolated band.
  if (!(s.highFreqFactor > s.lowFreqFactor)) throw new Error(`Model config: ropeScaling.highFreqFactor (${s.highFreqFactor}) must exceed lowFreqFactor (${s.lowFreqFactor})`);
  if (!(Number.isInteger(s.originalMaxPositionEmbeddings) && s.originalMaxPositionEmbeddings > 0)) {
    throw new Error(`Model config: ropeScaling.originalMaxPositionEmbeddings must be a positive integer (got ${s.originalMaxPositionEmbeddings})`);
  }
}
