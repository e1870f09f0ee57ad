// Generation on the GPU against the CPU: the decode ops against their twins, then whole generate() runs
// (greedy, mixed lengths, sampling, stops). Run by the gpu tier (Dawn) and the browser tier (Chromium).
import { describe, expect, it } from 'vitest';
import type { Engine, GenerateOptions } from '../../src/engine';
import { presetConfig, type ModelConfig } from '../../src/engine/config';
import { buildParamTable, unflatten } from '../../src/engine/params';
import * as ops from '../../src/engine/ops/decode';
import { attentionDecode } from '../../src/engine/ops/attention_decode';
import { sampleForward } from '../../src/engine/ops/sample';
import * as ref from '../../src/engine/reference/decode';
import { attentionDecode as attentionDecodeRef } from '../../src/engine/reference/attention_decode';
import { sampleForward as sampleRef } from '../../src/engine/reference/sample';
import { bufferStats, readInt32 } from '../../src/gpu';
import { loadCheckpoint, restoreEngine, saveEngine } from '../../src/engine/checkpoint';
import { randomBatch } from '../helpers/batches';
import type { WebGpuEngine } from '../../src/engine/webgpu/engine';
import { GpuDecoder } from '../../src/engine/webgpu/generate';
import { expectClose, randomArray } from '../helpers/numeric';
import { GQA_SMALL, PROMPTS, sharpParams } from '../helpers/generation';
import { useGpu, withCase } from './op-harness';

async function sharpEngine(backend: 'webgpu' | 'cpu', c: ModelConfig): Promise<Engine> {
  const { createEngine } = await import('../../src/engine'); // lazily: the op suite runs without the whole engine
  const engine = await createEngine({ backend, config: c, seed: 1 });
  const table = buildParamTable(c);
  await engine.writeParams(unflatten(table, sharpParams(table, c, 3)));
  return engine;
}

// f32 on both sides, different summation orders and exp/cos implementations.
const TOL = { atol: 2e-5, rtol: 1e-4 };

export interface GenerateCase {
  name: string;
  config: ModelConfig;
  newTokens: number;
}

export const NANO_CASE: GenerateCase = { name: 'nano', config: presetConfig('nano', 41), newTokens: 12 };
export const GQA_CASE: GenerateCase = { name: 'odd GQA (H=6, KVH=2, untied)', config: GQA_SMALL, newTokens: 8 };

export function decodeOpsSuite(shape: { M: number; Tq: number; H: number; KVH: number; hd: number; S: number; V: number }): void {
  const { M, Tq, H, KVH, hd, S, V } = shape;
  describe(`decode ops: GPU vs CPU twin (M=${M}, Tq=${Tq}, H=${H}, KVH=${KVH}, hd=${hd}, S=${S})`, () => {
    const gpu = useGpu();
    // slot 1 is padding; slot 2 starts deeper in the cache with a short chunk
    const slots = Int32Array.from([1, 0, Tq, 0, -1, 0, 0, 0, 0, 3, Math.max(1, Tq - 2), 5].slice(0, M * 4));

    it(`kv_append, attention_decode and gather_last agree (atol ${TOL.atol}, rtol ${TOL.rtol})`, () =>
      withCase(gpu(), async (k) => {
        const heads = H + 2 * KVH;
        const qkv = randomArray(M * Tq * heads * hd, 1);
        const cacheInit = randomArray(2 * KVH * S * hd, 2); // 2 cache rows, earlier positions already filled
        const [kc, vc] = [cacheInit.slice(), randomArray(2 * KVH * S * hd, 3)];
        const bq = k.upload('qkv', qkv);
        const [bk, bv, bs] = [k.upload('kcache', kc), k.upload('vcache', vc), k.upload('slots', slots)];
        const bo = k.zeros('att', M * Tq * H * hd);
        const bl = k.zeros('last', M * H * hd);
        k.run(
          await ops.kvAppend(k.gpu, bq, bk, bv, bs, M, Tq, H, KVH, hd, S, 10000),
          await attentionDecode(k.gpu, bo, bq, bk, bv, bs, M, Tq, H, KVH, hd, S),
          await ops.gatherLast(k.gpu, bl, bo, bs, M, Tq, H * hd),
        );
        ref.kvAppend(qkv, kc, vc, slots, M, Tq, H, KVH, hd, S, 10000);
        const att = new Float32Array(M * Tq * H * hd);
        attentionDecodeRef(att, qkv, kc, vc, slots, M, Tq, H, KVH, hd, S);
        const last = new Float32Array(M * H * hd);
        ref.gatherLast(last, att, slots, M, Tq, H * hd);
        expectClose(await k.read(bk, kc.length), kc, TOL, 'k cache');
        expectClose(await k.read(bv, vc.length), vc, TOL, 'v cache');
        expectClose(await k.read(bo, att.length), att, TOL, 'attention');
        expectClose(await k.read(bl, last.length), last, TOL, 'last');
      }));

    it('sample: greedy and seeded top-k/top-p draws equal the twin', () =>
      withCase(gpu(), async (k) => {
        const logits = randomArray(M * V, 4, 3);
        const [bl, bs, bi] = [k.upload('logits', logits), k.upload('slots', slots), k.upload('ids', new Int32Array(M).fill(-7))];
        const op = await sampleForward(k.gpu, bi, bl, bs, M, V);
        for (const p of [{ temperature: 0, topK: 0, topP: 1, seed: 0 }, { temperature: 0.7, topK: 5, topP: 0.9, seed: 77 }, { temperature: 1.3, topK: 0, topP: 1, seed: 5 }]) {
          op.update(p);
          k.run(op);
          const want = new Int32Array(M).fill(-7);
          sampleRef(want, logits, slots, M, V, p);
          expect(Array.from(await readInt32(k.gpu.device, bi, M)), JSON.stringify(p)).toEqual(Array.from(want));
        }
      }));
  });
}

