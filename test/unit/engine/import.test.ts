import { describe, expect, it } from 'vitest';
import { importHfLlama, type NamedBlob } from '../../../src/engine/import-hf';
import { buildParamTable, flatten } from '../../../src/engine/params';
import { ReferenceModel } from '../../../src/engine/reference/model';
import { decodeSafetensors } from '../../../src/engine/safetensors';
import { deserializeTokenizer } from '../../../src/engine/tokenizer';
import { blob, smallTokenizerJson, TOKENIZER_CONFIG, writeSafetensors, type HalfDtype } from '../../helpers/hf-fixtures';
import { hfLlamaLogits, type HfLlamaConfig } from '../../helpers/hf-llama';
import { expectClose, randomArray } from '../../helpers/numeric';
import { importedCheckpointRecord } from '../../../src/tripost/imported-checkpoint';

const CFG: HfLlamaConfig & Record<string, unknown> = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_act: 'silu', torch_dtype: 'bfloat16',
  vocab_size: 19, hidden_size: 24, intermediate_size: 40, num_hidden_layers: 2, num_attention_heads: 6, num_key_value_heads: 2,
  max_position_embeddings: 64, rope_theta: 10000, rms_norm_eps: 1e-5, tie_word_embeddings: false,
};

type Tensor = { name: string; shape: number[]; data: Float32Array; dtype: HalfDtype | string };

/** HF-named tensors of a random Llama; matrices BF16, norms F16, embeddings F32, as mixed real files can be. */
function randomLlama(cfg: HfLlamaConfig, seed: number): Tensor[] {
  const [C, F, hd] = [cfg.hidden_size, cfg.intermediate_size, cfg.hidden_size / cfg.num_attention_heads];
  const out: Tensor[] = [];
  const add = (name: string, shape: number[], dtype: HalfDtype, scale = 0.3, base = 0) => {
    const data = randomArray(shape.reduce((a, b) => a * b), seed + out.length, scale).map((v) => v + base);
    out.push({ name, shape, data, dtype });
  };
  add('model.embed_tokens.weight', [cfg.vocab_size, C], 'F32', 1);
  for (let l = 0; l < cfg.num_hidden_layers; l++) {
    const p = `model.layers.${l}.`;
    add(`${p}input_layernorm.weight`, [C], 'F16', 0.2, 1);
    add(`${p}self_attn.q_proj.weight`, [cfg.num_attention_heads * hd, C], 'BF16');
    add(`${p}self_attn.k_proj.weight`, [cfg.num_key_value_heads * hd, C], 'BF16');
    add(`${p}self_attn.v_proj.weight`, [cfg.num_key_value_heads * hd, C], 'BF16');
    add(`${p}self_attn.o_proj.weight`, [C, C], 'BF16');
    add(`${p}post_attention_layernorm.weight`, [C], 'F16', 0.2, 1);
    add(`${p}mlp.gate_proj.weight`, [F, C], 'BF16');
    add(`${p}mlp.up_proj.weight`, [F, C], 'BF16');
    add(`${p}mlp.down_proj.weight`, [C, F], 'BF16');
  }
  add('model.norm.weight', [C], 'F16', 0.2, 1);
  if (!cfg.tie_word_embeddings) add('lm_head.weight', [cfg.vocab_size, C], 'BF16');
  return out;
}

function files(cfg: object, tensors: Tensor[], sharded = false): NamedBlob[] {
  const common = [blob('config.json', JSON.stringify(cfg)), blob('tokenizer.json', JSON.stringify(smallTokenizerJson())), blob('tokenizer_config.json', JSON.stringify(TOKENIZER_CONFIG))];
  if (!sharded) return [...common, blob('model.safetensors', writeSafetensors(tensors))];
  const half = Math.ceil(tensors.length / 2);
  const shards = [tensors.slice(0, half), tensors.slice(half)];
  const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
  const weight_map = Object.fromEntries(shards.flatMap((s, i) => s.map((t) => [t.name, names[i]])));
  return [...common, blob('model.safetensors.index.json', JSON.stringify({ metadata: {}, weight_map })), ...shards.map((s, i) => blob(names[i], writeSafetensors(s)))];
}

/** The tensors as the file holds them (BF16/F16 rounded), for the independent reference. */
function asStored(tensors: Tensor[]): Record<string, Float32Array> {
  return Object.fromEntries(decodeSafetensors(writeSafetensors(tensors)).tensors.map((t) => [t.name, t.data]));
}

const IDS = [0, 17, 18, 6, 9, 5, 10, 3, 12];

