// Resuming training from a checkpoint: the Adam step and moments travel with the weights (cpu backend).
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine, type TrainingState } from '../../../src/engine';
import { loadCheckpoint, restoreEngine, saveCheckpoint, saveEngine } from '../../../src/engine/checkpoint';
import { buildParamTable, unflatten } from '../../../src/engine/params';
import { GQA_SMALL } from '../../helpers/generation';
import { randomBatch } from '../../helpers/batches';
import { randomArray } from '../../helpers/numeric';

const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };
const batches = Array.from({ length: 6 }, (_, s) => randomBatch(GQA_SMALL.vocabSize, 2, 9, 40 + s, 7));
const K = 3; // steps before the checkpoint; the rest of `batches` after it
const table = buildParamTable(GQA_SMALL);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const cpu = (seed: number) => createEngine({ backend: 'cpu', config: GQA_SMALL, seed });

async function train(engine: Engine, from: number, to: number): Promise<void> {
  for (let s = from; s < to; s++) await engine.trainStep(batches[s], hyper);
}

/** Trains K steps, checkpoints (with or without the optimizer), restores into a fresh engine and trains the rest. */
async function resumed(optimizer: boolean): Promise<Engine> {
  const first = await cpu(7);
  await train(first, 0, K);
  const file = await saveEngine(first, { optimizer });
  const second = await cpu(123);
  await restoreEngine(second, loadCheckpoint(file));
  await train(second, K, batches.length);
  return second;
}

function maxAbsDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let worst = 0;
  for (const e of table.entries) for (let i = 0; i < e.size; i++) worst = Math.max(worst, Math.abs(a[e.name][i] - b[e.name][i]));
  return worst;
}

describe('optimizer state (cpu)', () => {
  it('training resumed from a checkpoint with its optimizer state equals training without a break, bit for bit', async () => {
    const whole = await cpu(7);
    await train(whole, 0, batches.length);
    const resumedWith = await resumed(true);
    expect(resumedWith.step).toBe(batches.length);
    const [pw, pr] = [await whole.readParams(), await resumedWith.readParams()];
    for (const e of table.entries) expect(bits(pr[e.name]), e.name).toEqual(bits(pw[e.name]));
    const [sw, sr] = [await whole.readOptimizerState(), await resumedWith.readOptimizerState()];
    for (const e of table.entries) expect(bits(sr.moments.v[e.name]), e.name).toEqual(bits(sw.moments.v[e.name]));

    // Without it the resumed run restarts Adam (step 0, zero moments): far outside any float tolerance.
    const resumedWithout = await resumed(false);
    expect(resumedWithout.step).toBe(batches.length - K);
    expect(maxAbsDiff(await resumedWithout.readParams(), pw)).toBeGreaterThan(1e-3);
  });

  it('step and moments survive engine → checkpoint → fresh engine bit-exact; a step alone zeroes the moments', async () => {
    const a = await cpu(7);
    await train(a, 0, K);
    const state = await a.readOptimizerState();
    expect(state.step).toBe(K);
    expect(Math.max(...state.moments.v['model.norm.weight'])).toBeGreaterThan(0);
    const ck = loadCheckpoint(await saveEngine(a, { optimizer: true }));
    const b = await cpu(8);
    await restoreEngine(b, ck);
    const back = await b.readOptimizerState();
    expect(back.step).toBe(K);
    for (const e of table.entries) {
      expect(bits(back.moments.m[e.name]), e.name).toEqual(bits(state.moments.m[e.name]));
      expect(bits(back.moments.v[e.name]), e.name).toEqual(bits(state.moments.v[e.name]));
    }

    await restoreEngine(b, loadCheckpoint(saveCheckpoint({ ...ck, training: { step: 11 } })));
    const stepOnly = await b.readOptimizerState();
    expect(stepOnly.step).toBe(11);
    for (const e of table.entries) expect(stepOnly.moments.m[e.name].every((x) => x === 0) && stepOnly.moments.v[e.name].every((x) => x === 0), e.name).toBe(true);

    // Weights alone: the trained engine's optimizer starts afresh instead of keeping moments of other weights.
    await train(b, 0, 1);
    await restoreEngine(b, loadCheckpoint(saveCheckpoint({ config: ck.config, params: ck.params })));
    const fresh = await b.readOptimizerState();
    expect(fresh.step).toBe(0);
    for (const e of table.entries) expect(fresh.moments.v[e.name].every((x) => x === 0), e.name).toBe(true);
  });

  it('refuses a bad step, a missing, stray or misshapen moment tensor, naming it, and keeps the state it had', async () => {
    const engine = await cpu(7);
    await train(engine, 0, 1);
    const before = await engine.readOptimizerState();
    const m = unflatten(table, randomArray(table.total, 1));
    const v = unflatten(table, randomArray(table.total, 2, 0.5).map(Math.abs));
    const { 'model.norm.weight': _dropped, ...missing } = v;
    const bad: [TrainingState, RegExp][] = [
      [{ step: -1, moments: { m, v } }, /step must be a non-negative integer, got -1/],
      [{ step: 2.5 }, /step must be a non-negative integer, got 2\.5/],
      [{ step: 2, moments: { m, v: missing } }, /Adam v: Missing tensor model\.norm\.weight/],
      [{ step: 2, moments: { m: { ...m, 'lm_head.weight': new Float32Array(3) }, v } }, /Adam m: Tensor lm_head\.weight has 3 values; expected 696/],
      [{ step: 2, moments: { m: { ...m, 'model.extra': new Float32Array(1) }, v } }, /Adam m: tensor model\.extra is not a parameter/],
    ];
    for (const [state, message] of bad) await expect(engine.writeOptimizerState(state)).rejects.toThrow(message);
    const after = await engine.readOptimizerState();
    expect(after.step).toBe(before.step);
    for (const e of table.entries) expect(bits(after.moments.m[e.name]), e.name).toEqual(bits(before.moments.m[e.name]));
    // A checkpoint object built by hand goes through the same checks, before any weight is written.
    const params = await engine.readParams();
    await expect(restoreEngine(engine, { config: GQA_SMALL, params: unflatten(table, randomArray(table.total, 3)), training: { step: -4 } })).rejects.toThrow(/got -4/);
    expect(bits((await engine.readParams())['model.norm.weight'])).toEqual(bits(params['model.norm.weight']));
  });
});
