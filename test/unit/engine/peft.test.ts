// LoRA adapters out to the ecosystem and back: a PEFT folder (adapter_config.json + adapter_model.safetensors)
// round trip, what the importer refuses, and the adapters merged into a Hugging Face Llama folder that computes
// what the model with adapters computes.
import { describe, expect, it } from 'vitest';
import { createEngine, type NamedBlob } from '../../../src/engine';
import { exportHfLlama, hfLlamaConfig, type FolderFile } from '../../../src/engine/export-hf';
import { importHfLlama, llamaConfig } from '../../../src/engine/import-hf';
import { buildLoraTable } from '../../../src/engine/lora';
import { mergeLora } from '../../../src/engine/lora-merge';
import { exportPeft, importPeft, loraFromPeftConfig, peftAdapterConfig } from '../../../src/engine/peft';
import { buildParamTable, unflatten } from '../../../src/engine/params';
import { decodeSafetensors, encodeSafetensors } from '../../../src/engine/safetensors';
import { randomBatch } from '../../helpers/batches';
import { GQA_SMALL, PROMPTS, sharpParams } from '../../helpers/generation';
import { ALL_TARGETS, liveAdapters, QV_ONLY } from './lora-fixtures';
import { blob } from '../../helpers/hf-fixtures';

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const blobs = (files: FolderFile[]): NamedBlob[] => files.map((f) => blob(f.name, f.bytes));
const json = (f: FolderFile) => JSON.parse(new TextDecoder().decode(f.bytes));

describe('PEFT folders', () => {
  it('export → import is bit-exact; keys under base_model.model., r, lora_alpha and target_modules as PEFT writes them', async () => {
    const adapters = liveAdapters(GQA_SMALL, QV_ONLY, 3);
    const files = exportPeft(GQA_SMALL, QV_ONLY, adapters, { baseModel: 'HuggingFaceTB/SmolLM2-135M' });
    expect(files.map((f) => f.name)).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    expect(json(files[0])).toMatchObject({
      peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 8, lora_alpha: 16, target_modules: ['q_proj', 'v_proj'], bias: 'none', use_rslora: false,
      base_model_name_or_path: 'HuggingFaceTB/SmolLM2-135M',
    });
    const stored = decodeSafetensors(files[1].bytes).tensors;
    expect(stored.map((t) => t.name).slice(0, 2)).toEqual([
      'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight',
      'base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight',
    ]);
    expect(stored[1].shape).toEqual([24, 8]); // (out, r)
    const back = await importPeft(blobs(files), GQA_SMALL);
    expect(back.lora).toEqual({ ...QV_ONLY, targets: ['q_proj', 'v_proj'] }); // canonical order
    expect(Object.keys(back.adapters)).toEqual(buildLoraTable(GQA_SMALL, QV_ONLY).entries.map((e) => e.name));
    for (const [name, t] of Object.entries(back.adapters)) expect(bits(t), name).toEqual(bits(adapters[name]));
  });

  it('reads all-linear and a single module name; refuses what the engine would compute differently', async () => {
    const base = peftAdapterConfig(ALL_TARGETS);
    expect(loraFromPeftConfig({ ...base, target_modules: 'all-linear' })).toEqual(ALL_TARGETS);
    expect(loraFromPeftConfig({ ...base, target_modules: 'v_proj' }).targets).toEqual(['v_proj']);
    expect(() => loraFromPeftConfig({ ...base, use_rslora: true })).toThrow(/use_rslora/);
    expect(() => loraFromPeftConfig({ ...base, use_dora: true })).toThrow(/use_dora/);
    expect(() => loraFromPeftConfig({ ...base, target_modules: '.*proj' })).toThrow(/regular expression/);
    expect(() => loraFromPeftConfig({ ...base, target_modules: ['q_proj', 'lm_head'] })).toThrow(/unknown target "lm_head"/);
    expect(() => loraFromPeftConfig({ ...base, rank_pattern: { q_proj: 4 } })).toThrow(/rank_pattern/);
    expect(() => loraFromPeftConfig({ ...base, modules_to_save: ['lm_head'] })).toThrow(/modules_to_save/);
    expect(() => loraFromPeftConfig({ ...base, peft_type: 'IA3' })).toThrow(/peft_type "IA3"/);

    const files = exportPeft(GQA_SMALL, QV_ONLY, liveAdapters(GQA_SMALL, QV_ONLY, 1));
    const tensors = decodeSafetensors(files[1].bytes).tensors;
    const withTensors = (ts: typeof tensors) => [files[0], { name: 'adapter_model.safetensors', bytes: encodeSafetensors(ts) }];
    await expect(importPeft(blobs(withTensors(tensors.slice(1))), GQA_SMALL)).rejects.toThrow(/q_proj\.lora_A\.weight is missing/);
    await expect(importPeft(blobs(withTensors([...tensors, { ...tensors[0], name: 'base_model.model.model.layers.0.mlp.up_proj.lora_A.weight' }])), GQA_SMALL)).rejects.toThrow(/not an adapter of this model/);
    await expect(importPeft(blobs(withTensors([{ ...tensors[0], shape: [4, 48] }, ...tensors.slice(1)])), GQA_SMALL)).rejects.toThrow(/has shape \[4, 48\], expected \[8, 24\]/);
    await expect(importPeft(blobs(files.slice(1)), GQA_SMALL)).rejects.toThrow(/adapter_config\.json is missing/);
  });
});

describe('adapters merged into a Hugging Face Llama folder', () => {
  it('config.json reads back as the same config; the merged folder imports as a model with the LoRA model’s loss and generations', async () => {
    const scaled = { ...GQA_SMALL, ropeScaling: { type: 'llama3' as const, factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 16 } };
    expect(llamaConfig(hfLlamaConfig(scaled))).toEqual(scaled);
    const table = buildParamTable(GQA_SMALL);
    const lora = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 1, lora: ALL_TARGETS });
    await lora.writeParams({ ...unflatten(table, sharpParams(table, GQA_SMALL, 3)), ...liveAdapters(GQA_SMALL, ALL_TARGETS, 4, 0.3) });
    const withAdapters = await lora.readParams();
    const merged = mergeLora(GQA_SMALL, ALL_TARGETS, withAdapters);
    expect(Object.keys(merged)).toEqual(table.entries.map((e) => e.name));
    expect(() => exportHfLlama(GQA_SMALL, withAdapters)).toThrow(/merge LoRA adapters/);
    const ck = await importHfLlama({ files: blobs(exportHfLlama(GQA_SMALL, merged)) });
    expect(ck.config).toEqual(GQA_SMALL);
    const plain = await createEngine({ backend: 'cpu', config: ck.config, seed: 9 });
    await plain.writeParams(ck.params);
    const batch = randomBatch(GQA_SMALL.vocabSize, 2, 9, 5, 7);
    // f32: W + s·B·A rounded once against W·x + s·B·(A·x) in two sums.
    expect(await plain.loss(batch)).toBeCloseTo(await lora.loss(batch), 4);
    const greedy = { maxNewTokens: 8, temperature: 0, seed: 0 };
    expect(await plain.generate(PROMPTS, greedy)).toEqual(await lora.generate(PROMPTS, greedy));
  });
});
