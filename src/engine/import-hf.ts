// Imports a Hugging Face Llama-architecture model (config.json, model.safetensors or a sharded index,
// tokenizer.json) from files the user picked or from a URL. Tensor names and (out, in) shapes are already the
// engine's. RoPE needs no permutation: HF stores q_proj/k_proj for its rotate-half rotation (pairs i, i + hd/2),
// the convention our rope and kv_append kernels use (docs/ENGINE-OPS.md).
import type { Checkpoint } from './checkpoint';
import { checkTensors } from './checkpoint';
import { validateConfig, type ModelConfig } from './config';
import { buildParamTable } from './params';
import type { RopeScaling } from './rope-frequencies';
import { decodeSafetensors, SafetensorsError } from './safetensors';
import type { SerializedHfTokenizer } from './tokenizer-hf';

/** A picked file (browser File, or anything with a name and bytes). */
export interface NamedBlob {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
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
  bytes(name: string): Promise<Uint8Array>;
}

function fileReader(files: NamedBlob[]): Reader {
  const byName = new Map(files.map((f) => [f.name.split(/[\\/]/).pop()!, f]));
  return {
    where: 'the picked files',
    has: async (name) => byName.has(name),
    bytes: async (name) => {
      const f = byName.get(name);
      if (!f) throw new Error(`Import: ${name} is missing from the picked files`);
      return new Uint8Array(await f.arrayBuffer());
    },
  };
}

function urlReader(base: string, fetchFn: typeof fetch): Reader {
  const root = base.endsWith('/') ? base : `${base}/`;
  const get = (name: string, method = 'GET') => fetchFn(new URL(name, root).href, { method });
  return {
    where: root,
    has: async (name) => (await get(name, 'HEAD')).ok,
    bytes: async (name) => {
      const res = await get(name);
      if (!res.ok) throw new Error(`Import: ${new URL(name, root).href} answered ${res.status} ${res.statusText}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const expected = Number(res.headers.get('content-length'));
      const encoded = res.headers.get('content-encoding');
      if (!encoded && expected > 0 && bytes.length < expected) throw new Error(`Import: ${name} is truncated (${bytes.length} of ${expected} bytes arrived)`);
      return bytes;
    },
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

/** Reads the safetensors shards of a model: model.safetensors, or those listed by model.safetensors.index.json. */
async function readWeights(r: Reader): Promise<Map<string, { shape: number[]; data: Float32Array; file: string }>> {
  let shards = ['model.safetensors'];
  if (!(await r.has('model.safetensors'))) {
    if (!(await r.has('model.safetensors.index.json'))) throw new Error(`Import: neither model.safetensors nor model.safetensors.index.json is in ${r.where}`);
    const index = await readJson(r, 'model.safetensors.index.json');
    const map = index.weight_map as Record<string, string> | undefined;
    if (!map || typeof map !== 'object') throw new Error('Import: model.safetensors.index.json has no weight_map');
    shards = [...new Set(Object.values(map))];
  }
  const out = new Map<string, { shape: number[]; data: Float32Array; file: string }>();
  for (const file of shards) {
    let decoded;
    try {
      decoded = decodeSafetensors(await r.bytes(file));
    } catch (err) {
      if (err instanceof SafetensorsError) throw new Error(`Import: ${file}: ${err.message}`);
      throw err;
    }
    for (const t of decoded.tensors) out.set(t.name, { shape: t.shape, data: t.data, file });
  }
  return out;
}

/** A checkpoint (config, weights, tokenizer) from a Hugging Face Llama model. */
export async function importHfLlama(source: HfSource, opts: ImportOptions = {}): Promise<Checkpoint> {
  const r = 'files' in source ? fileReader(source.files) : urlReader(source.url, source.fetch ?? fetch);
  const config = llamaConfig(await readJson(r, 'config.json'), opts);
  const table = buildParamTable(config);
  const weights = await readWeights(r);
  const params: Record<string, Float32Array> = {};
  for (const e of table.entries) {
    const t = weights.get(e.name);
    if (!t) throw new Error(`Import: missing tensor ${e.name} (shape [${e.shape.join(', ')}])`);
    if (t.shape.join() !== e.shape.join()) throw new Error(`Import: tensor ${e.name} in ${t.file} has shape [${t.shape.join(', ')}], expected [${e.shape.join(', ')}]`);
    params[e.name] = t.data;
  }
  checkTensors(table, params, 'Import');
  for (const [name, t] of weights) {
    const tiedHead = config.tiedEmbeddings && name === 'lm_head.weight'; // some tied checkpoints store the copy
    if (!params[name] && !IGNORED.test(name) && !tiedHead) throw new Error(`Import: tensor ${name} in ${t.file} has no place in a Llama model (biases and other extras are not supported)`);
  }
  let tokenizer: SerializedHfTokenizer | undefined;
  if (await r.has('tokenizer.json')) {
    const tokenizerConfig = (await r.has('tokenizer_config.json')) ? await readJson(r, 'tokenizer_config.json') : {};
    tokenizer = { kind: 'hf', tokenizer: await readJson(r, 'tokenizer.json'), config: tokenizerConfig };
  }
  return { config, params, tokenizer };
}
