// Imports a Hugging Face Llama-architecture model (config.json, model.safetensors or a sharded index,
// tokenizer.json) from files the user picked or from a URL. Tensor names and (out, in) shapes are already the
// engine's. RoPE needs no permutation: HF stores q_proj/k_proj for its rotate-half rotation (pairs i, i + hd/2),
// the convention our rope and kv_append kernels use (docs/ENGINE-OPS.md).
import type { Checkpoint } from './checkpoint';
import { validateConfig, type ModelConfig } from './config';
import { buildParamTable, tensorViews, type ParamTable } from './params';
import type { RopeScaling } from './rope-frequencies';
import { decodeInto, headerLength, parseHeader, SafetensorsError, type TensorSpan } from './safetensors';
import type { SerializedHfTokenizer } from './tokenizer-hf';

/** A file read whole (small ones: PEFT adapters, JSON). */
export interface WholeFile {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A picked file (browser File, or anything with a name, a size and bytes that can be read in ranges). */
export interface NamedBlob extends WholeFile {
  size: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export type HfSource = { files: NamedBlob[] } | { url: string; fetch?: typeof fetch };

export interface ImportOptions {
  /** Caps the context (max_position_embeddings can be 8k+; the KV cache and batches are sized from it). */
  maxSeqLen?: number;
}

/** Tensors HF checkpoints may carry that the engine derives itself. */
const IGNORED = /^model\.layers\.\d+\.self_attn\.rotary_emb\.inv_freq$/;

interface Reader {
  where: string;
  has(name: string): Promise<boolean>;
  /** A whole (small) file: config.json, the index, the tokenizer's. */
  bytes(name: string): Promise<Uint8Array>;
  /** Bytes [start, end) of a file, and the whole file's size: weights are read one tensor at a time. */
  range(name: string, start: number, end: number): Promise<{ bytes: Uint8Array; size: number }>;
  /** The file's tensors are read: what was kept of it can go. */
  release?(name: string): void;
}

function fileReader(files: NamedBlob[]): Reader {
  const byName = new Map(files.map((f) => [f.name.split(/[\\/]/).pop()!, f]));
  const file = (name: string) => {
    const f = byName.get(name);
    if (!f) throw new Error(`Import: ${name} is missing from the picked files`);
    return f;
  };
  return {
    where: 'the picked files',
    has: async (name) => byName.has(name),
    bytes: async (name) => new Uint8Array(await file(name).arrayBuffer()),
    range: async (name, start, end) => {
      const f = file(name);
      return { bytes: new Uint8Array(await f.slice(start, end).arrayBuffer()), size: f.size };
    },
  };
}

function urlReader(base: string, fetchFn: typeof fetch): Reader {
  const root = base.endsWith('/') ? base : `${base}/`;
  const href = (name: string) => new URL(name, root).href;
  const whole = new Map<string, Promise<Uint8Array>>(); // files of a server that ignores Range, fetched once
  const sizes = new Map<string, Promise<number>>(); // from HEAD, where a 206 hides its Content-Range (CORS does unless exposed)
  const body = async (name: string, res: Response): Promise<Uint8Array> => {
    if (!res.ok) throw new Error(`Import: ${href(name)} answered ${res.status} ${res.statusText}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const expected = Number(res.headers.get('content-length'));
    if (!res.headers.get('content-encoding') && expected > 0 && bytes.length < expected) throw new Error(`Import: ${name} is truncated (${bytes.length} of ${expected} bytes arrived)`);
    return bytes;
  };
  const get = async (name: string) => body(name, await fetchFn(href(name)));
  return {
    where: root,
    has: async (name) => (await fetchFn(href(name), { method: 'HEAD' })).ok,
    bytes: get,
    range: async (name, start, end) => {
      const cached = whole.get(name);
      if (!cached) {
        const res = await fetchFn(href(name), { headers: { Range: `bytes=${start}-${end - 1}` } });
        if (res.status === 206) {
          const bytes = await body(name, res);
          if (bytes.length !== end - start) throw new Error(`Import: ${name} is truncated (${bytes.length} of ${end - start} bytes of a range arrived)`);
          const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
          if (total !== undefined) return { bytes, size: Number(total) };
          if (!sizes.has(name)) sizes.set(name, fetchFn(href(name), { method: 'HEAD' }).then((h) => Number(h.headers.get('content-length'))));
          const size = await sizes.get(name)!;
          if (!(size > 0)) throw new Error(`Import: ${href(name)} tells neither its size (Content-Range, Content-Length) nor sends it whole`);
          return { bytes, size };
        }
        // The server sent the whole file (no Range support): keep it for this file's other tensors.
        whole.set(name, body(name, res));
      }
      const bytes = await whole.get(name)!;
      return { bytes: bytes.subarray(start, Math.min(end, bytes.length)), size: bytes.length };
    },
    release: (name) => void whole.delete(name),
  };
}

async function readJson(r: Reader, name: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await r.bytes(name));
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`Import: ${name} is not valid JSON (${(err as Error).message})`);
  }
}

/** The engine config of a HF LlamaConfig; anything the engine cannot run is refused by name. */
export function llamaConfig(hf: Record<string, unknown>, opts: ImportOptions = {}): ModelConfig {
  const arch = (hf.architectures as string[] | undefined)?.[0];
  if (hf.model_type !== 'llama' || (arch !== undefined && arch !== 'LlamaForCausalLM')) {
    throw new Error(`Import: architecture ${arch ?? '(none)'} / model_type ${String(hf.model_type)} is not supported (LlamaForCausalLM, model_type "llama")`);
  }
  const refuse = (what: string) => {
    throw new Error(`Import: config.json ${what} is not supported`);
  };
  if (hf.hidden_act !== undefined && hf.hidden_act !== 'silu') refuse(`hidden_act "${String(hf.hidden_act)}" (only silu)`);
  if (hf.attention_bias === true) refuse('attention_bias: true');
  if (hf.mlp_bias === true) refuse('mlp_bias: true');
  const num = (key: string, fallback?: number): number => {
    const v = hf[key] ?? fallback;
    if (typeof v !== 'number') throw new Error(`Import: config.json has no numeric ${key}`);
    return v;
  };
  const heads = num('num_attention_heads');
  const c: ModelConfig = {
    vocabSize: num('vocab_size'),
    dim: num('hidden_size'),
    nLayers: num('num_hidden_layers'),
    nHeads: heads,
    nKvHeads: num('num_key_value_heads', heads),
    hiddenDim: num('intermediate_size'),
    maxSeqLen: Math.min(num('max_position_embeddings', 2048), opts.maxSeqLen ?? Infinity),
    ropeTheta: num('rope_theta', 10000),
    normEps: num('rms_norm_eps', 1e-6),
    tiedEmbeddings: hf.tie_word_embeddings === true,
  };
  const ropeScaling = llama3RopeScaling(hf.rope_scaling);
  if (ropeScaling) c.ropeScaling = ropeScaling;
  if (hf.head_dim !== undefined && hf.head_dim !== c.dim / c.nHeads) refuse(`head_dim ${String(hf.head_dim)} ≠ hidden_size / num_attention_heads`);
  validateConfig(c);
  return c;
}

/**
 * config.json's rope_scaling: none (absent, null or type "default"), or Llama 3.1/3.2's "llama3" (older files name
 * the type `type`, newer `rope_type`); other types (linear, dynamic, yarn, longrope…) are refused by name.
 */
function llama3RopeScaling(raw: unknown): RopeScaling | undefined {
  if (raw === undefined || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  const type = s.rope_type ?? s.type;
  if (type === 'default') return undefined;
  if (type !== 'llama3') throw new Error(`Import: config.json rope_scaling ${JSON.stringify(raw)} is not supported (only rope_type "llama3")`);
  const num = (key: string): number => {
    if (typeof s[key] !== 'number') throw new Error(`Import: config.json rope_scaling of type llama3 has no numeric ${key}`);
    return s[key] as number;
  };
  return {
    type: 'llama3',
    factor: num('factor'),
    lowFreqFactor: num('low_freq_factor'),
    highFreqFactor: num('high_freq_factor'),
    originalMaxPositionEmbeddings: num('original_max_position_embeddings'),
  };
}

/** The shards of a model: model.safetensors, or those listed by model.safetensors.index.json. */
async function shardNames(r: Reader): Promise<string[]> {
  if (await r.has('model.safetensors')) return ['model.safetensors'];
  if (!(await r.has('model.safetensors.index.json'))) throw new Error(`Import: neither model.safetensors nor model.safetensors.index.json is in ${r.where}`);
  const index = await readJson(r, 'model.safetensors.index.json');
  const map = index.weight_map as Record<string, string> | undefined;
  if (!map || typeof map !== 'object') throw new Error('Import: model.safetensors.index.json has no weight_map');
  return [...new Set(Object.values(map))];
}

/** A shard's tensor spans, from its first bytes only. */
async function shardSpans(r: Reader, file: string): Promise<TensorSpan[]> {
  try {
    const first = await r.range(file, 0, 8);
    const length = headerLength(first.bytes, first.size);
    return parseHeader((await r.range(file, 8, 8 + length)).bytes, first.size).spans;
  } catch (err) {
    if (err instanceof SafetensorsError) throw new Error(`Import: ${file}: ${err.message}`);
    throw err;
  }
}

/**
 * The weights, read tensor by tensor into one flat buffer laid out as the param table says: host memory peaks at
 * the model's float32 size plus one stored tensor (a whole file never sits in memory beside its decoded weights).
 */
async function readWeights(r: Reader, table: ParamTable, tiedEmbeddings: boolean): Promise<Float32Array> {
  const flat = new Float32Array(table.total);
  const placed = new Set<string>();
  for (const file of await shardNames(r)) {
    for (const span of await shardSpans(r, file)) {
      if (IGNORED.test(span.name) || (tiedEmbeddings && span.name === 'lm_head.weight')) continue; // some tied checkpoints store the copy
      const e = table.byName.get(span.name);
      if (!e) throw new Error(`Import: tensor ${span.name} in ${file} has no place in a Llama model (biases and other extras are not supported)`);
      if (span.shape.join() !== e.shape.join()) throw new Error(`Import: tensor ${e.name} in ${file} has shape [${span.shape.join(', ')}], expected [${e.shape.join(', ')}]`);
      const { bytes } = await r.range(file, span.begin, span.end);
      if (bytes.length !== span.end - span.begin) throw new Error(`Import: ${file} is truncated inside tensor ${span.name}`);
      decodeInto(span.dtype, bytes, flat.subarray(e.offset, e.offset + e.size));
      placed.add(e.name);
    }
    r.release?.(file);
  }
  const missing = table.entries.find((e) => !placed.has(e.name));
  if (missing) throw new Error(`Import: missing tensor ${missing.name} (shape [${missing.shape.join(', ')}])`);
  return flat;
}

/** An imported model: its params are views into `flat`, laid out as buildParamTable(config) lays them out. */
export interface ImportedCheckpoint extends Checkpoint {
  flat: Float32Array;
}

/** A checkpoint (config, weights, tokenizer) from a Hugging Face Llama model. */
export async function importHfLlama(source: HfSource, opts: ImportOptions = {}): Promise<ImportedCheckpoint> {
  const r = 'files' in source ? fileReader(source.files) : urlReader(source.url, source.fetch ?? fetch);
  const config = llamaConfig(await readJson(r, 'config.json'), opts);
  const table = buildParamTable(config);
  const flat = await readWeights(r, table, config.tiedEmbeddings);
  let tokenizer: SerializedHfTokenizer | undefined;
  if (await r.has('tokenizer.json')) {
    const tokenizerConfig = (await r.has('tokenizer_config.json')) ? await readJson(r, 'tokenizer_config.json') : {};
    tokenizer = { kind: 'hf', tokenizer: await readJson(r, 'tokenizer.json'), config: tokenizerConfig };
  }
  return { config, params: tensorViews(table, flat), flat, tokenizer };
}
