// A frozen LoRA base is bound tensor by tensor, never whole (AdamW runs over the adapters), so LoRA trains a model
// whose weights are over the device's storage-binding limit, as SmolLM2-135M's 538 MB are over lavapipe's 128 MiB,
// and over its largest buffer too (the base is split over several: TinyLlama-1.1B's 4.4 GB against 4 GiB); full
// fine-tuning of it is refused, naming the limit and LoRA. Both limits are lowered to 1 MiB here so a small model
// stands in for a large one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type ModelConfig } from '../../src/engine';
import type { WebGpuEngine } from '../../src/engine/webgpu/engine';
import { buildParamTable } from '../../src/engine/params';
import { bufferStats, GpuRuntime } from '../../src/gpu';
import { randomBatch } from '../helpers/batches';
import { expectClose } from '../helpers/numeric';

const LIMIT = 1024 * 1024;
// 2 × 3000 × 64 floats of embeddings and head: 1.5 MiB in all, each tensor 750 KiB.
const WIDE: ModelConfig = { vocabSize: 3000, dim: 64, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 128, maxSeqLen: 16, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: false };
const LORA = { rank: 4, alpha: 8, targets: ['q_proj' as const, 'v_proj' as const, 'down_proj' as const] };
const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 };

let gpu: GpuRuntime;
beforeAll(async () => {
  gpu = await GpuRuntime.create();
  Object.assign(gpu.info.limits, { maxStorageBufferBindingSize: LIMIT, maxBufferSize: LIMIT });
});
afterAll(() => gpu?.destroy());

describe('a frozen base over the storage-binding limit', () => {
  it('the model is over the limit and each of its tensors under it', () => {
    const table = buildParamTable(WIDE);
    expect(table.total * 4).toBeGreaterThan(LIMIT);
    for (const e of table.entries) expect(e.size * 4).toBeLessThan(LIMIT);
  });

  it('full fine-tuning is refused before anything is allocated, pointing to LoRA', async () => {
    const before = bufferStats.created;
    await expect(createEngine({ backend: 'webgpu', config: WIDE, seed: 1, gpu })).rejects.toThrow(/over this device's maxStorageBufferBindingSize \(1\.0 MiB\); choose a smaller model, or train LoRA adapters on this one/);
    expect(bufferStats.created).toBe(before);
  });

  it('LoRA builds with the base in two buffers, and its steps and greedy generation match the cpu backend', async () => {
    const g = await createEngine({ backend: 'webgpu', config: WIDE, seed: 1, gpu, lora: LORA });
    const c = await createEngine({ backend: 'cpu', config: WIDE, seed: 1, lora: LORA });
    try {
      const segments = (g as WebGpuEngine).paramsBuffer.segments;
      expect(segments.length).toBe(2);
      for (const s of segments) expect(s.bytes).toBeLessThanOrEqual(LIMIT);
      for (let step = 0; step < 2; step++) {
        const batch = randomBatch(WIDE.vocabSize, 2, 8, step);
        const [a, b] = [await g.trainStep(batch, hyper), await c.trainStep(batch, hyper)];
        expect(a.loss).toBeCloseTo(b.loss, 4);
      }
      const [pg, pc] = [await g.readParams(), await c.readParams()];
      for (const name of ['model.layers.1.mlp.down_proj.lora_B.weight', 'lm_head.weight']) expectClose(pg[name], pc[name], { atol: 2e-5, rtol: 1e-3 }, name);
      // The base read back from both buffers is the cpu's, bit for bit (it is frozen: written once, never updated).
      for (const name of ['model.embed_tokens.weight', 'model.norm.weight', 'lm_head.weight']) expect(pg[name]).toEqual(pc[name]);
      const prompts = [Int32Array.from([5, 17, 2990]), Int32Array.from([7])];
      const greedy = { maxNewTokens: 6, temperature: 0, seed: 1 };
      expect((await g.generate(prompts, greedy)).tokens).toEqual((await c.generate(prompts, greedy)).tokens);
    } finally {
      g.destroy();
      c.destroy();
    }
  });

  it('LoRA is refused before anything is allocated when one tensor is over the limit, naming it and the binding it needs', async () => {
    // 5000 × 64 floats of embeddings: 1.2 MiB in one tensor, bound whole (as Llama-3.2-1B's 501 MiB is on lavapipe).
    const before = bufferStats.created;
    await expect(createEngine({ backend: 'webgpu', config: { ...WIDE, vocabSize: 5000 }, seed: 1, gpu, lora: LORA })).rejects.toThrow(
      /tensor model\.embed_tokens\.weight needs 1\.2 MiB, over this device's maxStorageBufferBindingSize \(1\.0 MiB\): each tensor is bound whole, so this model needs a GPU that binds at least 1\.2 MiB at once/,
    );
    expect(bufferStats.created).toBe(before);
  });
});
