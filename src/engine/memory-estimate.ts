// What the webgpu engine allocates on the device for a model, full fine-tuning or LoRA, before anything is allocated:
// shown on the Demo form and in Settings so a user knows whether a run fits their GPU. Pure arithmetic over the same
// tables the engine builds (params.ts, lora.ts) and the buffers its plans make (webgpu/plan.ts, decode-plan.ts);
// test/gpu/memory-estimate.test.ts holds it to the bytes bufferStats counts. Left out: op uniforms and small
// per-op scratch (rmsnorm's weight partials, AdamW's norm partials, the loss readback ring): under 1 % there.
import { qkvDim, type ModelConfig } from './config';
import { buildLoraTable, type LoraConfig } from './lora';
import { alignFloats, buildParamTable } from './params';
import { decodeBufferFloats, sessionShape } from './session-shape';
import { placeUnits, segmentBytes } from './webgpu/param-units';

export interface MemoryShape {
  /**
   * Training batches: B rows, and the sequence lengths the run's batches take. The engine keeps one plan (every
   * activation buffer) per (B, T) it has met, so each length counts: a run whose batches are padded to multiples of
   * 64 tokens up to its context can meet every multiple (tripost/run-memory.ts lists them).
   */
  batch: { B: number; lengths: readonly number[] };
  /** Generation: rows at once, tokens a row holds (prompt and new ones: the KV cache), the longest prompt (prefill scratch); absent: none. */
  generate?: { rows: number; tokens: number; prompt: number };
}

/** Bytes, by what holds them. */
export interface MemoryEstimate {
  /** The base model's weights (frozen under LoRA; its matrices and embeddings f16 with `halfBase`). */
  weights: number;
  /** The LoRA adapters' weights; 0 for full fine-tuning. */
  adapters: number;
  /** Gradients of what trains: every weight, or the adapters only. */
  grads: number;
  /** Adam's two moments of what trains. */
  adam: number;
  /** The training plans: per batch shape the forward's saved activations, the logits and the backward's gradients. */
  activations: number;
  /** The generation session: KV cache, prefill scratch and logits. */
  generation: number;
  total: number;
}

const F32 = 4;

/** Parameters of the model (each tensor once; tied embeddings count once), without the table's alignment padding. */
export function parameterCount(c: ModelConfig): number {
  return buildParamTable(c).entries.reduce((n, e) => n + e.size, 0);
}

/** Parameters of the adapters LoRA would add. */
export function loraParameterCount(c: ModelConfig, lora: LoraConfig): number {
  return buildLoraTable(c, lora).entries.reduce((n, e) => n + e.size, 0);
}

/** Floats of one training plan's buffers (webgpu/plan.ts), for a batch (B, T). */
function planFloats(c: ModelConfig, B: number, T: number, lora: { perLayer: number; rank: number } | null): number {
  const N = B * T;
  const [C, F, V, QKV, L] = [c.dim, c.hiddenDim, c.vocabSize, qkvDim(c), c.nLayers];
  const inputs = 5 * N + 1; // tokens, targets, weights, and the embedding backward's order and segment starts
  const head = N * V + N + 4 * N * C + N; // logits (dlogits in place), losses, lnf, dlnf, dresid, the resid after the last layer, rstdf
  // Per layer: the resid in, ln1 att attProj res1 ln2 mlp and dln2 datt dln1 (N, C); qkv and dqkv; gateup, dgateup, sw,
  // dsw; two rstd; the attention's log-sum-exp and its backward's dsum (B, H, T).
  const layer = 10 * N * C + 2 * N * QKV + 6 * N * F + 2 * N + 2 * B * c.nHeads * T;
  // LoRA: each adapter's u = x·Aᵀ saved per layer in aligned slots, one du scratch.
  const adapters = lora ? L * lora.perLayer * alignFloats(N * lora.rank) + N * lora.rank : 0;
  return inputs + head + L * layer + adapters;
}

/** Floats of a generation session (webgpu/decode-plan.ts DecodeBuffers), sized as GpuDecoder.begin sizes it. */
function generationFloats(c: ModelConfig, g: NonNullable<MemoryShape['generate']>, rank: number): number {
  const { R, S, N } = sessionShape(c, g.rows, g.tokens, g.prompt);
  const f = decodeBufferFloats(c, R, S, N, rank);
  const all = Object.values(f).reduce((n, x) => n + x, 0);
  return all + (c.nLayers - 1) * (f.kcache + f.vcache) + R; // a K and V cache per layer; the ids' readback
}

/**
 * The device memory of a model on the webgpu engine: full fine-tuning (`lora` null) or LoRA adapters, the frozen base
 * kept as f16 with `halfBase` (laid out as the engine lays it, webgpu/param-units.ts).
 */
export function estimateMemory(c: ModelConfig, lora: LoraConfig | null, shape: MemoryShape, halfBase = false): MemoryEstimate {
  const baseTable = buildParamTable(c);
  const base = baseTable.total;
  const table = lora ? buildLoraTable(c, lora) : null;
  const trainable = table ? table.total : base;
  const weights = lora && halfBase ? segmentBytes(placeUnits(baseTable, Infinity, true)).reduce((n, s) => n + s.bytes, 0) : base * F32;
  const adapters = table ? table.total * F32 : 0;
  const grads = trainable * F32;
  const adam = 2 * trainable * F32;
  const adapterShape = table && { perLayer: table.perLayer, rank: table.config.rank };
  const activations = shape.batch.lengths.reduce((n, T) => n + planFloats(c, shape.batch.B, T, adapterShape), 0) * F32;
  const generation = shape.generate ? generationFloats(c, shape.generate, table?.config.rank ?? 0) * F32 : 0;
  return { weights, adapters, grads, adam, activations, generation, total: weights + adapters + grads + adam + activations + generation };
}
