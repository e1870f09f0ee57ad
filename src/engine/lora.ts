// LoRA adapters (Hu et al. 2021, as Hugging Face PEFT implements them): beside a frozen projection W (out, in),
// A (r, in) and B (out, r), and the output W·x + (alpha/r)·B·A·x. This module holds the config, the adapter
// table (PEFT's tensor names, shapes, offsets in a flat buffer of the adapters' own, apart from the base's) and
// the seeded init. The ops are src/engine/ops/lora.ts (GPU) and src/engine/reference/lora.ts (CPU twin).
import { headDim, qkvDim, type ModelConfig } from './config';
import { alignFloats, checkNamed, flatten, unflatten, type ParamEntry, type ParamTable, type TensorTable } from './params';
import { mulberry32 } from '../util/random';

/** The projections an adapter may sit on, in PEFT's `target_modules` spelling; also the table's order. */
export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

/** PEFT's usual choice for Llama models (and its examples'): attention's query and value projections. */
export const DEFAULT_LORA_TARGETS: readonly LoraTarget[] = ['q_proj', 'v_proj'];

/** The LoRA the app trains when asked: rank 8, alpha 16 (scale 2), on q_proj and v_proj as PEFT usually does. */
export const DEFAULT_LORA: LoraConfig = { rank: 8, alpha: 16, targets: [...DEFAULT_LORA_TARGETS] };

export interface LoraConfig {
  rank: number; // r
  alpha: number; // lora_alpha; the update is scaled by alpha / r
  targets: LoraTarget[];
}

/**
 * One adapted projection of one layer. The fused matmuls write q, k, v side by side in qkv (N, QKV) and gate, up
 * in gateup (N, 2F), so an adapter adds to columns [offset, offset + outDim) of an activation (N, stride).
 */
export interface LoraAdapter {
  target: LoraTarget;
  index: number; // position among its layer's adapters (the slot of its saved u)
  A: ParamEntry; // (r, in)
  B: ParamEntry; // (out, r)
  inDim: number;
  outDim: number;
  stride: number;
  offset: number;
}

/** A layer's adapters by the activation they add to; the adapters of one site share its input. */
export interface LoraLayer {
  qkv: LoraAdapter[]; // x = ln1 (N, C), y = qkv (N, QKV) before RoPE
  o: LoraAdapter[]; // x = att (N, C), y = attProj (N, C)
  gateup: LoraAdapter[]; // x = ln2 (N, C), y = gateup (N, 2F)
  down: LoraAdapter[]; // x = sw (N, F), y = mlp (N, C)
}
export type LoraSite = keyof LoraLayer;

export interface LoraTable extends TensorTable {
  config: LoraConfig; // validated, targets in LORA_TARGETS order
  scale: number; // alpha / rank
  layers: LoraLayer[];
  perLayer: number; // adapters in each layer
}

/** Where each target sits: its site, module path, in/out widths and its columns of the site's output. */
function geometry(c: ModelConfig, t: LoraTarget): { site: LoraSite; module: string; inDim: number; outDim: number; stride: number; offset: number } {
  const [C, F, hd] = [c.dim, c.hiddenDim, headDim(c)];
  const [q, kv, QKV] = [c.nHeads * hd, c.nKvHeads * hd, qkvDim(c)];
  switch (t) {
    case 'q_proj': return { site: 'qkv', module: 'self_attn', inDim: C, outDim: q, stride: QKV, offset: 0 };
    case 'k_proj': return { site: 'qkv', module: 'self_attn', inDim: C, outDim: kv, stride: QKV, offset: q };
    case 'v_proj': return { site: 'qkv', module: 'self_attn', inDim: C, outDim: kv, stride: QKV, offset: q + kv };
    case 'o_proj': return { site: 'o', module: 'self_attn', inDim: q, outDim: C, stride: C, offset: 0 };
    case 'gate_proj': return { site: 'gateup', module: 'mlp', inDim: C, outDim: F, stride: 2 * F, offset: 0 };
    case 'up_proj': return { site: 'gateup', module: 'mlp', inDim: C, outDim: F, stride: 2 * F, offset: F };
    case 'down_proj': return { site: 'down', module: 'mlp', inDim: F, outDim: C, stride: C, offset: 0 };
  }
}

/** Checks a LoRA config, naming what is wrong; returns it with its targets in canonical order. */
export function validateLora(l: LoraConfig): LoraConfig {
  if (!Number.isInteger(l.rank) || l.rank <= 0) throw new Error(`LoRA: rank must be a positive integer (got ${l.rank})`);
  if (!(Number.isFinite(l.alpha) && l.alpha > 0)) throw new Error(`LoRA: alpha must be a positive number (got ${l.alpha})`);
  if (!Array.isArray(l.targets) || l.targets.length === 0) throw new Error(`LoRA: targets must name at least one of ${LORA_TARGETS.join(', ')}`);
  for (const t of l.targets) {
    if (!(LORA_TARGETS as readonly string[]).includes(t)) throw new Error(`LoRA: unknown target "${t}"; choose among ${LORA_TARGETS.join(', ')}`);
  }
  if (new Set(l.targets).size !== l.targets.length) throw new Error(`LoRA: targets name a projection twice (${l.targets.join(', ')})`);
  return { rank: l.rank, alpha: l.alpha, targets: LORA_TARGETS.filter((t) => l.targets.includes(t)) };
}