describe('Hugging Face Llama import', () => {
  for (const [label, cfg, sharded] of [['untied, GQA, one file', CFG, false], ['tied, sharded', { ...CFG, tie_word_embeddings: true }, true]] as const) {
    it(`${label}: the engine's forward gives the logits of an independent HF-style forward (atol 1e-4)`, async () => {
      const tensors = randomLlama(cfg, 7);
      const ck = await importHfLlama({ files: files(cfg, tensors, sharded) });
      expect(ck.config).toMatchObject({ vocabSize: 19, dim: 24, nHeads: 6, nKvHeads: 2, hiddenDim: 40, nLayers: 2, tiedEmbeddings: cfg.tie_word_embeddings });
      const table = buildParamTable(ck.config);
      const model = new ReferenceModel(ck.config, table, flatten(table, ck.params), new Float32Array(table.total));
      const ours = model.forwardLogits(Int32Array.from(IDS), 1, IDS.length);
      expectClose(ours, hfLlamaLogits(cfg, asStored(tensors), IDS), { atol: 1e-4, rtol: 1e-4 }, 'logits');
      const tok = deserializeTokenizer(ck.tokenizer!);
      expect(Array.from(tok.encode('hello world'))).toEqual([17, 18, 6, 9, 5, 10]);
      expect(tok.eos).toBe(1);
    });
  }

  it('rope_scaling llama3: imports, and the forward gives the independent forward\'s logits with the scaled frequencies (atol 1e-4)', async () => {
    // Head dim 8, theta 10000: wavelengths 6.3, 63, 628, 6283 against 64/4 and 64/1, one in the high band, one in the
    // interpolated band, two slowed by the factor.
    const rope_scaling = { rope_type: 'llama3' as const, factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 64 };
    const cfg = { ...CFG, num_attention_heads: 3, num_key_value_heads: 1, rope_scaling };
    const tensors = randomLlama(cfg, 11);
    const ck = await importHfLlama({ files: files(cfg, tensors) });
    expect(ck.config.ropeScaling).toEqual({ type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 64 });
    const table = buildParamTable(ck.config);
    const model = new ReferenceModel(ck.config, table, flatten(table, ck.params), new Float32Array(table.total));
    const ours = model.forwardLogits(Int32Array.from(IDS), 1, IDS.length);
    const stored = asStored(tensors);
    expectClose(ours, hfLlamaLogits(cfg, stored, IDS), { atol: 1e-4, rtol: 1e-4 }, 'logits');
    // The scaling matters at these positions: the unscaled model's logits are elsewhere.
    const unscaled = hfLlamaLogits({ ...cfg, rope_scaling: null }, stored, IDS);
    expect(Math.max(...Array.from(ours, (v, i) => Math.abs(v - unscaled[i])))).toBeGreaterThan(1e-2);
    // rope_type "default" is no scaling at all.
    const plain = await importHfLlama({ files: files({ ...cfg, rope_scaling: { rope_type: 'default' } }, tensors) });
    expect(plain.config.ropeScaling).toBeUndefined();
  });

  // A server as Hugging Face's (Range → 206 and Content-Range), one whose Content-Range the browser hides (a cross-origin
  // 206 without Access-Control-Expose-Headers), or a plain one that ignores Range (200, the whole file).
  type Server = 'ranges' | 'hidden' | 'plain';
  function fakeServer(served: Map<string, Uint8Array>, kind: Server, fetched: number[]) {
    return (async (url: string, init?: RequestInit) => {
      const body = served.get(url.split('/').pop()!);
      if (!body) return new Response(null, { status: 404, statusText: 'Not Found' });
      if (init?.method === 'HEAD') return new Response(null, { headers: { 'content-length': String(body.length) } });
      const range = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('range') ?? '');
      if (kind !== 'plain' && range) {
        const part = body.slice(Number(range[1]), Number(range[2]) + 1);
        fetched.push(part.length);
        const headers: Record<string, string> = { 'content-length': String(part.length) };
        if (kind === 'ranges') headers['content-range'] = `bytes ${range[1]}-${range[2]}/${body.length}`;
        return new Response(part, { status: 206, headers });
      }
      fetched.push(body.length);
      return new Response(body.slice(), { headers: { 'content-length': String(body.length) } });
    }) as typeof fetch;
  }

  it('reads the same model from a URL (fake fetch), sharded: in ranges from a server that takes them (its size from HEAD where Content-Range is hidden), whole from one that does not', async () => {
    const served = new Map((await Promise.all(files(CFG, randomLlama(CFG, 3), true).map(async (f) => [f.name, new Uint8Array(await f.arrayBuffer())] as const))));
    const fromFiles = await importHfLlama({ files: [...served].map(([n, b]) => blob(n, b)) });
    const shardBytes = [...served].filter(([n]) => n.endsWith('.safetensors')).map(([, b]) => b.length);
    for (const kind of ['ranges', 'hidden', 'plain'] as Server[]) {
      const fetched: number[] = [];
      const fromUrl = await importHfLlama({ url: 'https://example.test/m/resolve/main', fetch: fakeServer(served, kind, fetched) });
      expect(fromUrl.params, kind).toEqual(fromFiles.params);
      // With ranges no response is a whole shard; without, each shard arrives once.
      const whole = fetched.filter((n) => shardBytes.includes(n)).length;
      expect(whole, kind).toBe(kind === 'plain' ? 2 : 0);
    }
  });

  it('streams the weights: one tensor per read, into one flat buffer that is stored without a copy', async () => {
    const tensors = randomLlama(CFG, 5);
    const reads: { name: string; bytes: number }[] = [];
    const spied = files(CFG, tensors).map((f) => ({
      ...f,
      arrayBuffer: () => (reads.push({ name: f.name, bytes: f.size }), f.arrayBuffer()),
      slice: (start: number, end: number) => (reads.push({ name: f.name, bytes: end - start }), f.slice(start, end)),
    }));
    const ck = await importHfLlama({ files: spied });
    const weightReads = reads.filter((r) => r.name === 'model.safetensors');
    // The 8-byte length, the JSON header, then each tensor's own bytes; never the whole file.
    const tensorBytes = tensors.map((t) => t.data.length * (t.dtype === 'F32' ? 4 : 2));
    expect(weightReads[0].bytes).toBe(8);
    expect(weightReads.slice(2).map((r) => r.bytes)).toEqual(tensorBytes);
    for (const t of Object.values(ck.params)) expect(t.buffer).toBe(ck.flat.buffer);
    expect(ck.params).toEqual(asStored(tensors));
    const record = importedCheckpointRecord(ck, 'streamed');
    expect(record.weights).toBe(ck.flat);
    const table = buildParamTable(ck.config);
    expect(record.tensors).toEqual(table.entries.map(({ name, shape, offset }) => ({ name, shape, offset })));
  });

  const refusals: [string, () => NamedBlob[], RegExp][] = [
    ['an unsupported architecture', () => files({ ...CFG, model_type: 'mistral', architectures: ['MistralForCausalLM'] }, randomLlama(CFG, 1)), /MistralForCausalLM .* not supported/],
    ['rope scaling other than llama3', () => files({ ...CFG, rope_scaling: { rope_type: 'yarn', factor: 4 } }, randomLlama(CFG, 1)), /rope_scaling \{"rope_type":"yarn","factor":4\} is not supported \(only rope_type "llama3"\)/],
    ['a llama3 rope scaling without its fields', () => files({ ...CFG, rope_scaling: { type: 'llama3', factor: 8 } }, randomLlama(CFG, 1)), /rope_scaling of type llama3 has no numeric low_freq_factor/],
    ['an unsupported dtype', () => files(CFG, randomLlama(CFG, 1).map((t, i) => (i === 2 ? { ...t, dtype: 'I64' } : t))), /model\.safetensors: Tensor model\.layers\.0\.self_attn\.q_proj\.weight: dtype I64 is not supported/],
    ['a missing tensor', () => files(CFG, randomLlama(CFG, 1).filter((t) => !t.name.endsWith('1.mlp.up_proj.weight'))), /missing tensor model\.layers\.1\.mlp\.up_proj\.weight \(shape \[40, 24\]\)/],
    ['a wrong shape', () => files(CFG, randomLlama(CFG, 1).map((t) => (t.name.endsWith('0.self_attn.k_proj.weight') ? { ...t, shape: [24, 8] } : t))), /k_proj\.weight in model\.safetensors has shape \[24, 8\], expected \[8, 24\]/],
    ['a bias', () => files(CFG, [...randomLlama(CFG, 1), { name: 'model.layers.0.self_attn.q_proj.bias', shape: [24], data: new Float32Array(24), dtype: 'F32' }]), /q_proj\.bias .* no place/],
    ['a truncated file', () => files(CFG, randomLlama(CFG, 1)).map((f) => (f.name === 'model.safetensors' ? { ...f, size: 3000, slice: (start: number, end: number) => f.slice(start, Math.min(end, 3000)) } : f)), /model\.safetensors: Tensor .* do not fit/],
    ['a missing shard', () => files(CFG, randomLlama(CFG, 1), true).filter((f) => !f.name.startsWith('model-00002')), /model-00002-of-00002\.safetensors is missing/],
  ];
  for (const [what, make, message] of refusals) {
    it(`refuses ${what}, naming it`, async () => {
      await expect(importHfLlama({ files: make() })).rejects.toThrow(message);
    });
  }
});
