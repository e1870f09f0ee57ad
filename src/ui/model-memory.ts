// What the Demo form and Settings say about an imported model before a run starts: its size, and the GPU memory a
// run needs with every weight trained and with LoRA adapters, its frozen weights f32 or f16 (tripost/run-memory.ts),
// each as a total and its parts.
import type { ModelConfig } from '../engine/config';
import { DEFAULT_LORA, type LoraConfig } from '../engine/lora';
import type { MemoryEstimate } from '../engine/memory-estimate';
import { parameterCount } from '../engine/memory-estimate';
import type { CheckpointRecord } from '../store';
import type { RunConfig } from '../tripost/config';
import { demoRunConfig, QUICK_DEMO } from '../tripost/demo';
import { runMemory } from '../tripost/run-memory';
import { storedModel } from '../tripost/stored-weights';
import { formatBytes, plural } from './format';


/** A stored checkpoint's architecture (its record also carries the tokenizer). */
export function checkpointModel(record: Pick<CheckpointRecord, 'modelConfig'>): ModelConfig {
  return storedModel(record).model;
}

/** 134_515_008 → "134.5 M". */
export function formatParameters(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** "SmolLM2-135M: 134.5 M parameters, 30 layers, width 576". */
export function describeModel(label: string, model: ModelConfig): string {
  return `${label}: ${formatParameters(parameterCount(model))} parameters, ${plural(model.nLayers, 'layer')}, width ${model.dim}`;
}

export interface MemoryLine {
  mode: 'full' | 'lora' | 'lora-f16';
  /** "Full fine-tuning", "LoRA (rank 8, alpha 16, q_proj, v_proj)" or the same "…, frozen weights f16". */
  name: string;
  total: string;
  /** What the total is made of, largest parts named. */
  parts: string;
}

function parts(e: MemoryEstimate, lora: boolean, halfBase = false): string {
  const trained = lora ? `adapters with their gradients and Adam moments ${formatBytes(e.adapters + e.grads + e.adam)}` : `gradients ${formatBytes(e.grads)}, Adam moments ${formatBytes(e.adam)}`;
  return `weights ${formatBytes(e.weights)}${lora ? (halfBase ? ' (frozen, f16)' : ' (frozen)') : ''}, ${trained}, training activations ${formatBytes(e.activations)}, generation ${formatBytes(e.generation)}`;
}

/** The choices for a run of `config`'s shapes on `model`: full fine-tuning, LoRA, LoRA with the frozen weights f16. */
export function memoryLines(model: ModelConfig, config: Pick<RunConfig, 'batchSize' | 'contextLength' | 'generateBatch'>, lora: LoraConfig): MemoryLine[] {
  const m = runMemory(model, config, lora);
  const name = `LoRA (rank ${lora.rank}, alpha ${lora.alpha}, ${lora.targets.join(', ')})`;
  return [
    { mode: 'full', name: 'Full fine-tuning', total: formatBytes(m.full.total), parts: parts(m.full, false) },
    { mode: 'lora', name, total: formatBytes(m.lora.total), parts: parts(m.lora, true) },
    { mode: 'lora-f16', name: `${name}, frozen weights f16`, total: formatBytes(m.loraF16.total), parts: parts(m.loraF16, true, true) },
  ];
}

/** The shapes the totals assume, said as the user would set them. */
export function shapeText(config: Pick<RunConfig, 'batchSize' | 'contextLength' | 'generateBatch'>): string {
  return `batches of ${config.batchSize} rows of up to ${config.contextLength} tokens (the GPU keeps one set of activations per padded length it meets), ${config.generateBatch} rows generated at once`;
}

/** The shapes of the Demo's default run from an imported checkpoint (its Quick demo sizes), which Settings quotes. */
export function demoImportedShape(): Pick<RunConfig, 'batchSize' | 'contextLength' | 'generateBatch'> {
  return demoRunConfig({ ...QUICK_DEMO, task: 'msa', critic: 'scripted', seed: 1, checkpoint: 1 });
}

/** One line for a list: "a Demo run needs 9.6 GiB with full fine-tuning, 6.1 GiB with LoRA (…)". */
export function memorySummary(model: ModelConfig): string {
  const [full, lora, half] = memoryLines(model, demoImportedShape(), DEFAULT_LORA);
  return `a Demo run needs ${full.total} of GPU memory with full fine-tuning, ${lora.total} with ${lora.name}, ${half.total} with its frozen weights f16`;
}
