// LoRA on the CPU: the op twin against finite differences and the dense formula, the whole model with adapters
// against finite differences (f64) and against its merged weights, and the cpu engine's frozen-base contract.
import { describe, expect, it } from 'vitest';
import { createEngine, presetConfig, type ModelConfig } from '../../../src/engine';
import { buildLoraTable, initLora, validateLora, type LoraConfig } from '../../../src/engine/lora';
import { buildParamTable, flatten, initParams } from '../../../src/engine/params';
import { loraBackward, loraForward, type LoraShape } from '../../../src/engine/reference/lora';
import { ReferenceModel } from '../../../src/engine/reference/model';
import { mulberry32 } from '../../../src/util/random';
import { randomBatch } from '../../helpers/batches';
import { GQA_SMALL } from '../../helpers/generation';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';
import { ALL_TARGETS, liveAdapters, QV_ONLY } from './lora-fixtures';

const hyper = { lr: 1e-2, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('reference lora op', () => {
  // y (N, stride) with the adapter's columns in the middle: [offset, offset + OUT) of stride.
  const g: LoraShape = { N: 5, inDim: 7, rank: 3, outDim: 4, stride: 11, offset: 5, scale: 1.5 };

  it('adds s·B·A·x to its columns only', () => {
    const [x, A, B, y0] = [toF64(randomArray(g.N * g.inDim, 1)), toF64(randomArray(g.rank * g.inDim, 2)), toF64(randomArray(g.outDim * g.rank, 3)), toF64(randomArray(g.N * g.stride, 4))];
    const y = y0.slice();
    loraForward(y, new Float64Array(g.N * g.rank), x, A, B, g);
    for (let n = 0; n < g.N; n++) {
      for (let col = 0; col < g.stride; col++) {
        const o = col - g.offset;
        let want = y0[n * g.stride + col];
        if (o >= 0 && o < g.outDim) {
          for (let j = 0; j < g.rank; j++) for (let c = 0; c < g.inDim; c++) want += g.scale * B[o * g.rank + j] * A[j * g.inDim + c] * x[n * g.inDim + c];
        }
        expect(y[n * g.stride + col]).toBeCloseTo(want, 12);
      }
    }
  });

  it('backward matches central finite differences and accumulates (f64, atol 1e-8)', () => {
    const [x, A, B] = [toF64(randomArray(g.N * g.inDim, 5)), toF64(randomArray(g.rank * g.inDim, 6)), toF64(randomArray(g.outDim * g.rank, 7))];
    const probe = toF64(randomArray(g.N * g.stride, 8));
    const loss = () => {
      const y = new Float64Array(g.N * g.stride);
      loraForward(y, new Float64Array(g.N * g.rank), x, A, B, g);
      return dot(y, probe);
    };
    const u = new Float64Array(g.N * g.rank);
    loraForward(new Float64Array(g.N * g.stride), u, x, A, B, g);
    const [dx0, dA0, dB0] = [toF64(randomArray(x.length, 9)), toF64(randomArray(A.length, 10)), toF64(randomArray(B.length, 11))];
    const [dx, dA, dB] = [dx0.slice(), dA0.slice(), dB0.slice()];
    loraBackward(dx, dA, dB, toF64(randomArray(g.N * g.rank, 12)), probe, x, u, A, B, g); // du is scratch: overwritten
    const tol = { atol: 1e-8, rtol: 1e-6 };
    expectClose(dx.map((v, i) => v - dx0[i]), finiteDifference(loss, x), tol, 'dx');
    expectClose(dA.map((v, i) => v - dA0[i]), finiteDifference(loss, A), tol, 'dA');
    expectClose(dB.map((v, i) => v - dB0[i]), finiteDifference(loss, B), tol, 'dB');
  });
});

/** A reference model in f64 with adapters: base weights ×5 (as model.test.ts) and live adapters. */
function f64LoraModel(config: ModelConfig, lora: LoraConfig, seed: number) {
  const table = buildParamTable(config);
  const params = Float64Array.from(initParams(table, config, seed), (v) => v * 5);
  const lt = buildLoraTable(config, lora);
  const adapters = { table: lt, params: Float64Array.from(flatten(lt, liveAdapters(config, lora, seed + 1))), grads: new Float64Array(lt.total) };
  return new ReferenceModel(config, table, params, null, Float64Array, adapters);
}

describe('reference model with LoRA', () => {
  const gqa: ModelConfig = { ...GQA_SMALL, maxSeqLen: 16 };
  for (const [name, config, lora] of [['GQA, untied, every target', gqa, ALL_TARGETS], ['nano (tied), q and v', presetConfig('nano', 29), QV_ONLY]] as const) {
    it(`${name}: every adapter tensor's gradient matches central differences (sampled, f64, rtol 1e-5)`, () => {
      const model = f64LoraModel(config, lora, 3);
      const ad = model.adapters!;
      const batch = randomBatch(config.vocabSize, 2, 5, 7, 4);
      const loss = () => model.forward(batch.tokens, batch.targets, batch.weights, 2, 5);
      loss();
      model.backward();
      expect(model.grads).toBeNull(); // the base is frozen: no gradient exists for it
      const rand = mulberry32(11);
      const h = 1e-6;
      for (const e of ad.table.entries) {
        for (let s = 0; s < 4; s++) {
          const i = e.offset + Math.floor(rand() * e.size);
          const saved = ad.params[i];
          ad.params[i] = saved + h;
          const plus = loss();
          ad.params[i] = saved - h;
          const minus = loss();
          ad.params[i] = saved;
          const numeric = (plus - minus) / (2 * h);
          const analytic = ad.grads[i];
          expect(Math.abs(analytic - numeric), `${e.name}[${i - e.offset}]: analytic ${analytic}, numeric ${numeric}`).toBeLessThanOrEqual(1e-7 + 1e-5 * Math.abs(numeric));
        }
      }
    });
  }

  it('gives the logits of the base with each W replaced by W + (alpha/r)·B·A (merged), every target (f64, 1e-10)', () => {
    const model = f64LoraModel(gqa, ALL_TARGETS, 5);
    const ad = model.adapters!;
    const merged = Float64Array.from(model.params);
    for (const [l, layer] of ad.table.layers.entries()) {
      const p = model.table.layers[l];
      const weightOf = { q_proj: p.q, k_proj: p.k, v_proj: p.v, o_proj: p.o, gate_proj: p.gate, up_proj: p.up, down_proj: p.down };
      for (const a of [...layer.qkv, ...layer.o, ...layer.gateup, ...layer.down]) {
        const W = weightOf[a.target];
        expect(W.shape).toEqual([a.outDim, a.inDim]);
        const r = ad.table.config.rank;
        for (let o = 0; o < a.outDim; o++) {
          for (let c = 0; c < a.inDim; c++) {
            let s = 0;
            for (let j = 0; j < r; j++) s += ad.params[a.B.offset + o * r + j] * ad.params[a.A.offset + j * a.inDim + c];
            merged[W.offset + o * a.inDim + c] += ad.table.scale * s;
          }
        }
      }
    }
    const base = new ReferenceModel(gqa, model.table, merged, null, Float64Array);
    const tokens = randomBatch(gqa.vocabSize, 2, 6, 3).tokens;
    expectClose(model.forwardLogits(tokens, 2, 6), base.forwardLogits(tokens, 2, 6), { atol: 1e-10, rtol: 1e-10 }, 'logits');
  });
});

describe('LoRA config and table', () => {
  it('names tensors as PEFT does, (r, in) and (out, r); A kaiming-uniform within 1/√in, B zero', () => {
    const t = buildLoraTable(GQA_SMALL, { rank: 4, alpha: 8, targets: ['down_proj', 'k_proj'] });
    expect(t.config.targets).toEqual(['k_proj', 'down_proj']); // canonical order
    expect(t.entries.map((e) => [e.name, e.shape])).toEqual([
      ['model.layers.0.self_attn.k_proj.lora_A.weight', [4, 24]],
      ['model.layers.0.self_attn.k_proj.lora_B.weight', [8, 4]], // KVH·hd = 2·4
      ['model.layers.0.mlp.down_proj.lora_A.weight', [4, 40]],
      ['model.layers.0.mlp.down_proj.lora_B.weight', [24, 4]],
      ['model.layers.1.self_attn.k_proj.lora_A.weight', [4, 24]],
      ['model.layers.1.self_attn.k_proj.lora_B.weight', [8, 4]],
      ['model.layers.1.mlp.down_proj.lora_A.weight', [4, 40]],
      ['model.layers.1.mlp.down_proj.lora_B.weight', [24, 4]],
    ]);
    expect(t.entries.every((e) => e.offset % 64 === 0)).toBe(true); // each binds on its own
    expect(t.scale).toBe(2);
    const flat = initLora(t, 1);
    for (const e of t.entries) {
      const values = Array.from(flat.subarray(e.offset, e.offset + e.size));
      if (e.name.includes('lora_B')) expect(values.every((v) => v === 0), e.name).toBe(true);
      else {
        const bound = 1 / Math.sqrt(e.shape[1]);
        expect(Math.max(...values.map(Math.abs)), e.name).toBeLessThanOrEqual(bound);
        expect(Math.max(...values.map(Math.abs)), e.name).toBeGreaterThan(0.8 * bound);
      }
    }
    expect(bits(initLora(t, 1))).toEqual(bits(flat)); // seeded
  });

  it('refuses a bad rank, alpha or target', () => {
    expect(() => validateLora({ rank: 0, alpha: 1, targets: ['q_proj'] })).toThrow(/rank must be a positive integer/);
    expect(() => validateLora({ rank: 2.5, alpha: 1, targets: ['q_proj'] })).toThrow(/rank/);
    expect(() => validateLora({ rank: 2, alpha: 0, targets: ['q_proj'] })).toThrow(/alpha must be a positive number/);
    expect(() => validateLora({ rank: 2, alpha: 1, targets: [] })).toThrow(/at least one/);
    expect(() => validateLora({ rank: 2, alpha: 1, targets: ['qkv' as never] })).toThrow(/unknown target "qkv"/);
    expect(() => validateLora({ rank: 2, alpha: 1, targets: ['q_proj', 'q_proj'] })).toThrow(/twice/);
    return expect(createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 1, lora: { rank: -1, alpha: 1, targets: ['q_proj'] } })).rejects.toThrow(/rank/);
  });
});

