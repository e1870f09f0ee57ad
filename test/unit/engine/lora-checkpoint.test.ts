// LoRA engines on the cpu backend: checkpoints with the adapters and their optimizer state, base checkpoints
// loaded under adapters, and generation through the adapters (KV cache against recompute).
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine';
import { loadCheckpoint, restoreEngine, saveCheckpoint, saveEngine } from '../../../src/engine/checkpoint';
import type { CpuEngine } from '../../../src/engine/cpu-engine';
import { runGeneration } from '../../../src/engine/generate';
import { CpuDecoder } from '../../../src/engine/generate-cpu';
import { buildLoraTable } from '../../../src/engine/lora';
import { buildParamTable, unflatten } from '../../../src/engine/params';
import { randomBatch } from '../../helpers/batches';
import { GQA_SMALL, PROMPTS, sharpParams } from '../../helpers/generation';
import { ALL_TARGETS, liveAdapters, QV_ONLY } from './lora-fixtures';

const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const batches = Array.from({ length: 5 }, (_, s) => randomBatch(GQA_SMALL.vocabSize, 2, 9, 40 + s, 7));
const cpu = (seed: number, lora = ALL_TARGETS) => createEngine({ backend: 'cpu', config: GQA_SMALL, seed, lora });
const greedy = { maxNewTokens: 10, temperature: 0, seed: 0 };

async function train(engine: Engine, from: number, to: number): Promise<void> {
  for (let s = from; s < to; s++) await engine.trainStep(batches[s], hyper);
}

describe('LoRA checkpoints (cpu)', () => {
  it('adapters and their Adam state survive a checkpoint: resumed training equals training without a break, bit for bit', async () => {
    const whole = await cpu(7);
    await train(whole, 0, batches.length);
    const first = await cpu(7);
    await train(first, 0, 2);
    const ck = loadCheckpoint(await saveEngine(first, { optimizer: true }));
    expect(ck.lora).toEqual(ALL_TARGETS);
    const lt = buildLoraTable(GQA_SMALL, ALL_TARGETS);
    expect(Object.keys(ck.training!.moments!.m)).toEqual(lt.entries.map((e) => e.name)); // the base has no moments
    const second = await cpu(123); // other base weights and adapters: all overwritten
    await restoreEngine(second, ck);
    await train(second, 2, batches.length);
    const [pw, pr] = [await whole.readParams(), await second.readParams()];
    expect(Object.keys(pr).sort()).toEqual(Object.keys(pw).sort());
    for (const name of Object.keys(pw)) expect(bits(pr[name]), name).toEqual(bits(pw[name]));
  });

  it('a base checkpoint loads under adapters (they keep their values, Adam restarts); adapters need a matching engine', async () => {
    const plain = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 3 });
    await plain.trainStep(batches[0], hyper);
    const baseFile = await saveEngine(plain, { optimizer: true });
    const engine = await cpu(5);
    await engine.writeParams({ ...(await engine.readParams()), ...liveAdapters(GQA_SMALL, ALL_TARGETS, 2) });
    await train(engine, 0, 2);
    const adaptersBefore = await engine.readParams();
    await restoreEngine(engine, loadCheckpoint(baseFile));
    const after = await engine.readParams();
    const base = await plain.readParams();
    for (const name of Object.keys(base)) expect(bits(after[name]), name).toEqual(bits(base[name]));
    for (const e of buildLoraTable(GQA_SMALL, ALL_TARGETS).entries) expect(bits(after[e.name])).toEqual(bits(adaptersBefore[e.name]));
    expect(engine.step).toBe(0);

    const loraFile = await saveEngine(engine);
    await expect(restoreEngine(plain, loadCheckpoint(loraFile))).rejects.toThrow(/LoRA adapters .* differ from the engine's null/);
    await expect(restoreEngine(await cpu(5, QV_ONLY), loadCheckpoint(loraFile))).rejects.toThrow(/differ/);
    // Moments of the base in a LoRA checkpoint, or an adapter tensor missing: refused on save and on load.
    const named = await engine.readParams();
    const table = buildParamTable(GQA_SMALL);
    const baseMoments = unflatten(table, new Float32Array(table.total));
    expect(() => saveCheckpoint({ config: GQA_SMALL, params: named, lora: ALL_TARGETS, training: { step: 1, moments: { m: baseMoments, v: baseMoments } } })).toThrow(/missing tensor model\.layers\.0\.self_attn\.q_proj\.lora_A\.weight/);
    const { ['model.layers.1.mlp.down_proj.lora_B.weight']: _gone, ...partial } = named;
    expect(() => saveCheckpoint({ config: GQA_SMALL, params: partial, lora: ALL_TARGETS })).toThrow(/missing tensor model\.layers\.1\.mlp\.down_proj\.lora_B\.weight/);
  });
});

describe('LoRA generation (cpu)', () => {
  it('adapters with B ≠ 0 change the greedy output; the KV cache equals recomputing every step', async () => {
    const table = buildParamTable(GQA_SMALL);
    const sharp = unflatten(table, sharpParams(table, GQA_SMALL, 3));
    const plain = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 1 });
    await plain.writeParams(sharp);
    const engine = (await cpu(1)) as CpuEngine;
    await engine.writeParams(sharp); // B = 0: the same model
    const base = await plain.generate(PROMPTS, greedy);
    expect(await engine.generate(PROMPTS, greedy)).toEqual(base);
    await engine.writeParams({ ...sharp, ...liveAdapters(GQA_SMALL, ALL_TARGETS, 8, 1) });
    const adapted = await engine.generate(PROMPTS, greedy);
    expect(adapted.tokens.map((t) => Array.from(t))).not.toEqual(base.tokens.map((t) => Array.from(t)));
    const recompute = new CpuDecoder(GQA_SMALL, engine.table, engine.model.params, engine.model.adapters);
    expect(await runGeneration(recompute, GQA_SMALL, PROMPTS, greedy, { recompute: true })).toEqual(adapted);
  });
});
