// Engines with LoRA adapters, `webgpu` against `cpu`: loss, the adapters' gradients, AdamW steps with clipping,
// generation through the adapters, checkpoints across backends; the frozen base allocates no gradients or
// moments; a step is still one submit and creates no buffer. One runtime for the file (pipelines compile once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type LoraConfig, type ModelConfig } from '../../src/engine';
import { loadCheckpoint, restoreEngine, saveEngine } from '../../src/engine/checkpoint';
import { buildLoraTable } from '../../src/engine/lora';
import { buildParamTable, unflatten } from '../../src/engine/params';
import type { WebGpuEngine } from '../../src/engine/webgpu/engine';
import { GpuDecoder } from '../../src/engine/webgpu/generate';
import { bufferStats, GpuRuntime, submitStats } from '../../src/gpu';
import { patternBatch, randomBatch } from '../helpers/batches';
import { GQA_SMALL, PROMPTS, sharpParams } from '../helpers/generation';
import { expectClose } from '../helpers/numeric';
import { GQA_CONFIG, NANO } from '../shared/engine';
import { ALL_TARGETS, liveAdapters, QV_ONLY } from '../unit/engine/lora-fixtures';

const hyper = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 0.02 }; // the adapters' norm is ~0.1: the clip acts
// As the whole-engine suite (test/shared/engine.ts): f32 on both sides, different summation orders.
const GRAD_TOL = { atol: 2e-5, rtol: 2e-3 };
const PARAM_TOL = { atol: 2e-5, rtol: 1e-3 };
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

let gpu: GpuRuntime;
beforeAll(async () => {
  gpu = await GpuRuntime.create();
});
afterAll(() => gpu?.destroy());

/** Both backends with the same seed, adapters made live (B ≠ 0) so every path carries signal. */
async function pair(config: ModelConfig, lora: LoraConfig, body: (g: Engine, c: Engine) => Promise<void>, base?: Record<string, Float32Array>): Promise<void> {
  const g = await createEngine({ backend: 'webgpu', config, seed: 5, lora, gpu });
  const c = await createEngine({ backend: 'cpu', config, seed: 5, lora });
  try {
    const start = { ...(base ?? (await c.readParams())), ...liveAdapters(config, lora, 6) };
    await g.writeParams(start);
    await c.writeParams(start);
    await body(g, c);
  } finally {
    g.destroy();
  }
}

for (const [name, config, lora, B, T] of [['odd GQA (H=6, KVH=2, untied), every target', GQA_CONFIG, ALL_TARGETS, 2, 19], ['nano, q and v', NANO(53), QV_ONLY, 3, 13]] as const) {
  describe(`LoRA engine ${name}: webgpu vs cpu`, () => {
    it(`loss, the adapters' gradients, and every tensor after 3 AdamW steps agree (B=${B}, T=${T})`, () =>
      pair(config, lora, async (g, c) => {
        const batch = randomBatch(config.vocabSize, B, T, 8, T - 2);
        expect(await g.loss(batch)).toBeCloseTo(await c.loss(batch), 4);
        const [gg, gc] = [await g.gradients(batch), await c.gradients(batch)];
        expect(Object.keys(gg)).toEqual(buildLoraTable(config, lora).entries.map((e) => e.name));
        expect(Object.keys(gc)).toEqual(Object.keys(gg));
        for (const key of Object.keys(gc)) expectClose(gg[key], gc[key], GRAD_TOL, `d ${key}`);
        const start = await g.readParams();
        for (let s = 0; s < 3; s++) {
          const b = randomBatch(config.vocabSize, B, T, 100 + s, T - 1);
          const [rg, rc] = [await g.trainStep(b, hyper), await c.trainStep(b, hyper)];
          expect(rg.loss).toBeCloseTo(rc.loss, 3);
          expect(rg.gradNorm).toBeCloseTo(rc.gradNorm, 3);
          expect(rg.gradNorm).toBeGreaterThan(hyper.gradClip); // the clip acts
        }
        const [pg, pc] = [await g.readParams(), await c.readParams()];
        expect(Object.keys(pg).sort()).toEqual(Object.keys(pc).sort());
        for (const key of Object.keys(pc)) expectClose(pg[key], pc[key], PARAM_TOL, key);
        for (const e of buildParamTable(config).entries) expect(bits(pg[e.name]), `${e.name} frozen`).toEqual(bits(start[e.name]));
        const [sg, sc] = [await g.readOptimizerState(), await c.readOptimizerState()];
        expect(Object.keys(sg.moments.v)).toEqual(Object.keys(gg));
        for (const key of Object.keys(gc)) expectClose(sg.moments.m[key], sc.moments.m[key], GRAD_TOL, `m ${key}`);
      }));
  });
}