describe('cpu engine with LoRA', () => {
  const lora = ALL_TARGETS;
  const lt = buildLoraTable(GQA_SMALL, lora);
  const baseNames = buildParamTable(GQA_SMALL).entries.map((e) => e.name);

  it('starts as the base model (B = 0); trains the adapters only, the base bit for bit unchanged', async () => {
    const plain = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 4 });
    const engine = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 4, lora });
    expect(engine.lora).toEqual(lora);
    const batch = randomBatch(GQA_SMALL.vocabSize, 2, 9, 1, 7);
    expect(await engine.loss(batch)).toBe(await plain.loss(batch));
    const grads = await engine.gradients(batch);
    expect(Object.keys(grads)).toEqual(lt.entries.map((e) => e.name));
    // B = 0: no signal reaches A yet, but B's gradient is the one that starts the adapter.
    expect(grads['model.layers.0.self_attn.q_proj.lora_A.weight'].every((v) => v === 0)).toBe(true);
    expect(grads['model.layers.0.self_attn.q_proj.lora_B.weight'].some((v) => v !== 0)).toBe(true);

    const before = await engine.readParams();
    expect(Object.keys(before).sort()).toEqual([...baseNames, ...lt.entries.map((e) => e.name)].sort());
    for (let s = 0; s < 3; s++) await engine.trainStep(randomBatch(GQA_SMALL.vocabSize, 2, 9, 10 + s, 7), hyper);
    const after = await engine.readParams();
    for (const name of baseNames) expect(bits(after[name]), name).toEqual(bits(before[name]));
    for (const e of lt.entries) expect(bits(after[e.name]), e.name).not.toEqual(bits(before[e.name]));
    const state = await engine.readOptimizerState();
    expect(state.step).toBe(3);
    expect(Object.keys(state.moments.m)).toEqual(lt.entries.map((e) => e.name));
    expect(await engine.loss(batch)).not.toBe(await plain.loss(batch));
  });

  it('writeParams: base required, adapters all or none, strangers refused', async () => {
    const engine = await createEngine({ backend: 'cpu', config: GQA_SMALL, seed: 4, lora });
    const all = await engine.readParams();
    const live = liveAdapters(GQA_SMALL, lora, 9);
    const base = Object.fromEntries(baseNames.map((n) => [n, all[n]]));
    await engine.writeParams({ ...base, ...live });
    expect(bits((await engine.readParams())['model.layers.1.mlp.up_proj.lora_B.weight'])).toEqual(bits(live['model.layers.1.mlp.up_proj.lora_B.weight']));
    await engine.writeParams(base); // a base checkpoint: the adapters stay
    expect(bits((await engine.readParams())['model.layers.1.mlp.up_proj.lora_B.weight'])).toEqual(bits(live['model.layers.1.mlp.up_proj.lora_B.weight']));
    const { ['model.layers.0.self_attn.o_proj.lora_A.weight']: _dropped, ...partial } = { ...base, ...live };
    await expect(engine.writeParams(partial)).rejects.toThrow(/Missing tensor model\.layers\.0\.self_attn\.o_proj\.lora_A\.weight/);
    await expect(engine.writeParams({ ...base, 'model.layers.0.self_attn.q_proj.lora_C.weight': new Float32Array(1) })).rejects.toThrow(/neither a parameter/);
    await expect(engine.writeParams(live)).rejects.toThrow(/Missing tensor model\.embed_tokens\.weight/);
  });
});
