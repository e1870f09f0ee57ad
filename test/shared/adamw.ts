// The AdamW op (grad norm + step) on the GPU against its CPU twin; gpu tier (Dawn) and browser tier (Chromium).
import { describe, expect, it } from 'vitest';
import * as gpuOp from '../../src/engine/ops/adamw';
import * as ref from '../../src/engine/reference/adamw';
import { expectClose, randomArray } from '../helpers/numeric';
import { useGpu, withCase } from './op-harness';

// f32 on both sides but the reference keeps intermediates in f64, and the GPU's Σg² sums in another
// order (a relative 1e-6 change of the clip factor): a few ulps per step.
const TOL = { atol: 1e-6, rtol: 1e-5 };
const NORM_TOL = { atol: 0, rtol: 1e-5 };

const HYPER = { lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

/** clip 'on' sets gradClip to 0.75·‖g‖ of the last step's gradients: the last step clips; earlier, smaller ones (scale grows with the step) mostly do not. */
export function adamwSuite(cases: { n: number; decayEnd: number; steps: number; clips: ('off' | 'on')[] }[], large = false): void {
  describe('adamw: GPU vs CPU twin', () => {
    const gpu = useGpu();

    for (const { n, decayEnd, steps, clips } of cases) {
      for (const clip of clips) {
        it(`${steps} steps agree at n=${n}, decayEnd=${decayEnd}, clip ${clip} (atol ${TOL.atol}, rtol ${TOL.rtol})`, () =>
          withCase(gpu(), async (k) => {
            const params = randomArray(n, 81);
            const m = new Float32Array(n);
            const v = new Float32Array(n);
            const pB = k.upload('params', params);
            const gB = k.zeros('grads', n);
            const mB = k.zeros('m', n);
            const vB = k.zeros('v', n);
            const adamw = await gpuOp.createAdamw(k.gpu, { params: pB, grads: gB, m: mB, v: vB, n, decayEnd });
            const gradsAt = (step: number) => randomArray(n, 90 + step, 0.05 * step);
            const gradClip = clip === 'on' ? 0.75 * Math.sqrt(ref.gradNormSquared(gradsAt(steps), n)) : 0;
            let clipped = 0;
            for (let step = 1; step <= steps; step++) {
              const grads = gradsAt(step);
              k.write(gB, grads);
              adamw.update({ ...HYPER, gradClip, step });
              k.run(adamw.dispatches);

              const normSq = ref.gradNormSquared(grads, n);
              expectClose(await k.read(adamw.normBuffer, 1), [normSq], NORM_TOL, `Σg² at step ${step}`);
              const gradScale = ref.clipScale(normSq, gradClip);
              if (gradScale < 1) clipped++;
              ref.adamwStep(params, grads, m, v, n, decayEnd, { ...HYPER, step, gradScale });
            }
            if (gradClip > 0) expect(clipped, 'steps where the clip kicked in').toBeGreaterThan(0);
            expectClose(await k.read(mB, n), m, TOL, 'm');
            expectClose(await k.read(vB, n), v, TOL, 'v');
            expectClose(await k.read(pB, n), params, TOL, 'params');
          }));
      }
    }

    if (large) {
      it('covers a flat buffer past 65535 workgroups of 256 (two-dimensional grid), clipped', () =>
        withCase(gpu(), async (k) => {
          const n = 256 * 65535 + 7;
          const decayEnd = n - 3;
          const grads = randomArray(n, 97);
          // Params, m and v start at zero without uploads; only the grads travel.
          const [pB, mB, vB] = [k.empty('params', n), k.empty('m', n), k.empty('v', n)];
          const adamw = await gpuOp.createAdamw(k.gpu, { params: pB, grads: k.upload('grads', grads), m: mB, v: vB, n, decayEnd });
          const normSq = ref.gradNormSquared(grads, n);
          const gradClip = 0.5 * Math.sqrt(normSq);
          adamw.update({ ...HYPER, gradClip, step: 1 });
          k.run(adamw.dispatches);
          expectClose(await k.read(adamw.normBuffer, 1), [normSq], NORM_TOL, 'Σg²');
          // An elementwise update: check the first rows and the tail past the one-dimensional limit against the twin on those slices.
          for (const [start, len] of [[0, 4096], [256 * 65535 - 1000, 1007]]) {
            const want = new Float32Array(len);
            ref.adamwStep(want, grads.subarray(start, start + len), new Float32Array(len), new Float32Array(len), len, decayEnd - start, { ...HYPER, step: 1, gradScale: 0.5 });
            expectClose(await k.read(pB, len, start), want, TOL, `params[${start}, ${start + len})`);
          }
        }));
    }

    it('clipping scales the update: a clipped step equals an unclipped step on grads · clip/‖g‖', () =>
      withCase(gpu(), async (k) => {
        const n = 4097;
        const grads = randomArray(n, 99, 0.5);
        const norm = Math.sqrt(ref.gradNormSquared(grads, n));
        const scaled = grads.map((g) => g * (0.5 / norm));
        const results: Float32Array[] = [];
        for (const [g, clip] of [[grads, 0.5], [scaled, 0]] as const) {
          const pB = k.upload('params', randomArray(n, 98));
          const adamw = await gpuOp.createAdamw(k.gpu, { params: pB, grads: k.upload('grads', g), m: k.zeros('m', n), v: k.zeros('v', n), n, decayEnd: n });
          adamw.update({ ...HYPER, gradClip: clip, step: 3 });
          k.run(adamw.dispatches);
          results.push(await k.read(pB, n));
        }
        expect(norm).toBeGreaterThan(0.5);
        expectClose(results[0], results[1], TOL, 'params');
      }));
  });
}
