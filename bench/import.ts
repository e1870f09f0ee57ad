// Importing Hugging Face Llama models at their full size (random BF16 weights of their exact geometry, written to a
// temporary folder): the CLI's folder reader and importer (peak host memory, seconds), the memory the app would show
// before a LoRA run, then on the device a LoRA engine with its frozen base as f16 (where shader-f16 is there): one
// training step and a few greedy tokens. Full fine-tuning is only asked for: where the device refuses it, the reason is
// recorded. No network: the weights are random, the tokenizer.json files come from the npm dev dependencies.
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildParamTable, createEngine, DEFAULT_LORA, importHfLlama, llamaConfig, type ModelConfig } from '../src/engine';
import { estimateMemory, parameterCount } from '../src/engine/memory-estimate';
import { bufferStats, type GpuRuntime } from '../src/gpu';
import { hfFolderFiles } from '../src/cli/hf-folder';
import { mulberry32 } from '../src/tasks';
import { randomBatch } from '../test/helpers/batches';
import { realTokenizerFiles } from '../test/helpers/real-tokenizers';
import { safetensorsHeader } from '../src/engine/safetensors';
import { HYPER, SMOLLM2_135M_CONFIG_JSON } from './lora';
import { round } from './train';

const LLAMA = { architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_act: 'silu', attention_bias: false, rms_norm_eps: 1e-5 };

/** The config.json of each model, as its Hugging Face repository ships it (the fields the importer reads). */
export const FULL_SIZE_MODELS = {
  'SmolLM2-135M': { config: SMOLLM2_135M_CONFIG_JSON, tokenizer: null },
  'SmolLM2-360M': {
    config: { ...LLAMA, hidden_size: 960, intermediate_size: 2560, num_hidden_layers: 32, num_attention_heads: 15, num_key_value_heads: 5, vocab_size: 49152, max_position_embeddings: 8192, rope_theta: 100000, rope_scaling: null, tie_word_embeddings: true },
    tokenizer: null,
  },
  'TinyLlama-1.1B': {
    config: { ...LLAMA, hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 22, num_attention_heads: 32, num_key_value_heads: 4, vocab_size: 32000, max_position_embeddings: 2048, rope_theta: 10000, rope_scaling: null, tie_word_embeddings: false },
    tokenizer: 'llama2',
  },
  'Llama-3.2-1B': {
    config: {
      ...LLAMA, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 64, vocab_size: 128256, max_position_embeddings: 131072, rope_theta: 500000, tie_word_embeddings: true,
      rope_scaling: { factor: 32, high_freq_factor: 4, low_freq_factor: 1, original_max_position_embeddings: 8192, rope_type: 'llama3' },
    },
    tokenizer: 'llama3',
  },
} as const;
export type FullSizeModel = keyof typeof FULL_SIZE_MODELS;

const CHUNK = 1 << 24;

/** config.json, model.safetensors (BF16, about ±0.01 each) and the tokenizer files, written a chunk at a time. */
async function writeRandomFolder(dir: string, name: FullSizeModel): Promise<number> {
  const { config, tokenizer } = FULL_SIZE_MODELS[name];
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  if (tokenizer) for (const [file, text] of Object.entries(realTokenizerFiles(tokenizer))) await writeFile(join(dir, file), text);
  const table = buildParamTable(llamaConfig(config));
  const head = safetensorsHeader(table.entries.map((e) => ({ name: e.name, dtype: 'BF16' as const, shape: e.shape })));
  const bytes = head.dataBytes;
  const file = await open(join(dir, 'model.safetensors'), 'w');
  try {
    await file.write(head.bytes);
    const rand = mulberry32(7);
    for (let done = 0; done < bytes; done += CHUNK) {
      const halves = new Uint16Array(Math.min(CHUNK, bytes - done) / 2);
      // sign, exponent 2^-7 and 7 random mantissa bits: small weights, so activations stay finite through 32 layers
      for (let i = 0; i < halves.length; i++) {
        const r = (rand() * 256) | 0;
        halves[i] = ((r & 128) << 8) | 0x3c00 | (r & 127);
      }
      await file.write(new Uint8Array(halves.buffer));
    }
  } finally {
    await file.close();
  }
  return head.bytes.length + bytes;
}

