// The public engine interface: what tasks, the pipeline and outside checks see of a model.
import type { ModelConfig } from './config';

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

export interface GenerateOptions {
  maxNewTokens: number;
  temperature: number; // 0 = greedy
  topK?: number;
  topP?: number;
  seed: number;
  stop?: Int32Array[];
  onToken?: (row: number, token: number) => void;
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'abort';

export interface GenerateResult {
  tokens: Int32Array[]; // new tokens per prompt (the stop sequence included when one ended the row)
  finish: FinishReason[];
}

export interface Engine {
  readonly backend: 'webgpu' | 'cpu';
  readonly config: ModelConfig;
  /** Adam steps taken so far. */
  readonly step: number;
  loss(batch: Batch): Promise<number>;
  gradients(batch: Batch): Promise<Record<string, Float32Array>>;
  trainStep(batch: Batch, h: TrainHyper): Promise<{ loss: number; gradNorm: number }>;
  readParams(): Promise<Record<string, Float32Array>>;
  writeParams(p: Record<string, Float32Array>): Promise<void>;
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
