// Resuming training on webgpu: Adam step and moments read from the AdamW op's flat buffers into a checkpoint and
// written back, against the cpu backend trained without a break.
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type TrainingState } from '../../src/engine';
import { loadCheckpoint, restoreEngine, saveCheckpoint, saveEngine } from '../../src/engine/checkpoint';
import { buildParamTable, unflatten } from '../../src/engine/params';
import { GpuRuntime } from '../../src/gpu';
import { randomBatch } from '../helpers/batches';
import { expectClose, randomArray } from '../helpers/numeric';
import { GQA_CONFIG } from '../shared/engine';

const config = GQA_CONFIG;
const table = buildParamTable(config);
const hyper = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 0.5 };
const PARAM_TOL = { atol: 2e-5, rtol: 1e-3 }; // test/shared/engine.ts's webgpu-vs-cpu tolerance for parameters after steps
const batches = Array.from({ length: 6 }, (_, s) => randomBatch(config.vocabSize, 2, 19, 100 + s, 18));
const K = 3; // steps before the checkpoint; the rest of `batches` after it
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

const runtime = GpuRuntime.create();
const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) e.destroy();
  (await runtime).destroy();
});
async function engine(backend: 'webgpu' | 'cpu', seed: number, ck?: Uint8Array): Promise<Engine> {
  const e = await createEngine({ backend, config, seed, gpu: await runtime });
  engines.push(e);
  if (ck) await restoreEngine(e, loadCheckpoint(ck));
  return e;
}
async function train(e: Engine, from: number, to: number): Promise<Record<string, Float32Array>> {
  for (let s = from; s < to; s++) await e.trainStep(batches[s], hyper);
  return e.readParams();
}

describe('optimizer state: webgpu vs cpu', () => {
  it('training resumed from a checkpoint with its optimizer state equals training without a break', async () => {
    const gpuWhole = await engine('webgpu', 5);
    await train(gpuWhole, 0, K);
    const [withState, withoutState] = [await saveEngine(gpuWhole, { optimizer: true }), await saveEngine(gpuWhole)];
    const pGpuWhole = await train(gpuWhole, K, batches.length);
    const pCpuWhole = await train(await engine('cpu', 5), 0, batches.length);
    for (const e of table.entries) expectClose(pGpuWhole[e.name], pCpuWhole[e.name], PARAM_TOL, e.name);

    // Same device, same kernels: the break changes nothing, to the bit.
    const gpuResumed = await engine('webgpu', 77, withState);
    const pGpuResumed = await train(gpuResumed, K, batches.length);
    expect(gpuResumed.step).toBe(batches.length);
    for (const e of table.entries) expect(bits(pGpuResumed[e.name]), e.name).toEqual(bits(pGpuWhole[e.name]));
    // Across backends: the webgpu moments, by name, continue the cpu's optimizer.
    const pCpuResumed = await train(await engine('cpu', 77, withState), K, batches.length);
    for (const e of table.entries) expectClose(pCpuResumed[e.name], pCpuWhole[e.name], PARAM_TOL, e.name);

    // Without the state Adam restarts (step 0, zero moments): the tolerance above would catch it many times over.
    const pRestarted = await train(await engine('webgpu', 77, withoutState), K, batches.length);
    let worst = 0;
    for (const e of table.entries) for (let i = 0; i < e.size; i++) worst = Math.max(worst, Math.abs(pRestarted[e.name][i] - pCpuWhole[e.name][i]));
    expect(worst).toBeGreaterThan(50 * PARAM_TOL.atol);
  });

  it('step and moments round-trip through the GPU buffers and a checkpoint bit-exact; bad input is refused', async () => {
    const gpu = await engine('webgpu', 5);
    const cpu = await engine('cpu', 5);
    await train(gpu, 0, 2);
    await train(cpu, 0, 2);
    const [sg, sc] = [await gpu.readOptimizerState(), await cpu.readOptimizerState()];
    expect(sg.step).toBe(2);
    // Moments are running averages of gradients (and their squares): gradient-scale tolerances.
    for (const e of table.entries) {
      expectClose(sg.moments.m[e.name], sc.moments.m[e.name], { atol: 2e-6, rtol: 2e-3 }, `m ${e.name}`);
      expectClose(sg.moments.v[e.name], sc.moments.v[e.name], { atol: 1e-9, rtol: 4e-3 }, `v ${e.name}`);
    }

    const state: TrainingState = { step: 41, moments: { m: unflatten(table, randomArray(table.total, 1)), v: unflatten(table, randomArray(table.total, 2, 0.5).map(Math.abs)) } };
    state.moments!.m['model.norm.weight'][0] = -0; // signed zero and subnormals survive
    state.moments!.v['model.norm.weight'][1] = 1e-45;
    await gpu.writeOptimizerState(state);
    const fresh = await engine('webgpu', 9, await saveEngine(gpu, { optimizer: true }));
    const back = await fresh.readOptimizerState();
    expect([gpu.step, back.step]).toEqual([41, 41]);
    for (const e of table.entries) {
      expect(bits(back.moments.m[e.name]), e.name).toEqual(bits(state.moments!.m[e.name]));
      expect(bits(back.moments.v[e.name]), e.name).toEqual(bits(state.moments!.v[e.name]));
    }

    await restoreEngine(fresh, loadCheckpoint(saveCheckpoint({ config, params: await fresh.readParams(), training: { step: 6 } })));
    const stepOnly = await fresh.readOptimizerState();
    expect(stepOnly.step).toBe(6);
    for (const e of table.entries) expect(stepOnly.moments.m[e.name].some((x) => x !== 0) || stepOnly.moments.v[e.name].some((x) => x !== 0), e.name).toBe(false);

    const { 'lm_head.weight': _dropped, ...missing } = state.moments!.m;
    await expect(gpu.writeOptimizerState({ step: -2 })).rejects.toThrow(/step must be a non-negative integer, got -2/);
    await expect(gpu.writeOptimizerState({ ...state, moments: { ...state.moments!, m: missing } })).rejects.toThrow(/Adam m: Missing tensor lm_head\.weight/);
    const wrongShape = { ...state.moments!.v, 'model.layers.1.mlp.up_proj.weight': new Float32Array(5) };
    await expect(gpu.writeOptimizerState({ ...state, moments: { ...state.moments!, v: wrongShape } })).rejects.toThrow(/Adam v: Tensor model\.layers\.1\.mlp\.up_proj\.weight has 5 values/);
    const kept = await gpu.readOptimizerState();
    expect(kept.step).toBe(41);
    for (const e of table.entries) expect(bits(kept.moments.v[e.name]), e.name).toEqual(bits(state.moments!.v[e.name]));
  });
});
