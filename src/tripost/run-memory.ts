// The device memory a run will need, from its config and starting model, before it starts: the engine's estimate
// (src/engine/memory-estimate.ts) at the shapes the pipeline uses. Training batches are padded to multiples of
// LENGTH_BUCKET tokens up to the context, and the engine keeps a plan per length it meets, so every such length counts;
// generation (attempts, evaluation) runs generateBatch rows whose text can fill the context.
import type { ModelConfig } from '../engine/config';
import type { LoraConfig } from '../engine/lora';
import { estimateMemory, type MemoryEstimate, type MemoryShape } from '../engine/memory-estimate';
import { LENGTH_BUCKET } from './batches';
import type { RunConfig } from './config';

/** The shapes a run's engine meets: its batch rows at every padded length, and its generation. */
export function runMemoryShape(c: Pick<RunConfig, 'batchSize' | 'contextLength' | 'generateBatch'>): MemoryShape {
  const lengths: number[] = [];
  for (let T = LENGTH_BUCKET; T < c.contextLength; T += LENGTH_BUCKET) lengths.push(T);
  lengths.push(c.contextLength);
  return { batch: { B: c.batchSize, lengths }, generate: { rows: c.generateBatch, tokens: c.contextLength, prompt: c.contextLength } };
}

/** The memory of the run on `model` (its context set to the run's) with every weight trained, with `lora`, and with `lora` and its base f16. */
export function runMemory(model: ModelConfig, c: Pick<RunConfig, 'batchSize' | 'contextLength' | 'generateBatch'>, lora: LoraConfig): { full: MemoryEstimate; lora: MemoryEstimate; loraF16: MemoryEstimate } {
  const m = { ...model, maxSeqLen: c.contextLength };
  const shape = runMemoryShape(c);
  return { full: estimateMemory(m, null, shape), lora: estimateMemory(m, lora, shape), loraF16: estimateMemory(m, lora, shape, true) };
}
