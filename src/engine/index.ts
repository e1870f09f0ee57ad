// The public engine API: the rest of the project and outside checks use only this module.
import { GpuRuntime } from '../gpu';
import { validateConfig, type ModelConfig } from './config';
import { CpuEngine } from './cpu-engine';
import type { Engine } from './engine';
import { validateLora, type LoraConfig } from './lora';
import { WebGpuEngine } from './webgpu/engine';

export type { Batch, Engine, TrainHyper, TrainingState, GenerateOptions, GenerateResult, FinishReason } from './engine';
export { presetConfig, validateConfig, headDim, PRESET_NAMES, type ModelConfig, type PresetName } from './config';
export { buildParamTable, type ParamTable, type ParamEntry } from './params';
export { LORA_TARGETS, DEFAULT_LORA, DEFAULT_LORA_TARGETS, buildLoraTable, validateLora, sameLora, loraTensorName, type LoraConfig, type LoraTarget, type LoraTable } from './lora';
export { ropeInvFreq, ropeOf, type Rope, type RopeScaling } from './rope-frequencies';
export { CharTokenizer, taskTokenizer, deserializeTokenizer, type Tokenizer, type SerializedTokenizer, type EncodeOptions } from './tokenizer';
export { HfTokenizer } from './tokenizer-hf';
export { saveCheckpoint, loadCheckpoint, saveEngine, restoreEngine, type Checkpoint } from './checkpoint';
export { importHfLlama, llamaConfig, type HfSource, type NamedBlob, type WholeFile, type ImportOptions } from './import-hf';
export { exportHfLlama, hfLlamaConfig, type FolderFile } from './export-hf';
export { mergeLora } from './lora-merge';
export { exportPeft, importPeft, peftAdapterConfig, loraFromPeftConfig, PEFT_PREFIX } from './peft';

export interface CreateEngineOptions {
  backend: 'webgpu' | 'cpu';
  config: ModelConfig;
  seed: number;
  /** Reuse a device (several engines, or a benchmark); by default the engine acquires and owns one. */
  gpu?: GpuRuntime;
  /** LoRA adapters on the given projections; the base weights are then frozen (src/engine/lora.ts). Absent or null: none. */
  lora?: LoraConfig | null;
  /**
   * Keep the frozen base's matrices and embeddings as f16 (LoRA only): half the device memory on webgpu (the device
   * needs shader-f16); the cpu backend rounds them the same way, so both compute with the same weights.
   */
  halfBase?: boolean;
}

/** Builds a model with seeded weights (the same seed gives the same weights, and adapters, on every backend). */
export async function createEngine(opts: CreateEngineOptions): Promise<Engine> {
  validateConfig(opts.config);
  const lora = opts.lora ? validateLora(opts.lora) : null;
  if (opts.halfBase && !lora) throw new Error('Only a frozen base is kept as f16: train LoRA adapters, or keep f32');
  if (opts.backend === 'cpu') return new CpuEngine(opts.config, opts.seed, lora, opts.halfBase);
  const owned = !opts.gpu;
  const gpu = opts.gpu ?? (await GpuRuntime.create({ label: 'engine' }));
  try {
    const engine = await WebGpuEngine.create(gpu, opts.config, opts.seed, lora, opts.halfBase);
    if (owned) {
      const destroy = engine.destroy.bind(engine);
      engine.destroy = () => {
        destroy();
        gpu.destroy();
      };
    }
    return engine;
  } catch (err) {
    if (owned) gpu.destroy();
    throw err;
  }
}
