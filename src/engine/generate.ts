// The generation loop both backends share: prefill, decode steps, stop sequences, limits, abort, compaction.
// A backend only runs steps. Layout: rows are left-aligned (prompt token t at position t), each row with its
// own length; a step carries per-slot [row, pos, len, step], so mixed lengths need no position offsets and
// no padding inside the cache. Finished rows leave the slot list, so later steps run only live rows.
import type { ModelConfig } from './config';
import type { FinishReason, GenerateOptions, GenerateResult } from './engine';
import { SLOT_WORDS } from './reference/decode';
import type { SampleParams } from './reference/sample';

/** What a backend implements: a KV cache of `rows` × `capacity` positions and one step over some slots. */
export interface DecodeBackend {
  begin(rows: number, capacity: number, maxTq: number, sampling: SampleParams): Promise<void>;
  /**
   * Runs tokens (M, Tq) through the model for slots (M, 4) = [row, pos, len, step], appending their keys and
   * values to the cache; returns the chosen next id of every slot (M).
   */
  step(slots: Int32Array, tokens: Int32Array, M: number, Tq: number): Promise<Int32Array>;
  end(): void;
}

export interface LoopOptions {
  /** Test oracle and bench baseline: every step recomputes the whole sequence instead of using the cache. */
  recompute?: boolean;
}

export function checkGenerate(prompts: Int32Array[], opts: GenerateOptions, c: ModelConfig): void {
  if (prompts.length === 0) throw new Error('generate: no prompts');
  if (!Number.isInteger(opts.maxNewTokens) || opts.maxNewTokens < 0) throw new Error(`generate: maxNewTokens must be a non-negative integer (got ${opts.maxNewTokens})`);
  if (!(opts.temperature >= 0)) throw new Error(`generate: temperature must be ≥ 0 (got ${opts.temperature})`);
  if (opts.topK !== undefined && !(Number.isInteger(opts.topK) && opts.topK >= 0)) throw new Error(`generate: topK must be a non-negative integer (got ${opts.topK})`);
  if (opts.topP !== undefined && !(opts.topP > 0 && opts.topP <= 1)) throw new Error(`generate: topP must be in (0, 1] (got ${opts.topP})`);
  prompts.forEach((p, r) => {
    if (p.length === 0) throw new Error(`generate: prompt ${r} is empty (start it with BOS)`);
    if (p.length > c.maxSeqLen) throw new Error(`generate: prompt ${r} has ${p.length} tokens, over the model's maxSeqLen ${c.maxSeqLen}`);
    for (const t of p) if (!(t >= 0 && t < c.vocabSize)) throw new Error(`generate: prompt ${r} holds token ${t}, outside the vocabulary (${c.vocabSize})`);
  });
  (opts.stop ?? []).forEach((s, i) => {
    if (s.length === 0) throw new Error(`generate: stop sequence ${i} is empty`);
  });
}

function endsWith(out: number[], s: Int32Array): boolean {
  if (out.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if (out[out.length - s.length + i] !== s[i]) return false;
  return true;
}

/**
 * Generates up to maxNewTokens per prompt. A row ends with 'stop' when its new tokens end with a stop
 * sequence or stopWhen says so (the tokens kept in the output), 'length' at maxNewTokens or when prompt + new
 * tokens reach maxSeqLen, 'abort' when the signal fires (the tokens so far are returned).
 */
export async function runGeneration(backend: DecodeBackend, c: ModelConfig, prompts: Int32Array[], opts: GenerateOptions, loop: LoopOptions = {}): Promise<GenerateResult> {
  checkGenerate(prompts, opts, c);
  const B = prompts.length;
  const out: number[][] = prompts.map(() => []);
  const finish: (FinishReason | null)[] = prompts.map(() => null);
  const limit = prompts.map((p) => Math.min(opts.maxNewTokens, c.maxSeqLen - p.length));
  const maxPrompt = Math.max(...prompts.map((p) => p.length));
  const capacity = Math.min(c.maxSeqLen, maxPrompt + opts.maxNewTokens);
  const sampling: SampleParams = { temperature: opts.temperature, topK: opts.topK ?? 0, topP: opts.topP ?? 1, seed: opts.seed >>> 0 };
  const result = (): GenerateResult => ({ tokens: out.map((o) => Int32Array.from(o)), finish: finish.map((f) => f ?? 'abort') });

  for (let r = 0; r < B; r++) if (limit[r] <= 0) finish[r] = 'length';
  let live = [...Array(B).keys()].filter((r) => finish[r] === null);
  if (live.length === 0) return result();
  if (opts.signal?.aborted) return result();

  await backend.begin(B, capacity, loop.recompute ? capacity : maxPrompt, sampling);
  try {
    let first = true;
    while (live.length > 0) {
      if (opts.signal?.aborted) break;
      // Prefill (or, recomputing, the whole sequence) as a chunk per row; otherwise one new token per row.
      const whole = first || loop.recompute;
      const chunks = live.map((r) => (whole ? [...prompts[r], ...out[r]] : [out[r][out[r].length - 1]]));
      const Tq = Math.max(...chunks.map((ch) => ch.length));
      const M = live.length;
      const slots = new Int32Array(M * SLOT_WORDS);
      const tokens = new Int32Array(M * Tq);
      live.forEach((r, m) => {
        const ch = chunks[m];
        slots.set([r, whole ? 0 : prompts[r].length + out[r].length - 1, ch.length, out[r].length], m * SLOT_WORDS);
        tokens.set(ch, m * Tq);
      });
      const ids = await backend.step(slots, tokens, M, Tq);
      first = false;
      if (opts.signal?.aborted) break; // the step in flight when the signal fired is dropped
      live.forEach((r, m) => {
        const id = ids[m];
        out[r].push(id);
        opts.onToken?.(r, id);
        if ((opts.stop ?? []).some((s) => endsWith(out[r], s)) || opts.stopWhen?.(r, id)) finish[r] = 'stop';
        else if (out[r].length >= limit[r]) finish[r] = 'length';
      });
      live = live.filter((r) => finish[r] === null);
    }
  } finally {
    backend.end();
  }
  return result();
}
