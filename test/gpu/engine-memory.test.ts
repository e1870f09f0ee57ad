// A destroyed engine gives back every GPU buffer it made: plans, op uniforms and scratch, the optimizer,
// generation sessions. The pipeline builds one engine per training stage on a shared runtime, so any
// leak here grows with every stage.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine';
import { attentionBackward, attentionForward } from '../../src/engine/ops/attention';
import { crossEntropyBackward } from '../../src/engine/ops/cross_entropy';
import { createAdamw } from '../../src/engine/ops/adamw';
import { matmulBackward, matmulForward } from '../../src/engine/ops/matmul';
import { bufferStats, GpuRuntime, type KernelSpec } from '../../src/gpu';
import { randomBatch } from '../helpers/batches';
import { NANO } from '../shared/engine';

const live = () => ({ buffers: bufferStats.created - bufferStats.destroyed, bytes: bufferStats.liveBytes });

/** A runtime whose kernel builds fail where `fails` says; `buf` makes storage buffers outside bufferStats. */
async function withFailingKernels(fails: (spec: KernelSpec) => boolean, body: (gpu: GpuRuntime, buf: (floats: number) => GPUBuffer) => Promise<void>): Promise<void> {
  const gpu = await GpuRuntime.create();
  try {
    const build = gpu.kernels.pipeline.bind(gpu.kernels);
    gpu.kernels.pipeline = (spec) => (fails(spec) ? Promise.reject(new Error('shader did not compile')) : build(spec));
    const baseline = live();
    await body(gpu, (n) => gpu.device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE }));
    expect(live()).toEqual(baseline);
  } finally {
    gpu.destroy();
  }
}

describe('engine memory on a shared runtime', () => {
  it('live buffers and bytes return to the baseline after each engine is destroyed', async () => {
    const gpu = await GpuRuntime.create();
    const config = NANO(29);
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };
    const sampling = { maxNewTokens: 6, temperature: 0.8, topK: 5, seed: 7 };
    try {
      const baseline = live();
      for (let round = 0; round < 3; round++) {
        const createdBefore = bufferStats.created;
        const engine = await createEngine({ backend: 'webgpu', config, seed: round, gpu });
        await engine.trainStep(randomBatch(29, 2, 16, round), h);
        await engine.loss(randomBatch(29, 3, 9, 10 + round)); // a second shape: a second plan
        await engine.gradients(randomBatch(29, 2, 16, 20 + round));
        await engine.generate([Int32Array.of(1, 2, 3)], sampling);
        // More rows than the first session holds: the session is rebuilt, freeing the old one's plans.
        await engine.generate([Int32Array.of(4, 5), Int32Array.of(6), Int32Array.of(7, 8, 9, 10)], sampling);
        expect(bufferStats.created - createdBefore, 'the round allocated').toBeGreaterThan(50);
        engine.destroy();
        await gpu.device.queue.onSubmittedWorkDone(); // also lets plans' pending destroy callbacks run
        expect(live(), `after round ${round}`).toEqual(baseline);
      }
    } finally {
      gpu.destroy();
    }
  });

  it('an op whose shader fails to build frees the buffers it made for its dispatches', async () => {
    await withFailingKernels(() => true, async (gpu, buf) => {
      const [B, T, H, KVH, hd] = [2, 8, 2, 1, 16];
      const qkv = buf(B * T * (H + 2 * KVH) * hd);
      await expect(attentionForward(gpu, buf(B * T * H * hd), buf(B * H * T), qkv, B, T, H, KVH, hd)).rejects.toThrow(/did not compile/);
      await expect(attentionBackward(gpu, buf(qkv.size / 4), buf(B * T * H * hd), buf(B * T * H * hd), buf(B * H * T), qkv, B, T, H, KVH, hd)).rejects.toThrow(/did not compile/);
      const logits = buf(6 * 29);
      await expect(crossEntropyBackward(gpu, logits, logits, buf(6), buf(6), 6, 29)).rejects.toThrow(/did not compile/);
    });
  });

  it('when only some of an op’s kernels fail to build, the dispatches already built give their buffers back', async () => {
    // The whole-tile matmul kernels (FULL tiled, subgroup) and AdamW's step fail; the checked matmul strip and
    // AdamW's norm build (and make buffers).
    const failing = (spec: KernelSpec) => spec.constants?.FULL === 1 || spec.shader === 'matmul_subgroup' || spec.entryPoint === 'step';
    await withFailingKernels(failing, async (gpu, buf) => {
      // Whole tiles and edges in each kernel; the tiled backward_input has no whole tile (200 k-steps) and builds.
      const [N, C, OC] = [64, 352, 200];
      for (const kernel of ['tiled', 'subgroup'] as const) {
        await expect(matmulForward(gpu, buf(N * OC), buf(N * C), buf(OC * C), N, C, OC, kernel)).rejects.toThrow(/did not compile/);
        const bwd = matmulBackward(gpu, buf(N * C), buf(OC * C), buf(N * OC), buf(N * C), buf(OC * C), N, C, OC, kernel);
        await expect(bwd).rejects.toThrow(/did not compile/);
      }
      const n = 1000;
      await expect(createAdamw(gpu, { params: buf(n), grads: buf(n), m: buf(n), v: buf(n), n, decayEnd: n })).rejects.toThrow(/did not compile/);
    });
  });
});
