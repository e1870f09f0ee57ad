// The rmsnorm op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { describe, it } from 'vitest';
import * as gpuOp from '../../src/engine/ops/rmsnorm';
import * as ref from '../../src/engine/reference/rmsnorm';
import { expectClose, randomArray } from '../helpers/numeric';
import { useGpu, withCase } from './op-harness';

export function rmsnormSuite(shapes: { N: number; C: number }[]): void {
  describe('rmsnorm: GPU vs CPU twin', () => {
    const gpu = useGpu();
    const eps = 1e-5;

    for (const { N, C } of shapes) {
      it(`forward and backward agree at N=${N}, C=${C}`, () =>
        withCase(gpu(), async (k) => {
          const inp = randomArray(N * C, 21, 2);
          const weight = randomArray(C, 22);
          const dout = randomArray(N * C, 23);
          const dinp0 = randomArray(N * C, 24); // accumulation onto existing gradients
          const dweight0 = randomArray(C, 25);
          const out = k.zeros('out', N * C);
          const rstd = k.zeros('rstd', N);
          const inpB = k.upload('inp', inp);
          const weightB = k.upload('weight', weight);
          const dinp = k.upload('dinp', dinp0);
          const dweight = k.upload('dweight', dweight0);
          const fwd = await gpuOp.rmsnormForward(k.gpu, out, rstd, inpB, weightB, N, C, eps);
          const bwd = await gpuOp.rmsnormBackward(k.gpu, dinp, dweight, k.upload('dout', dout), inpB, weightB, rstd, N, C);
          k.run(fwd, bwd);

          const want = new Float32Array(N * C);
          const wantRstd = new Float32Array(N);
          ref.rmsnormForward(want, wantRstd, inp, weight, N, C, eps);
          const wantDinp = dinp0.slice();
          const wantDweight = dweight0.slice();
          ref.rmsnormBackward(wantDinp, wantDweight, dout, inp, weight, wantRstd, N, C);
          // f32 row sums in a different order (tree vs sequential): a few ulps per element, more for
          // dweight, which sums N rows.
          const tol = { atol: 1e-5, rtol: 1e-5 };
          expectClose(await k.read(rstd, N), wantRstd, tol, 'rstd');
          expectClose(await k.read(out, N * C), want, tol, 'out');
          expectClose(await k.read(dinp, N * C), wantDinp, tol, 'dinp');
          expectClose(await k.read(dweight, C), wantDweight, { atol: 1e-5 * Math.sqrt(N), rtol: 1e-5 }, 'dweight');
        }));
    }
  });
}
