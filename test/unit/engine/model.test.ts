// The whole reference model: every gradient tensor against finite differences in f64, the weighted loss, learning.
import { describe, expect, it } from 'vitest';
import { createEngine, presetConfig, type ModelConfig } from '../../../src/engine';
import { buildParamTable, initParams } from '../../../src/engine/params';
import { ReferenceModel } from '../../../src/engine/reference/model';
import { mulberry32 } from '../../../src/util/random';
import { patternBatch, randomBatch } from '../../helpers/batches';

const gqa: ModelConfig = { vocabSize: 37, dim: 24, nLayers: 2, nHeads: 6, nKvHeads: 2, hiddenDim: 40, maxSeqLen: 16, ropeTheta: 10000, normEps: 1e-5, tiedEmbeddings: false };

function f64Model(config: ModelConfig, seed: number) {
  const table = buildParamTable(config);
  const params = Float64Array.from(initParams(table, config, seed));
  // Larger weights than the init so every path carries signal well above f64 rounding.
  for (let i = 0; i < params.length; i++) params[i] *= 5;
  return new ReferenceModel(config, table, params, new Float64Array(table.total), Float64Array);
}

describe('reference model gradients', () => {
  for (const [name, config] of [['nano (tied)', presetConfig('nano', 29)], ['GQA, untied', gqa]] as const) {
    it(`${name}: every tensor's gradient matches central differences (sampled, f64, rtol 1e-5)`, () => {
      const model = f64Model(config, 3);
      const batch = randomBatch(config.vocabSize, 2, 5, 7, 4);
      const loss = () => model.forward(batch.tokens, batch.targets, batch.weights, 2, 5);
      model.grads!.fill(0); // a full model: the base has grads (null only under LoRA)
      loss();
      model.backward();
      const rand = mulberry32(11);
      const h = 1e-6;
      for (const e of model.table.entries) {
        for (let s = 0; s < 6; s++) {
          const i = e.offset + Math.floor(rand() * e.size);
          const saved = model.params[i];
          model.params[i] = saved + h;
          const plus = loss();
          model.params[i] = saved - h;
          const minus = loss();
          model.params[i] = saved;
          const numeric = (plus - minus) / (2 * h);
          const analytic = model.grads![i];
          expect(Math.abs(analytic - numeric), `${e.name}[${i - e.offset}]: analytic ${analytic}, numeric ${numeric}`).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(numeric));
        }
      }
    });
  }
});

describe('weighted loss', () => {
  const config = presetConfig('nano', 29);

  it('equals Σ w·ce / Σ w computed from the logits', () => {
    const model = f64Model(config, 5);
    const batch = randomBatch(config.vocabSize, 3, 6, 9, 4);
    const loss = model.forward(batch.tokens, batch.targets, batch.weights, 3, 6);
    const logits = model.forwardLogits(batch.tokens, 3, 6);
    const V = config.vocabSize;
    let num = 0;
    let den = 0;
    for (let i = 0; i < 18; i++) {
      const row = logits.subarray(i * V, (i + 1) * V);
      const max = Math.max(...row);
      let sumExp = 0;
      for (const x of row) sumExp += Math.exp(x - max);
      const lse = max + Math.log(sumExp);
      num += batch.weights[i] * (lse - row[batch.targets[i]]);
      den += batch.weights[i];
    }
    expect(loss).toBeCloseTo(num / den, 12);
  });

  it('zero-weight tokens contribute exactly zero gradient, and doubling every weight changes nothing', async () => {
    const engine = await createEngine({ backend: 'cpu', config, seed: 1 });
    const batch = randomBatch(config.vocabSize, 2, 8, 4, 5);
    const g1 = await engine.gradients(batch);
    const l1 = await engine.loss(batch);
    const changed = { ...batch, targets: batch.targets.slice() };
    for (let b = 0; b < 2; b++) for (let t = 5; t < 8; t++) changed.targets[b * 8 + t] = (changed.targets[b * 8 + t] + 3) % config.vocabSize;
    const g2 = await engine.gradients(changed);
    for (const name of Object.keys(g1)) expect(Array.from(g2[name]), name).toEqual(Array.from(g1[name]));
    const doubled = { ...batch, weights: batch.weights.map((w) => 2 * w) };
    expect(await engine.loss(doubled)).toBeCloseTo(l1, 6);
  });
});

describe('cpu backend learning', () => {
  it('drives the loss of a counting pattern far below its start', async () => {
    const config = presetConfig('nano', 12);
    const engine = await createEngine({ backend: 'cpu', config, seed: 2 });
    const batch = patternBatch(12, 4, 16, 3);
    const first = await engine.loss(batch);
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01, gradClip: 1 };
    for (let i = 0; i < 60; i++) await engine.trainStep(batch, h);
    const last = await engine.loss(batch);
    expect(first).toBeGreaterThan(2);
    expect(last).toBeLessThan(first * 0.25);
  });
});