describe('LoRA engine memory and steps', () => {
  it('allocates no base gradients or moments; learns a pattern with one submit and no new buffer per step', async () => {
    const config = NANO(12);
    const P = buildParamTable(config).total;
    const lora: LoraConfig = { rank: 4, alpha: 8, targets: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] };
    const Pa = buildLoraTable(config, lora).total;
    const batch = patternBatch(config.vocabSize, 4, 16, 3);
    const h = { lr: 3e-2, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, gradClip: 1 };
    const bytes: Record<string, { created: number; afterStep: number }> = {};
    for (const which of ['full', 'lora'] as const) {
      const before = bufferStats.liveBytes;
      const engine = await createEngine({ backend: 'webgpu', config, seed: 2, gpu, ...(which === 'lora' ? { lora } : {}) });
      const created = bufferStats.liveBytes - before;
      await engine.trainStep(batch, h);
      bytes[which] = { created, afterStep: bufferStats.liveBytes - before };
      engine.destroy();
      await gpu.device.queue.onSubmittedWorkDone(); // lets the plans' pending destroys run before the next count
    }
    console.log(`nano (P=${P} floats, LoRA r=4 on every target: ${Pa} floats): bytes allocated ${JSON.stringify(bytes)}`);
    // Full: params, grads, m, v over P. LoRA: params over P; params, grads, m, v over Pa. Beyond those, AdamW's
    // reduction scratch and uniforms (under 8 KiB here).
    expect(bytes.full.created - 16 * P).toBeGreaterThanOrEqual(0);
    expect(bytes.full.created - 16 * P).toBeLessThan(8192);
    expect(bytes.lora.created - (4 * P + 16 * Pa)).toBeGreaterThanOrEqual(0);
    expect(bytes.lora.created - (4 * P + 16 * Pa)).toBeLessThan(8192);

    const baseline = bufferStats.liveBytes;
    const engine = await createEngine({ backend: 'webgpu', config, seed: 2, gpu, lora });
    try {
      const first = await engine.loss(batch);
      await engine.trainStep(batch, h); // builds the plan
      const [buffersBefore, submitsBefore] = [bufferStats.created, submitStats.submitted];
      const steps = 30;
      for (let i = 1; i < steps; i++) await engine.trainStep(batch, h);
      expect(bufferStats.created - buffersBefore, 'buffers created by steady-state steps').toBe(0);
      expect(submitStats.submitted - submitsBefore, 'one submit per step').toBe(steps - 1);
      // Over a frozen random base the adapters learn slowly (the cpu twin: 2.52 → 2.00 in 30 steps).
      expect(await engine.loss(batch), 'the adapters alone lower the loss').toBeLessThan(first * 0.85);
      await engine.generate([Int32Array.of(1, 2, 3), Int32Array.of(4)], { maxNewTokens: 4, temperature: 0, seed: 0 });
    } finally {
      engine.destroy();
    }
    await gpu.device.queue.onSubmittedWorkDone();
    expect(bufferStats.liveBytes, 'a destroyed LoRA engine gives back every buffer (plans, adapters, generation)').toBe(baseline);
  });
});

describe('LoRA generation and checkpoints: webgpu vs cpu', () => {
  const table = buildParamTable(GQA_SMALL);
  const sharp = () => unflatten(table, sharpParams(table, GQA_SMALL, 3));
  const greedy = { maxNewTokens: 8, temperature: 0, seed: 0 };

  it('generate applies the adapters: webgpu equals cpu (greedy, sampled, KV cache vs recompute) and differs from the base', () =>
    pair(GQA_SMALL, ALL_TARGETS, async (g, c) => {
      const plain = await createEngine({ backend: 'webgpu', config: GQA_SMALL, seed: 5, gpu });
      try {
        await plain.writeParams(sharp());
        const base = await plain.generate(PROMPTS, greedy);
        const adapted = await g.generate(PROMPTS, greedy);
        expect(adapted).toEqual(await c.generate(PROMPTS, greedy));
        expect(adapted.tokens.map((t) => Array.from(t))).not.toEqual(base.tokens.map((t) => Array.from(t)));
        const w = g as WebGpuEngine;
        const recompute = new GpuDecoder(w.gpu, GQA_SMALL, w.table, w.paramsBuffer, w.loraBuffers);
        expect(await recompute.run(PROMPTS, greedy, { recompute: true })).toEqual(adapted);
        recompute.destroy();
        const sampled = { maxNewTokens: 8, temperature: 0.8, topK: 12, topP: 0.9, seed: 2024 };
        expect(await g.generate(PROMPTS, sampled)).toEqual(await c.generate(PROMPTS, sampled));
      } finally {
        plain.destroy();
      }
    }, sharp()));

  it('a checkpoint with adapters and Adam state moves webgpu → cpu → webgpu and training goes on alike', () =>
    pair(GQA_SMALL, ALL_TARGETS, async (g, c) => {
      const b = (s: number) => randomBatch(GQA_SMALL.vocabSize, 2, 8, s);
      await g.trainStep(b(1), hyper);
      await restoreEngine(c, loadCheckpoint(await saveEngine(g, { optimizer: true })));
      expect(c.step).toBe(1);
      const [rg, rc] = [await g.trainStep(b(2), hyper), await c.trainStep(b(2), hyper)];
      expect(rc.loss).toBeCloseTo(rg.loss, 4);
      expect(await c.generate(PROMPTS, greedy)).toEqual(await g.generate(PROMPTS, greedy));
      await restoreEngine(g, loadCheckpoint(await saveEngine(c, { optimizer: true })));
      expect(await g.readParams()).toEqual(await c.readParams()); // f32 in, f32 out: bit-exact
      const [sg, sc] = [await g.readOptimizerState(), await c.readOptimizerState()];
      expect(sg).toEqual(sc);
    }, sharp()));
});
