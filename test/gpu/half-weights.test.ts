// Weights kept as f16 (a frozen base on a device with shader-f16): matmul's forward and backward_input, on both kernel
// families and every path (whole tiles, vec4 and scalar edges), and the embedding gather read half weights and match
// their CPU twins given the same weights rounded to half. Arithmetic is f32 on both sides, so the tolerances are the
// f32 suite's. Then a LoRA engine whose frozen base is kept as f16 trains and generates as the cpu backend does with
// the same half-rounded base. lavapipe has shader-f16; a device without it fails here rather than skipping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type ModelConfig } from '../../src/engine';
import { randomBatch } from '../helpers/batches';
import { createBuffer, GpuRuntime, readFloat32, recordPass, uploadBuffer, type HalfBinding, type KernelFamily } from '../../src/gpu';
import { embeddingForward } from '../../src/engine/ops/embedding';
import { matmulBackward, matmulForward } from '../../src/engine/ops/matmul';
import * as ref from '../../src/engine/reference/matmul';
import { roundToHalf, toHalves } from '../../src/engine/half';
import { expectClose, randomArray } from '../helpers/numeric';

const tol = (K: number) => ({ atol: 4e-7 * K + 1e-6, rtol: 1e-5 });

let gpu: GpuRuntime;
beforeAll(async () => {
  gpu = await GpuRuntime.create();
});
afterAll(() => gpu?.destroy());

/** f16 weights in a storage buffer; the binding's size rounded up to 4 bytes, as WebGPU asks. */
function halfBuffer(values: Float32Array): HalfBinding {
  const halves = toHalves(values);
  const size = Math.ceil(halves.byteLength / 4) * 4;
  const buffer = createBuffer(gpu.device, 'half weights', size);
  const padded = new Uint16Array(size / 2);
  padded.set(halves);
  gpu.device.queue.writeBuffer(buffer, 0, padded);
  return { buffer, offset: 0, size, half: true };
}

describe('f16 weights', () => {
  it('the device has shader-f16', () => {
    expect(gpu.info.features.shaderF16).toBe(true);
  });

  for (const kernel of ['tiled', 'subgroup'] as KernelFamily[]) {
    for (const [N, C, OC] of [[21, 33, 65], [21, 32, 72], [64, 128, 256], [40, 96, 168], [24, 16, 40]]) {
      it(`matmul (${kernel}) forward and backward_input at N=${N} C=${C} OC=${OC} agree with the twin on half-rounded weights`, async () => {
        const inp = randomArray(N * C, 31);
        const weight = roundToHalf(randomArray(OC * C, 32));
        const dout = randomArray(N * OC, 33);
        const dinp0 = randomArray(N * C, 34);
        const { device } = gpu;
        const out = uploadBuffer(device, 'out', new Float32Array(N * OC));
        const bInp = uploadBuffer(device, 'inp', inp);
        const bDout = uploadBuffer(device, 'dout', dout);
        const bDinp = uploadBuffer(device, 'dinp', dinp0);
        const w = halfBuffer(weight);
        const fwd = await matmulForward(gpu, out, bInp, w, N, C, OC, kernel);
        const bwd = await matmulBackward(gpu, bDinp, null, bDout, bInp, w, N, C, OC, kernel);
        expect(fwd.every((d) => d.label.includes('.f16'))).toBe(true);
        const encoder = device.createCommandEncoder();
        recordPass(encoder, 'matmul f16', [...fwd, ...bwd]);
        gpu.submit(encoder);
        const want = new Float32Array(N * OC);
        ref.matmulForward(want, inp, weight, N, C, OC);
        const wantDinp = dinp0.slice();
        ref.matmulBackward(wantDinp, new Float32Array(OC * C), dout, inp, weight, N, C, OC);
        expectClose(await readFloat32(device, out, N * OC), want, tol(C), 'out');
        expectClose(await readFloat32(device, bDinp, N * C), wantDinp, tol(OC), 'dinp');
        for (const b of [out, bInp, bDout, bDinp, w.buffer]) b.destroy();
      });
    }
  }

  it('a weight gradient of f16 weights is refused', async () => {
    const w = halfBuffer(new Float32Array(16));
    const f = (n: number) => createBuffer(gpu.device, 'x', n * 4);
    await expect(matmulBackward(gpu, f(16), f(16), f(16), f(16), w, 4, 4, 4)).rejects.toThrow(/f16 weights are frozen/);
  });

  it('the embedding gathers half weights exactly', async () => {
    const [V, C, N] = [37, 12, 9];
    const wte = roundToHalf(randomArray(V * C, 35));
    const tokens = Int32Array.from({ length: N }, (_, i) => (i * 7) % V);
    const out = uploadBuffer(gpu.device, 'out', new Float32Array(N * C));
    const tok = uploadBuffer(gpu.device, 'tokens', tokens);
    const w = halfBuffer(wte);
    const d = await embeddingForward(gpu, out, tok, w, N, C);
    const encoder = gpu.device.createCommandEncoder();
    recordPass(encoder, 'embedding f16', d);
    gpu.submit(encoder);
    const want = new Float32Array(N * C);
    tokens.forEach((t, n) => want.set(wte.subarray(t * C, (t + 1) * C), n * C));
    expect(await readFloat32(gpu.device, out, N * C)).toEqual(want);
    for (const b of [out, tok, w.buffer]) b.destroy();
  });
});

