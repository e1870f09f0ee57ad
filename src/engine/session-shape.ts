// The shape of a generation session's buffers (rows, cache length, prefill tokens) and their sizes, shared by the WebGPU
// decoder that allocates them and the memory estimate that predicts them.
import { headDim, qkvDim, type ModelConfig } from './config';

export const CHUNK_ALIGN = 8; // prefill lengths are rounded up to this, so prompts of similar length share a plan

export const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
export const roundUp = (n: number, k: number) => Math.ceil(n / k) * k;

/** R rows (a power of two), S cached positions, N prefill tokens for `rows` prompts up to `maxTq` tokens, `capacity` in all. */
export function sessionShape(c: Pick<ModelConfig, 'maxSeqLen'>, rows: number, capacity: number, maxTq: number): { R: number; S: number; N: number } {
  const R = pow2(rows);
  return { R, S: Math.min(c.maxSeqLen, roundUp(capacity, 64)), N: R * roundUp(Math.max(maxTq, 1), CHUNK_ALIGN) };
}

/** Floats of each buffer of a session of R rows, S cached positions, N prefill tokens; `kcache` and `vcache` are per layer. */
export function decodeBufferFloats(c: ModelConfig, R: number, S: number, N: number, loraRank: number) {
  const [C, F] = [c.dim, c.hiddenDim];
  const cache = R * c.nKvHeads * S * headDim(c);
  return {
    tokens: N, slots: R * 4, ids: R, x0: N * C, x1: N * C, ln: N * C, rstd: N, qkv: N * qkvDim(c), att: N * C, proj: N * C,
    gateup: N * 2 * F, sw: N * F, last: R * C, lnf: R * C, rstdf: R, logits: R * c.vocabSize, kcache: cache, vcache: cache, loraU: N * loraRank,
  };
}
