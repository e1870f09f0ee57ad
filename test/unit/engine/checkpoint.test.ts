import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine';
import { loadCheckpoint, restoreEngine, saveCheckpoint, saveEngine } from '../../../src/engine/checkpoint';
import { buildParamTable, unflatten } from '../../../src/engine/params';
import { encodeSafetensors } from '../../../src/engine/safetensors';
import { deserializeTokenizer, taskTokenizer } from '../../../src/engine/tokenizer';
import { GQA_SMALL, PROMPTS } from '../../helpers/generation';
import { randomBatch } from '../../helpers/batches';
import { randomArray } from '../../helpers/numeric';

const table = buildParamTable(GQA_SMALL);
const named = (seed: number) => unflatten(table, randomArray(table.total, seed));
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('checkpoints (safetensors)', () => {
  it('save → load is bit-exact: weights, Adam moments, config, tokenizer, step', () => {
    const params = named(1);
    params['model.norm.weight'][0] = -0; // signed zero and subnormals survive
    params['model.norm.weight'][1] = 1e-45;
    const ck = { config: GQA_SMALL, params, tokenizer: taskTokenizer().serialize(), training: { step: 17, moments: { m: named(2), v: named(3) } } };
    const back = loadCheckpoint(saveCheckpoint(ck));
    expect(back.config).toEqual(GQA_SMALL);
    expect(back.training?.step).toBe(17);
    for (const e of table.entries) {
      expect(bits(back.params[e.name]), e.name).toEqual(bits(params[e.name]));
      expect(bits(back.training!.moments!.m[e.name])).toEqual(bits(ck.training.moments.m[e.name]));
      expect(bits(back.training!.moments!.v[e.name])).toEqual(bits(ck.training.moments.v[e.name]));
    }
    expect(deserializeTokenizer(back.tokenizer!).decode(taskTokenizer().encode('ok = 1\n'))).toBe('ok = 1\n');
    expect(loadCheckpoint(saveCheckpoint({ config: GQA_SMALL, params })).training).toBeUndefined();
  });

  it('an engine saved and restored into a fresh one gives the same loss and generations', async () => {
    const a = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 4 });
    const h = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 };
    await a.trainStep(randomBatch(GQA_SMALL.vocabSize, 2, 9, 1), h);
    const file = await saveEngine(a, { optimizer: true });
    const b = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 99 });
    await restoreEngine(b, loadCheckpoint(file));
    const batch = randomBatch(GQA_SMALL.vocabSize, 2, 9, 5);
    expect(await b.loss(batch)).toBe(await a.loss(batch));
    const opts = { maxNewTokens: 6, temperature: 0.7, seed: 3 };
    expect(await b.generate(PROMPTS, opts)).toEqual(await a.generate(PROMPTS, opts));
  });

  it('refuses files that are not ours, missing or misshapen tensors, extra tensors, and a foreign config', async () => {
    const good = { config: GQA_SMALL, params: named(1) };
    expect(() => loadCheckpoint(encodeSafetensors([{ name: 'x', shape: [1], data: new Float32Array(1) }]))).toThrow(/Not a TriPosT checkpoint/);
    const { 'model.norm.weight': _dropped, ...missing } = good.params;
    expect(() => saveCheckpoint({ ...good, params: missing })).toThrow(/missing tensor model\.norm\.weight/);
    const meta = { format: 'tripost-checkpoint', version: '1', config: JSON.stringify(GQA_SMALL) };
    const tensors = table.entries.map((e) => ({ name: e.name, shape: e.shape, data: good.params[e.name] }));
    const bad = tensors.map((t) => (t.name === 'lm_head.weight' ? { ...t, shape: [t.shape[1], t.shape[0]] } : t));
    expect(() => loadCheckpoint(encodeSafetensors(bad, meta))).toThrow(/lm_head\.weight has shape \[24, 29\], expected \[29, 24\]/);
    expect(() => loadCheckpoint(encodeSafetensors([...tensors, { name: 'extra', shape: [1], data: new Float32Array(1) }], meta))).toThrow(/holds tensor extra/);
    const other = await createEngine({ backend: 'cpu', config: { ...GQA_SMALL, nLayers: 1 }, seed: 1 });
    await expect(restoreEngine(other, good)).rejects.toThrow(/differs from the engine's/);
  });
});