/** The importer's peak resident memory above where it started, sampled every 5 ms. */
async function importMeasured(dir: string, maxSeqLen: number) {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - base)), 5);
  const t0 = performance.now();
  try {
    const ck = await importHfLlama({ files: hfFolderFiles(dir) }, { maxSeqLen });
    return { ck, seconds: (performance.now() - t0) / 1000, peakRssGrowth: Math.max(peak, process.memoryUsage().rss - base) };
  } finally {
    clearInterval(timer);
  }
}

async function tryFull(gpu: GpuRuntime, config: ModelConfig): Promise<string> {
  try {
    (await createEngine({ backend: 'webgpu', config, seed: 1, gpu })).destroy();
    return 'fits';
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

export async function benchImport(gpu: GpuRuntime, opts: { models: readonly FullSizeModel[]; T: number; newTokens: number }) {
  const halfBase = gpu.info.features.shaderF16;
  const root = join(tmpdir(), `tripost-bench-import-${process.pid}`);
  const rows = [];
  try {
    for (const name of opts.models) {
      const dir = join(root, name);
      process.stderr.write(`[bench] import: ${name}\n`);
      const fileBytes = await writeRandomFolder(dir, name);
      const imported = await importMeasured(dir, opts.T + opts.newTokens);
      const { config } = imported.ck;
      const estimate = estimateMemory(config, DEFAULT_LORA, { batch: { B: 1, lengths: [opts.T] }, generate: { rows: 1, tokens: opts.T + opts.newTokens, prompt: opts.T } }, halfBase);
      const row = {
        model: name, parameters: parameterCount(config), file_mb: round(fileBytes / 2 ** 20, 0), import_s: round(imported.seconds, 1),
        import_peak_rss_growth_mb: round(imported.peakRssGrowth / 2 ** 20, 0), f32_model_mb: round(imported.ck.flat.byteLength / 2 ** 20, 0),
        lora_estimate_mb: round(estimate.total / 2 ** 20, 0), full_fine_tuning: await tryFull(gpu, config),
      };
      const before = bufferStats.liveBytes;
      let engine;
      try {
        engine = await createEngine({ backend: 'webgpu', config, seed: 1, gpu, lora: DEFAULT_LORA, halfBase });
      } catch (e) {
        rows.push({ ...row, lora: `refused: ${(e as Error).message}` });
        continue;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      try {
        await engine.writeParams(imported.ck.params);
        const batch = randomBatch(config.vocabSize, 1, opts.T, 1);
        let t0 = performance.now();
        const first = await engine.trainStep(batch, HYPER);
        const firstStep = (performance.now() - t0) / 1000;
        t0 = performance.now();
        const second = await engine.trainStep(batch, HYPER);
        const step = (performance.now() - t0) / 1000;
        const prompt = batch.tokens.slice(0, opts.T);
        t0 = performance.now();
        const out = await engine.generate([prompt], { maxNewTokens: opts.newTokens, temperature: 0, seed: 1 });
        const generate = (performance.now() - t0) / 1000;
        rows.push({
          ...row, lora: halfBase ? 'lora-f16' : 'lora', bytes_allocated_mb: round((bufferStats.liveBytes - before) / 2 ** 20, 0),
          first_step_s: round(firstStep, 1), step_s: round(step, 2), losses: [round(first.loss, 4), round(second.loss, 4)],
          generate_s: round(generate, 2), generated_tokens: out.tokens[0].length, finite: Number.isFinite(first.loss) && Number.isFinite(second.loss),
        });
      } finally {
        engine.destroy();
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return { limits: { maxBufferSize: gpu.info.limits.maxBufferSize, maxStorageBufferBindingSize: gpu.info.limits.maxStorageBufferBindingSize }, shaderF16: halfBase, batch: { B: 1, T: opts.T }, rows };
}