/** True when two configs build the same adapters (the targets' order does not matter). */
export function sameLora(a: LoraConfig | null | undefined, b: LoraConfig | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const [x, y] = [validateLora(a), validateLora(b)];
  return x.rank === y.rank && x.alpha === y.alpha && x.targets.join() === y.targets.join();
}

/** PEFT's name of an adapter tensor, e.g. model.layers.0.self_attn.q_proj.lora_A.weight. */
export function loraTensorName(layer: number, t: LoraTarget, which: 'A' | 'B', c: ModelConfig): string {
  return `model.layers.${layer}.${geometry(c, t).module}.${t}.lora_${which}.weight`;
}

/** Layer-major, targets in canonical order, A then B; every tensor 256-byte aligned so it binds on its own. */
export function buildLoraTable(c: ModelConfig, lora: LoraConfig): LoraTable {
  const config = validateLora(lora);
  const r = config.rank;
  const entries: ParamEntry[] = [];
  let cursor = 0;
  const add = (name: string, shape: number[]): ParamEntry => {
    cursor = alignFloats(cursor);
    const e = { name, shape, offset: cursor, size: shape[0] * shape[1] };
    entries.push(e);
    cursor += e.size;
    return e;
  };
  const layers: LoraLayer[] = [];
  for (let l = 0; l < c.nLayers; l++) {
    const layer: LoraLayer = { qkv: [], o: [], gateup: [], down: [] };
    config.targets.forEach((target, index) => {
      const { site, inDim, outDim, stride, offset } = geometry(c, target);
      const A = add(loraTensorName(l, target, 'A', c), [r, inDim]);
      const B = add(loraTensorName(l, target, 'B', c), [outDim, r]);
      layer[site].push({ target, index, A, B, inDim, outDim, stride, offset });
    });
    layers.push(layer);
  }
  return {
    config, entries, byName: new Map(entries.map((e) => [e.name, e])), total: alignFloats(cursor),
    scale: config.alpha / r, layers, perLayer: config.targets.length,
  };
}

/**
 * Seeded init: A ~ U(−1/√in, 1/√in), which is PEFT's kaiming_uniform_(a=√5) (gain √(1/3) times √(3/in)); B = 0,
 * so a fresh adapter leaves the model's output unchanged. Its own stream (from `seed`), so the base weights do
 * not depend on whether adapters are added.
 */
export function initLora(table: LoraTable, seed: number): Float32Array {
  const flat = new Float32Array(table.total);
  const uniform = mulberry32((Math.imul(seed, 0x9e3779b1) ^ 0x4c6f5241) >>> 0); // 'LoRA'
  for (const layer of table.layers) {
    for (const a of layerAdapters(layer)) {
      const bound = 1 / Math.sqrt(a.inDim);
      for (let i = 0; i < a.A.size; i++) flat[a.A.offset + i] = (2 * uniform() - 1) * bound;
    }
  }
  return flat;
}

/** Every adapter of a layer, in table order. */
export function layerAdapters(layer: LoraLayer): LoraAdapter[] {
  return [...layer.qkv, ...layer.o, ...layer.gateup, ...layer.down].sort((x, y) => x.index - y.index);
}

/** Base and adapter tensors under one record, as readParams() returns them. */
export function namedWithAdapters(base: ParamTable, baseFlat: Float32Array, lora: LoraTable, loraFlat: Float32Array): Record<string, Float32Array> {
  return { ...unflatten(base, baseFlat), ...unflatten(lora, loraFlat) };
}

/**
 * writeParams() of an engine with adapters: every base tensor is required (checked here, written by the caller from
 * `named`); the adapters come all together or not at all (a base checkpoint written into a LoRA engine keeps its
 * adapters), returned flat, or null. A name neither table has is refused. Everything is checked before anything is written.
 */
export function checkWithAdapters(base: ParamTable, lora: LoraTable, named: Record<string, Float32Array>): Float32Array | null {
  const stray = Object.keys(named).find((n) => !base.byName.has(n) && !lora.byName.has(n));
  if (stray) throw new Error(`Tensor ${stray} is neither a parameter of this model nor one of its LoRA adapters`);
  checkNamed(base, named);
  const any = lora.entries.some((e) => e.name in named);
  return any ? flatten(lora, named) : null;
}
