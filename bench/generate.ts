// Generation throughput on the GPU: KV-cache decoding against recomputing the whole sequence every step, with the
// same kernels (GpuDecoder with and without its cache), nano and tiny, batch 1 and 32, 64 new tokens each.
// --quick estimates the recompute baseline from three timed steps (see recomputeEstimate).
import { createEngine, presetConfig, type PresetName } from '../src/engine';
import { taskTokenizer } from '../src/engine/tokenizer';
import { GpuDecoder } from '../src/engine/webgpu/generate';
import type { WebGpuEngine } from '../src/engine/webgpu/engine';
import type { LoopOptions } from '../src/engine/generate';
import { GpuRuntime } from '../src/gpu';
import { mulberry32 } from '../src/util/random';

export interface GenerateBenchRow {
  preset: string;
  batch: number;
  new_tokens: number;
  kv_tokens_per_s: number;
  recompute_tokens_per_s: number;
  ratio: number;
}

const NEW_TOKENS = 64;
const PROMPT_LEN = 16;

function prompts(B: number, V: number, seed: number): Int32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: B }, () => Int32Array.from({ length: PROMPT_LEN }, () => 3 + Math.floor(rand() * (V - 3))));
}

/** New tokens per second of `reps` generate calls, after one call that builds the plans. */
async function tokensPerSecond(decoder: GpuDecoder, p: Int32Array[], loop: LoopOptions, reps: number): Promise<number> {
  const opts = { maxNewTokens: NEW_TOKENS, temperature: 0, seed: 1 }; // greedy, no stops: every row runs all 64 steps
  await decoder.run(p, opts, loop);
  const t0 = performance.now();
  let tokens = 0;
  for (let i = 0; i < reps; i++) {
    const res = await decoder.run(p, opts, loop);
    tokens += res.tokens.reduce((a, t) => a + t.length, 0);
  }
  return tokens / ((performance.now() - t0) / 1000);
}

/**
 * Quick mode's recompute figure: one whole-sequence step timed at a few lengths, interpolated linearly over the
 * 64 lengths a real run steps through (prompt + 0 … 63 new tokens), instead of running all 64 steps.
 */
async function recomputeEstimate(decoder: GpuDecoder, p: Int32Array[]): Promise<number> {
  const B = p.length;
  const last = PROMPT_LEN + NEW_TOKENS - 1;
  const lengths = [PROMPT_LEN, Math.round((PROMPT_LEN + last) / 2), last];
  await decoder.begin(B, PROMPT_LEN + NEW_TOKENS, last, { temperature: 0, topK: 0, topP: 1, seed: 1 });
  const cost: number[] = [];
  for (const L of lengths) {
    const slots = new Int32Array(B * 4);
    for (let m = 0; m < B; m++) slots.set([m, 0, L, 0], m * 4);
    const tokens = new Int32Array(B * L).fill(3);
    await decoder.step(slots, tokens, B, L); // builds the plan
    const t0 = performance.now();
    await decoder.step(slots, tokens, B, L);
    cost.push(performance.now() - t0);
  }
  let ms = 0;
  for (let L = PROMPT_LEN; L <= last; L++) {
    const i = L <= lengths[1] ? 0 : 1;
    ms += cost[i] + ((cost[i + 1] - cost[i]) * (L - lengths[i])) / (lengths[i + 1] - lengths[i]);
  }
  return (B * NEW_TOKENS) / (ms / 1000);
}

export async function benchGenerate(opts: { quick: boolean }): Promise<GenerateBenchRow[]> {
  const gpu = await GpuRuntime.create({ label: 'bench-generate' });
  const V = taskTokenizer().vocabSize;
  const rows: GenerateBenchRow[] = [];
  try {
    for (const preset of ['nano', 'tiny'] as PresetName[]) {
      const config = presetConfig(preset, V);
      const engine = (await createEngine({ backend: 'webgpu', config, seed: 1, gpu })) as WebGpuEngine;
      try {
        for (const batch of [1, 32]) {
          const p = prompts(batch, V, batch);
          // Separate decoders: the recompute baseline needs longer scratch, and each keeps its plans warm.
          const kv = new GpuDecoder(gpu, config, engine.table, engine.paramsBuffer);
          const re = new GpuDecoder(gpu, config, engine.table, engine.paramsBuffer);
          const kvRate = await tokensPerSecond(kv, p, {}, opts.quick ? 1 : 3);
          const reRate = opts.quick ? await recomputeEstimate(re, p) : await tokensPerSecond(re, p, { recompute: true }, 1);
          kv.destroy();
          re.destroy();
          rows.push({
            preset, batch, new_tokens: NEW_TOKENS,
            kv_tokens_per_s: Math.round(kvRate), recompute_tokens_per_s: Math.round(reRate), ratio: Math.round((kvRate / reRate) * 100) / 100,
          });
        }
      } finally {
        engine.destroy();
      }
    }
  } finally {
    gpu.destroy();
  }
  return rows;
}