describe('a LoRA engine with its frozen base kept as f16', () => {
  const UNTIED: ModelConfig = { vocabSize: 97, dim: 32, nLayers: 2, nHeads: 4, nKvHeads: 2, hiddenDim: 64, maxSeqLen: 32, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: false };
  const LORA = { rank: 4, alpha: 8, targets: ['q_proj' as const, 'v_proj' as const, 'down_proj' as const] };
  const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 };

  it('trains, generates and reads back as the cpu backend with the same half-rounded base', async () => {
    const g = await createEngine({ backend: 'webgpu', config: UNTIED, seed: 3, gpu, lora: LORA, halfBase: true });
    const c = await createEngine({ backend: 'cpu', config: UNTIED, seed: 3, lora: LORA, halfBase: true });
    const f32 = await createEngine({ backend: 'cpu', config: UNTIED, seed: 3, lora: LORA });
    try {
      expect(g.halfBase && c.halfBase && !f32.halfBase).toBe(true);
      const [pg, pc, p32] = [await g.readParams(), await c.readParams(), await f32.readParams()];
      for (const name of ['model.embed_tokens.weight', 'lm_head.weight', 'model.layers.1.mlp.gate_proj.weight', 'model.norm.weight']) expect(pg[name]).toEqual(pc[name]);
      // The matrices are rounded (so differ from f32), the norms are not.
      expect(pg['lm_head.weight']).not.toEqual(p32['lm_head.weight']);
      expect(pg['model.layers.0.input_layernorm.weight']).toEqual(p32['model.layers.0.input_layernorm.weight']);
      for (let step = 0; step < 2; step++) {
        const batch = randomBatch(UNTIED.vocabSize, 2, 16, step);
        const [a, b] = [await g.trainStep(batch, hyper), await c.trainStep(batch, hyper)];
        expect(a.loss).toBeCloseTo(b.loss, 4);
      }
      const [ag, ac] = [await g.readParams(), await c.readParams()];
      expectClose(ag['model.layers.1.mlp.down_proj.lora_B.weight'], ac['model.layers.1.mlp.down_proj.lora_B.weight'], { atol: 2e-5, rtol: 1e-3 }, 'lora_B');
      const prompts = [Int32Array.from([5, 17, 90]), Int32Array.from([7])];
      const greedy = { maxNewTokens: 6, temperature: 0, seed: 1 };
      expect((await g.generate(prompts, greedy)).tokens).toEqual((await c.generate(prompts, greedy)).tokens);
    } finally {
      for (const e of [g, c, f32]) e.destroy();
    }
  });

  it('full fine-tuning keeps f32: a half base without LoRA is refused on both backends', async () => {
    for (const backend of ['webgpu', 'cpu'] as const) {
      await expect(createEngine({ backend, config: UNTIED, seed: 1, gpu, halfBase: true })).rejects.toThrow(/Only a frozen base is kept as f16/);
    }
  });
});
