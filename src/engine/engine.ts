// The public engine interface: what tasks, the pipeline and outside checks see of a model.
import type { ModelConfig } from './config';
import type { LoraConfig } from './lora';
import { flatten, unflatten, type TensorTable } from './params';

/** One training or evaluation batch, (B, T) row-major. Weight 0 marks padding. */
export interface Batch {
  tokens: Int32Array;
  targets: Int32Array;
  weights: Float32Array;
  batchSize: number;
  seqLen: number;
}

export interface TrainHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  gradClip: number; // global L2 norm; 0 or less turns clipping off
}

/** Where AdamW stands: Adam steps taken and the moments by Hugging Face name, laid out as readParams. */
export interface TrainingState {
  step: number;
  /** Adam first and second moments; absent means zeros (a fresh optimizer at `step`). */
  moments?: { m: Record<string, Float32Array>; v: Record<string, Float32Array> };
}

export interface GenerateOptions {
  maxNewTokens: number;
  temperature: number; // 0 = greedy
  topK?: number;
  topP?: number;
  seed: number;
  /** Token-id sequences that end a row (EOS); stop strings are matched on decoded text through stopWhen. */
  stop?: Int32Array[];
  onToken?: (row: number, token: number) => void;
  /** Called after onToken: true ends the row with 'stop' (src/tokenizers/stops.ts matches stop strings this way). */
  stopWhen?: (row: number, token: number) => boolean;
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'abort';

export interface GenerateResult {
  tokens: Int32Array[]; // new tokens per prompt (the stop sequence included when one ended the row)
  finish: FinishReason[];
}

/**
 * With `lora` set (src/engine/lora.ts) the base weights are frozen and only the adapters train: gradients(),
 * AdamW, the clip norm and the optimizer state cover the adapters; readParams() / writeParams() cover base and
 * adapters (PEFT names, e.g. model.layers.0.self_attn.q_proj.lora_A.weight).
 */
export interface Engine {
  readonly backend: 'webgpu' | 'cpu';
  readonly config: ModelConfig;
  /** The adapters' config (targets in canonical order), or null: every weight trains. */
  readonly lora: LoraConfig | null;
  /** The frozen (LoRA) base's matrices and embeddings are kept as f16 (rounded the same on every backend). */
  readonly halfBase: boolean;
  /** Adam steps taken so far. */
  readonly step: number;
  loss(batch: Batch): Promise<number>;
  /** The gradient of every trainable tensor: the model's, or with LoRA the adapters' only. */
  gradients(batch: Batch): Promise<Record<string, Float32Array>>;
  trainStep(batch: Batch, h: TrainHyper): Promise<{ loss: number; gradNorm: number }>;
  readParams(): Promise<Record<string, Float32Array>>;
  /** Every base tensor is required; with LoRA the adapters come all together or not at all (then they keep their values). */
  writeParams(p: Record<string, Float32Array>): Promise<void>;
  /** The step and both Adam moments (copies) of the trainable tensors, after every call made before this one. */
  readOptimizerState(): Promise<Required<TrainingState>>;
  /** Sets the step and the moments (zeros when `s` has none); refuses a bad step, a missing, stray or misshapen tensor. */
  writeOptimizerState(s: TrainingState): Promise<void>;
  /** KV-cache generation (src/engine/generate.ts): new tokens per prompt, chosen greedily or sampled, seeded. */
  generate(prompts: Int32Array[], opts: GenerateOptions): Promise<GenerateResult>;
  destroy(): void;
}

export function checkBatch(batch: Batch, config: ModelConfig): void {
  const n = batch.batchSize * batch.seqLen;
  if (batch.tokens.length !== n || batch.targets.length !== n || batch.weights.length !== n) {
    throw new Error(`Batch arrays must hold batchSize·seqLen = ${n} values (tokens ${batch.tokens.length}, targets ${batch.targets.length}, weights ${batch.weights.length})`);
  }
  if (batch.seqLen > config.maxSeqLen) throw new Error(`Batch seqLen ${batch.seqLen} is over the model's maxSeqLen ${config.maxSeqLen}`);
  for (let i = 0; i < n; i++) {
    const t = batch.tokens[i];
    const y = batch.targets[i];
    if (t < 0 || t >= config.vocabSize || y < 0 || y >= config.vocabSize) {
      throw new Error(`Token id out of range at position ${i} (token ${t}, target ${y}; vocabulary ${config.vocabSize})`);
    }
  }
}

/** Validates a training state against the table; its moments as flat (total) arrays, zeros when it has none. */
export function flatOptimizerState(table: TensorTable, s: TrainingState): { step: number; m: Float32Array; v: Float32Array } {
  if (!Number.isInteger(s.step) || s.step < 0) throw new Error(`Optimizer step must be a non-negative integer, got ${s.step}`);
  const flat = (key: 'm' | 'v'): Float32Array => {
    if (!s.moments) return new Float32Array(table.total);
    const named = s.moments[key];
    if (!named) throw new Error(`Optimizer state has no Adam ${key}`);
    const stray = Object.keys(named).find((name) => !table.byName.has(name));
    if (stray) throw new Error(`Adam ${key}: tensor ${stray} is not a parameter of this model`);
    try {
      return flatten(table, named);
    } catch (err) {
      throw new Error(`Adam ${key}: ${(err as Error).message}`);
    }
  };
  return { step: s.step, m: flat('m'), v: flat('v') };
}

/** The inverse of flatOptimizerState: flat moments as named copies. */
export function namedOptimizerState(table: TensorTable, step: number, m: Float32Array, v: Float32Array): Required<TrainingState> {
  return { step, moments: { m: unflatten(table, m), v: unflatten(table, v) } };
}
