// Training batches: tokenized examples with per-token weights (w from the first `Feedback:`, 1 before,
// 0 on padding), packed by length into (B, T) batches whose T is rounded up to a few shapes.
import type { Batch } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { mulberry32, shuffle } from '../tasks';
import type { Example } from './postprocess';

export interface TokenizedExample {
  tokens: Int32Array; // BOS, text, EOS
  /** Weight of predicting tokens[i + 1] from tokens[..i]: length tokens.length − 1. */
  weights: Float32Array;
}

/** Sequence lengths are rounded up to a multiple of this, so the GPU builds few shape plans. */
export const LENGTH_BUCKET = 64;

/** `attemptWeight` weighs the head (prompt and wrong attempt) of improvement examples; other heads weigh 1. */
export function tokenizeExample(ex: Example, tok: Tokenizer, w: number, attemptWeight = 1): TokenizedExample {
  const head = tok.encode(ex.weightFrom === null ? ex.text : ex.text.slice(0, ex.weightFrom), { bos: true });
  const tail = tok.encode(ex.weightFrom === null ? '' : ex.text.slice(ex.weightFrom), { eos: true });
  const tokens = new Int32Array(head.length + tail.length);
  tokens.set(head);
  tokens.set(tail, head.length);
  const weighFrom = ex.weightFrom === null ? Infinity : head.length;
  const weights = new Float32Array(tokens.length - 1);
  const headWeight = ex.kind === 'improvement' ? attemptWeight : 1;
  // Target i is tokens[i + 1]: it weighs w once it lies in the tail (the final EOS included).
  for (let i = 0; i < weights.length; i++) weights[i] = i + 1 >= weighFrom ? w : headWeight;
  return { tokens, weights };
}

/** Splits into examples that fit the context and those that do not (reported, not trained on). */
export function fitContext(examples: TokenizedExample[], contextLength: number): { fit: TokenizedExample[]; tooLong: number } {
  const fit = examples.filter((e) => e.tokens.length - 1 <= contextLength);
  return { fit, tooLong: examples.length - fit.length };
}

/**
 * One epoch's batches: shuffled with the seed, then grouped by length so padding stays small;
 * every batch has `batchSize` rows (missing rows are all padding, weight 0).
 */
export function packBatches(examples: TokenizedExample[], batchSize: number, contextLength: number, seed: number, padId: number): Batch[] {
  const shuffled = shuffle(mulberry32(seed), examples);
  // Sort within windows of 8 batches: batches stay random across the epoch yet similar in length inside.
  const window = batchSize * 8;
  const ordered: TokenizedExample[] = [];
  for (let i = 0; i < shuffled.length; i += window) {
    ordered.push(...shuffled.slice(i, i + window).sort((x, y) => x.tokens.length - y.tokens.length));
  }
  const batches: Batch[] = [];
  for (let i = 0; i < ordered.length; i += batchSize) {
    const rows = ordered.slice(i, i + batchSize);
    const longest = Math.max(...rows.map((r) => r.tokens.length - 1));
    const T = Math.min(contextLength, Math.ceil(longest / LENGTH_BUCKET) * LENGTH_BUCKET);
    batches.push(makeBatch(rows, batchSize, T, padId));
  }
  return batches;
}

export function makeBatch(rows: TokenizedExample[], B: number, T: number, padId: number): Batch {
  const tokens = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(padId);
  const weights = new Float32Array(B * T);
  rows.forEach((r, b) => {
    const n = Math.min(T, r.tokens.length - 1);
    tokens.set(r.tokens.subarray(0, n), b * T);
    targets.set(r.tokens.subarray(1, n + 1), b * T);
    weights.set(r.weights.subarray(0, n), b * T);
  });
  return { tokens, targets, weights, batchSize: B, seqLen: T };
}
