// Training batches: tokenized examples with per-token weights (w from the first `Feedback:`, 1 before,
// 0 on padding), packed by length into (B, T) batches whose T is rounded up to a few shapes.
import type { Batch } from '../engine';
import type { Tokenizer } from '../engine/tokenizer';
import { encodeWithSpans } from '../tokenizers/text-stream';
import { mulberry32, shuffle } from '../tasks';
import type { Example } from './postprocess';

export interface TokenizedExample {
  tokens: Int32Array; // BOS, text, EOS
  /** Weight of predicting tokens[i + 1] from tokens[..i]: length tokens.length − 1. */
  weights: Float32Array;
}

/** Sequence lengths are rounded up to a multiple of this, so the GPU builds few shape plans. */
export const LENGTH_BUCKET = 64;

/**
 * The example's whole text encoded once (BOS, text, EOS); a token weighs w when it covers any character from
 * weightFrom on or stands there (the final EOS), so a token merged across the boundary counts as feedback.
 * `attemptWeight` weighs the head (prompt and wrong attempt) of improvement examples; other heads weigh 1.
 */
export function tokenizeExample(ex: Example, tok: Tokenizer, w: number, attemptWeight = 1): TokenizedExample {
  const { ids: tokens, starts, ends } = encodeWithSpans(tok, ex.text, { bos: true, eos: true });
  const from = ex.weightFrom ?? Infinity;
  const headWeight = ex.kind === 'improvement' ? attemptWeight : 1;
  const weights = new Float32Array(Math.max(0, tokens.length - 1));
  // Target i is tokens[i + 1].
  for (let i = 0; i < weights.length; i++) weights[i] = ends[i + 1] > from || starts[i + 1] >= from ? w : headWeight;
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

/** Padding weighs 0, so any id in the vocabulary pads: the tokenizer's PAD, or 0 where it has none (Llama-2/3 base). */
export function makeBatch(rows: TokenizedExample[], B: number, T: number, padId: number): Batch {
  const fill = padId >= 0 ? padId : 0;
  const tokens = new Int32Array(B * T).fill(fill);
  const targets = new Int32Array(B * T).fill(fill);
  const weights = new Float32Array(B * T);
  rows.forEach((r, b) => {
    const n = Math.min(T, r.tokens.length - 1);
    tokens.set(r.tokens.subarray(0, n), b * T);
    targets.set(r.tokens.subarray(1, n + 1), b * T);
    weights.set(r.weights.subarray(0, n), b * T);
  });
  return { tokens, targets, weights, batchSize: B, seqLen: T };
}
