// LoRA training at SmolLM2-135M's exact geometry (random weights): one step's time, the bytes it allocates (beside the
// estimate of src/engine/memory-estimate.ts), submits, buffers and dispatches per step. Full fine-tuning binds every
// weight at once in AdamW, so at this geometry it needs a 538 MB storage binding; where the device binds less
// (lavapipe: 128 MiB) it is refused, said in the result, and both modes are also measured on a slice that fits (the
// same layers and widths, fewer layers and a smaller vocabulary), for the LoRA / full ratios. LoRA also runs with its
// frozen base kept as f16 (shader-f16), for the f16 / f32 ratios of time and bytes.
import { createEngine, DEFAULT_LORA, llamaConfig, type LoraConfig, type ModelConfig } from '../src/engine';
import { estimateMemory, loraParameterCount, parameterCount } from '../src/engine/memory-estimate';
import { bufferStats, dispatchStats, submitStats, type GpuRuntime } from '../src/gpu';
import { randomBatch } from '../test/helpers/batches';
import { round } from './train';

/** HuggingFaceTB/SmolLM2-135M's config.json, as the importer reads it (src/engine/import-hf.ts). */
export const SMOLLM2_135M_CONFIG_JSON = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_act: 'silu', attention_bias: false,
  hidden_size: 576, intermediate_size: 1536, num_hidden_layers: 30, num_attention_heads: 9, num_key_value_heads: 3,
  vocab_size: 49152, max_position_embeddings: 8192, rms_norm_eps: 1e-5, rope_theta: 100000, rope_scaling: null, tie_word_embeddings: true,
};

export const HYPER = { lr: 1e-4, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };

export interface StepRow {
  model: string;
  mode: Mode;
  batch: number;
  seq_len: number;
  parameters: number;
  trainable_parameters: number;
  s_per_step: number;
  tokens_per_s: number;
  bytes_allocated: number;
  bytes_estimated: number;
  submits_per_step: number;
  buffers_created_per_step: number;
  dispatches_per_step: number;
}

/** LoRA with the frozen base in f32 or f16 (shader-f16), or every weight trained. */
type Mode = 'lora' | 'lora-f16' | 'full';

export type StepResult = StepRow | { model: string; mode: Mode; refused: string };

/** One mode on one model: a first step (plans, pipelines), then `steps` queued back to back and timed. */
async function measure(gpu: GpuRuntime, name: string, config: ModelConfig, lora: LoraConfig | null, B: number, T: number, steps: number, halfBase = false): Promise<StepResult> {
  const mode: Mode = lora ? (halfBase ? 'lora-f16' : 'lora') : 'full';
  const before = bufferStats.liveBytes;
  let engine;
  try {
    engine = await createEngine({ backend: 'webgpu', config, seed: 1, gpu, lora, halfBase });
  } catch (e) {
    return { model: name, mode, refused: (e as Error).message };
  }
  try {
    const batch = randomBatch(config.vocabSize, B, T, 1);
    await engine.trainStep(batch, HYPER);
    const allocated = bufferStats.liveBytes - before;
    const counts = { submits: submitStats.submitted, buffers: bufferStats.created, dispatches: dispatchStats.recorded };
    const t0 = performance.now();
    let last: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < steps; i++) last = engine.trainStep(batch, HYPER); // queued: the readback never stalls the next
    await last;
    const seconds = (performance.now() - t0) / 1000 / steps;
    return {
      model: name, mode, batch: B, seq_len: T, parameters: parameterCount(config),
      trainable_parameters: lora ? loraParameterCount(config, lora) : parameterCount(config),
      s_per_step: round(seconds, 3), tokens_per_s: round((B * T) / seconds, 1),
      bytes_allocated: allocated, bytes_estimated: estimateMemory(config, lora, { batch: { B, lengths: [T] } }, halfBase).total,
      submits_per_step: (submitStats.submitted - counts.submits) / steps,
      buffers_created_per_step: (bufferStats.created - counts.buffers) / steps,
      dispatches_per_step: (dispatchStats.recorded - counts.dispatches) / steps,
    };
  } finally {
    engine.destroy();
  }
}

/** Time and bytes of the f16 base over the f32 one (LoRA both), where both ran. */
function halfRatios(f16: StepResult, f32: StepResult): { f16_over_f32_time: number; f16_over_f32_bytes: number } | null {
  if ('refused' in f16 || 'refused' in f32) return null;
  return { f16_over_f32_time: round(f16.s_per_step / f32.s_per_step, 2), f16_over_f32_bytes: round(f16.bytes_allocated / f32.bytes_allocated, 2) };
}

/** time and bytes of full fine-tuning over LoRA's, where both ran. */
function ratios(lora: StepResult, full: StepResult): { full_over_lora_time: number; full_over_lora_bytes: number } | null {
  if ('refused' in lora || 'refused' in full) return null;
  return { full_over_lora_time: round(full.s_per_step / lora.s_per_step, 2), full_over_lora_bytes: round(full.bytes_allocated / lora.bytes_allocated, 2) };
}

export async function benchLora(gpu: GpuRuntime, opts: { B: number; T: number; steps: number; sliceLayers: number; sliceVocab: number }) {
  const { B, T, steps } = opts;
  const smol = llamaConfig(SMOLLM2_135M_CONFIG_JSON, { maxSeqLen: T });
  const exact = {
    lora: await measure(gpu, 'SmolLM2-135M', smol, DEFAULT_LORA, B, T, steps),
    loraF16: await measure(gpu, 'SmolLM2-135M', smol, DEFAULT_LORA, B, T, steps, true),
    full: await measure(gpu, 'SmolLM2-135M', smol, null, B, T, steps),
  };
  const sliceName = `SmolLM2-135M layers, ${opts.sliceLayers} of them, vocabulary ${opts.sliceVocab}`;
  const slice = { ...smol, nLayers: opts.sliceLayers, vocabSize: opts.sliceVocab };
  const sliced = { lora: await measure(gpu, sliceName, slice, DEFAULT_LORA, B, T, steps), full: await measure(gpu, sliceName, slice, null, B, T, steps) };
  return {
    lora: DEFAULT_LORA,
    limits: gpu.info.limits,
    exact: { ...exact, ratios: ratios(exact.lora, exact.full), half: halfRatios(exact.loraF16, exact.lora) },
    slice: { ...sliced, ratios: ratios(sliced.lora, sliced.full) },
  };
}
