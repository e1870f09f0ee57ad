// The whole model, `webgpu` against `cpu`: loss, every gradient tensor, and parameters after AdamW steps.
// Run by the gpu tier (Dawn) and, on `nano` with one step, by the browser tier (Chromium).
import { describe, expect, it } from 'vitest';
import { createEngine, presetConfig, type Engine, type ModelConfig } from '../../src/engine';
import { bufferStats, submitStats } from '../../src/gpu';
import { expectClose } from '../helpers/numeric';
import { patternBatch, randomBatch } from '../helpers/batches';

export const GQA_CONFIG: ModelConfig = {
  vocabSize: 37, dim: 48, nLayers: 2, nHeads: 6, nKvHeads: 2, hiddenDim: 80, maxSeqLen: 32, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: false,
};

const hyper = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 0.5 };

// f32 on both sides with different summation orders: relative 2e-3 plus an absolute floor at the gradient scale.
const GRAD_TOL = { atol: 2e-5, rtol: 2e-3 };
const PARAM_TOL = { atol: 2e-5, rtol: 1e-3 };

export function engineSuite(cases: { name: string; config: ModelConfig; B: number; T: number; steps: number }[]): void {
  for (const { name, config, B, T, steps } of cases) {
    describe(`engine ${name}: webgpu vs cpu`, () => {
      it(`loss, every gradient and parameters after ${steps} AdamW steps agree (B=${B}, T=${T})`, async () => {
        const gpu = await createEngine({ backend: 'webgpu', config, seed: 5 });
        const cpu = await createEngine({ backend: 'cpu', config, seed: 5 });
        try {
          const batch = randomBatch(config.vocabSize, B, T, 8, T - 2);
          expect(await gpu.loss(batch)).toBeCloseTo(await cpu.loss(batch), 4);
          const gg = await gpu.gradients(batch);
          const gc = await cpu.gradients(batch);
          expect(Object.keys(gg).sort()).toEqual(Object.keys(gc).sort());
          for (const key of Object.keys(gc)) expectClose(gg[key], gc[key], GRAD_TOL, `d ${key}`);
          for (let s = 0; s < steps; s++) {
            const b = randomBatch(config.vocabSize, B, T, 100 + s, T - 1);
            const [rg, rc] = [await gpu.trainStep(b, hyper), await cpu.trainStep(b, hyper)];
            expect(rg.loss).toBeCloseTo(rc.loss, 3);
            expect(rg.gradNorm).toBeCloseTo(rc.gradNorm, 3);
          }
          const pg = await gpu.readParams();
          const pc = await cpu.readParams();
          for (const key of Object.keys(pc)) expectClose(pg[key], pc[key], PARAM_TOL, key);
        } finally {
          gpu.destroy();
          cpu.destroy();
        }
      });
    });
  }
}

export function learningSuite(config: ModelConfig, steps: number): void {
  it(`webgpu drives the loss of a counting pattern far below its start (${steps} steps)`, async () => {
    const engine: Engine = await createEngine({ backend: 'webgpu', config, seed: 2 });
    try {
      const batch = patternBatch(config.vocabSize, 4, 16, 3);
      const first = await engine.loss(batch);
      const h = { lr: 1e-2, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };
      await engine.trainStep(batch, h); // first step builds the plan
      const buffersBefore = bufferStats.created;
      const submitsBefore = submitStats.submitted;
      for (let i = 1; i < steps; i++) await engine.trainStep(batch, h);
      expect(bufferStats.created - buffersBefore, 'buffers created by steady-state steps').toBe(0);
      expect(submitStats.submitted - submitsBefore, 'one submit per step').toBe(steps - 1);
      expect(await engine.loss(batch)).toBeLessThan(first * 0.25);
    } finally {
      engine.destroy();
    }
  });
}

export const NANO = (vocab: number) => presetConfig('nano', vocab);

/** Steps queued without awaiting, of different shapes (new plans, a bigger readback ring), run in call order. */
export function queuedStepsSuite(config: ModelConfig): void {
  it('queued train steps of different shapes equal the same steps awaited one by one', async () => {
    const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };
    const batches = [randomBatch(config.vocabSize, 2, 8, 1), randomBatch(config.vocabSize, 3, 16, 2), randomBatch(config.vocabSize, 2, 8, 3)];
    const queued = await createEngine({ backend: 'webgpu', config, seed: 4 });
    const awaited = await createEngine({ backend: 'webgpu', config, seed: 4 });
    try {
      const results = await Promise.all(batches.map((b) => queued.trainStep(b, hyper)));
      for (const [i, b] of batches.entries()) expect((await awaited.trainStep(b, hyper)).loss).toBe(results[i].loss);
      const [pq, pa] = [await queued.readParams(), await awaited.readParams()];
      for (const key of Object.keys(pa)) expect(Array.from(pq[key]), key).toEqual(Array.from(pa[key]));
    } finally {
      queued.destroy();
      awaited.destroy();
    }
  });
}
