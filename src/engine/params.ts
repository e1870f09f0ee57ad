// The parameter table: every tensor's Hugging Face name, shape and offset inside one flat buffer.
// Decayed tensors (matrices, embeddings) come first so AdamW decays the range [0, decayEnd) only.
import { headDim, type ModelConfig } from './config';
import { gaussian, mulberry32 } from '../util/random';

export interface ParamEntry {
  name: string;
  shape: number[];
  offset: number; // in floats
  size: number; // in floats
}

export interface LayerParams {
  qkv: ParamEntry; // span of q_proj, k_proj, v_proj: (H·hd + 2·KVH·hd, C)
  q: ParamEntry;
  k: ParamEntry;
  v: ParamEntry;
  o: ParamEntry; // (C, H·hd)
  gateup: ParamEntry; // span of gate_proj, up_proj: (2F, C)
  gate: ParamEntry;
  up: ParamEntry;
  down: ParamEntry; // (C, F)
  ln1: ParamEntry; // (C)
  ln2: ParamEntry; // (C)
}

/** Named tensors inside one flat buffer: the model's parameters, or LoRA adapters (src/engine/lora.ts). */
export interface TensorTable {
  entries: ParamEntry[]; // the named tensors, in buffer order
  byName: Map<string, ParamEntry>;
  total: number; // floats, padded to a multiple of 64
}

export interface ParamTable extends TensorTable {
  embed: ParamEntry; // (V, C)
  lmHead: ParamEntry; // (V, C); the embedding itself when tied
  finalNorm: ParamEntry; // (C)
  layers: LayerParams[];
  decayEnd: number; // floats in [0, decayEnd) get weight decay
}

/** 64 floats = 256 bytes, WebGPU's minimum storage-binding offset alignment. */
export const ALIGN_FLOATS = 64;
export const alignFloats = (n: number) => Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;

export function buildParamTable(c: ModelConfig): ParamTable {
  const entries: ParamEntry[] = [];
  let cursor = 0;
  const add = (name: string, shape: number[], aligned = true): ParamEntry => {
    if (aligned) cursor = alignFloats(cursor);
    const size = shape.reduce((a, b) => a * b, 1);
    const e = { name, shape, offset: cursor, size };
    entries.push(e);
    cursor += size;
    return e;
  };
  const span = (name: string, first: ParamEntry, last: ParamEntry): ParamEntry => ({
    name,
    shape: [(last.offset + last.size - first.offset) / first.shape[1], first.shape[1]],
    offset: first.offset,
    size: last.offset + last.size - first.offset,
  });

  const C = c.dim;
  const hd = headDim(c);
  const embed = add('model.embed_tokens.weight', [c.vocabSize, C]);
  const matrices = [];
  for (let l = 0; l < c.nLayers; l++) {
    const p = `model.layers.${l}.`;
    const q = add(`${p}self_attn.q_proj.weight`, [c.nHeads * hd, C]);
    const k = add(`${p}self_attn.k_proj.weight`, [c.nKvHeads * hd, C], false); // contiguous with q: one fused matmul
    const v = add(`${p}self_attn.v_proj.weight`, [c.nKvHeads * hd, C], false);
    const o = add(`${p}self_attn.o_proj.weight`, [C, c.nHeads * hd]);
    const gate = add(`${p}mlp.gate_proj.weight`, [c.hiddenDim, C]);
    const up = add(`${p}mlp.up_proj.weight`, [c.hiddenDim, C], false); // contiguous with gate
    const down = add(`${p}mlp.down_proj.weight`, [C, c.hiddenDim]);
    matrices.push({ q, k, v, o, gate, up, down, qkv: span(`${p}self_attn.qkv`, q, v), gateup: span(`${p}mlp.gateup`, gate, up) });
  }
  const lmHead = c.tiedEmbeddings ? embed : add('lm_head.weight', [c.vocabSize, C]);
  const decayEnd = alignFloats(cursor);
  const layers: LayerParams[] = matrices.map((m, l) => ({
    ...m,
    ln1: add(`model.layers.${l}.input_layernorm.weight`, [C]),
    ln2: add(`model.layers.${l}.post_attention_layernorm.weight`, [C]),
  }));
  const finalNorm = add('model.norm.weight', [C]);
  return { entries, byName: new Map(entries.map((e) => [e.name, e])), embed, lmHead, finalNorm, layers, decayEnd, total: alignFloats(cursor) };
}

/** Binding of one tensor inside a flat buffer. */
export function paramBinding(buffer: GPUBuffer, e: ParamEntry): GPUBufferBinding {
  return { buffer, offset: e.offset * 4, size: e.size * 4 };
}

/**
 * Seeded init, done on the CPU so every backend starts from identical weights:
 * N(0, 0.02) for matrices, scaled by 1/sqrt(2·layers) on the projections into the residual stream; norms at 1.
 */
export function initParams(table: ParamTable, c: ModelConfig, seed: number): Float32Array {
  const flat = new Float32Array(table.total);
  const normal = gaussian(mulberry32(seed));
  const residualScale = 1 / Math.sqrt(2 * c.nLayers);
  for (const e of table.entries) {
    if (e.shape.length === 1) {
      flat.fill(1, e.offset, e.offset + e.size);
      continue;
    }
    const std = 0.02 * (/o_proj|down_proj/.test(e.name) ? residualScale : 1);
    for (let i = 0; i < e.size; i++) flat[e.offset + i] = normal() * std;
  }
  return flat;
}

/** Splits a flat buffer into named tensors (copies). */
export function unflatten(table: TensorTable, flat: Float32Array): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const e of table.entries) out[e.name] = flat.slice(e.offset, e.offset + e.size);
  return out;
}

/** Named views into a flat buffer (no copy): writes through them land in `flat`. */
export function tensorViews(table: TensorTable, flat: Float32Array): Record<string, Float32Array> {
  return Object.fromEntries(table.entries.map((e) => [e.name, flat.subarray(e.offset, e.offset + e.size)]));
}

/** Every tensor of the table is present in `named` with its exact size; names the first that is not. */
export function checkNamed(table: TensorTable, named: Record<string, Float32Array>): void {
  for (const e of table.entries) {
    const t = named[e.name];
    if (!t) throw new Error(`Missing tensor ${e.name} (shape ${e.shape.join('×')})`);
    if (t.length !== e.size) throw new Error(`Tensor ${e.name} has ${t.length} values; expected ${e.size} (shape ${e.shape.join('×')})`);
  }
}

/** Writes named tensors into a flat buffer; every tensor must be present with its exact size. */
export function flatten(table: TensorTable, named: Record<string, Float32Array>, into: Float32Array = new Float32Array(table.total)): Float32Array {
  checkNamed(table, named);
  for (const e of table.entries) into.set(named[e.name], e.offset);
  return into;
}