export function generateSuite(cases: GenerateCase[]): void {
  for (const { name, config, newTokens } of cases) {
    describe(`generate ${name}: webgpu vs cpu`, () => {
      const run = async (body: (gpu: Engine, cpu: Engine) => Promise<void>) => {
        const [gpu, cpu] = [await sharpEngine('webgpu', config), await sharpEngine('cpu', config)];
        try {
          await body(gpu, cpu);
        } finally {
          gpu.destroy();
          cpu.destroy();
        }
      };
      const greedy: GenerateOptions = { maxNewTokens: newTokens, temperature: 0, seed: 0 };

      it('greedy: webgpu equals cpu; a mixed-length batch equals each prompt alone; KV cache equals recompute', () =>
        run(async (gpu, cpu) => {
          const g = await gpu.generate(PROMPTS, greedy);
          expect(g).toEqual(await cpu.generate(PROMPTS, greedy));
          expect(new Set(g.tokens[0]).size).toBeGreaterThan(2);
          for (let r = 0; r < PROMPTS.length; r++) expect((await gpu.generate([PROMPTS[r]], greedy)).tokens[0]).toEqual(g.tokens[r]);
          const w = gpu as WebGpuEngine; // the same kernels without the cache: every step recomputes the whole sequence
          const recompute = new GpuDecoder(w.gpu, config, w.table, w.paramsBuffer);
          expect(await recompute.run(PROMPTS, greedy, { recompute: true })).toEqual(g);
          recompute.destroy();
        }));

      it('sampling: the same seed gives the same samples, on both backends', () =>
        run(async (gpu, cpu) => {
          const opts = { maxNewTokens: newTokens, temperature: 0.8, topK: 12, topP: 0.9, seed: 2024 };
          const a = await gpu.generate(PROMPTS, opts);
          const created = bufferStats.created;
          expect(await gpu.generate(PROMPTS, opts)).toEqual(a);
          expect(bufferStats.created, 'GPU buffers created by a repeated generate call').toBe(created);
          expect(await cpu.generate(PROMPTS, opts)).toEqual(a);
        }));

      it('a checkpoint written by one backend loads into the other with the same outputs', () =>
        run(async (gpu, cpu) => {
          const h = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };
          await gpu.trainStep(randomBatch(config.vocabSize, 2, 8, 1), h); // now the two hold different weights
          await restoreEngine(cpu, loadCheckpoint(await saveEngine(gpu)));
          const batch = randomBatch(config.vocabSize, 2, 8, 2);
          expect(await cpu.loss(batch)).toBeCloseTo(await gpu.loss(batch), 4);
          expect(await cpu.generate(PROMPTS, greedy)).toEqual(await gpu.generate(PROMPTS, greedy));
          await cpu.trainStep(randomBatch(config.vocabSize, 2, 8, 3), h);
          await restoreEngine(gpu, loadCheckpoint(await saveEngine(cpu)));
          expect(await gpu.readParams()).toEqual(await cpu.readParams()); // f32 in, f32 out: bit-exact
        }));

      it('rows that stop early leave the batch; the rest continue as on the cpu', () =>
        run(async (gpu, cpu) => {
          const free = await cpu.generate(PROMPTS, greedy);
          const stop = [free.tokens[2].slice(1, 2), free.tokens[0].slice(4, 6)];
          const opts = { ...greedy, stop };
          const g = await gpu.generate(PROMPTS, opts);
          expect(g).toEqual(await cpu.generate(PROMPTS, opts));
          expect(g.finish).toContain('stop');
        }));
    });
  }
}
