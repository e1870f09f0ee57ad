// The swiglu op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { describe, it } from 'vitest';
import * as gpuOp from '../../src/engine/ops/swiglu';
import * as ref from '../../src/engine/reference/swiglu';
import { expectClose, randomArray } from '../helpers/numeric';
import { useGpu, withCase } from './op-harness';

// exp differs by a few ulps between the GPU and Math.exp: relative 1e-5 with a small floor.
const TOL = { atol: 1e-6, rtol: 1e-5 };

export function swigluSuite(shapes: { N: number; F: number }[]): void {
  describe('swiglu: GPU vs CPU twin', () => {
    const gpu = useGpu();

    for (const { N, F } of shapes) {
      it(`forward and backward agree at N=${N}, F=${F} (rtol ${TOL.rtol})`, () =>
        withCase(gpu(), async (k) => {
          const gateup = randomArray(N * 2 * F, 41, 8); // gates in [-8, 8): both tails of the sigmoid
          const dout = randomArray(N * F, 42);
          const d0 = randomArray(N * 2 * F, 43); // accumulation onto existing gradients
          const out = k.zeros('out', N * F);
          const gu = k.upload('gateup', gateup);
          const dgu = k.upload('dgateup', d0);
          const fwd = await gpuOp.swigluForward(k.gpu, out, gu, N, F);
          const bwd = await gpuOp.swigluBackward(k.gpu, dgu, k.upload('dout', dout), gu, N, F);
          k.run(fwd, bwd);

          const want = new Float32Array(N * F);
          ref.swigluForward(want, gateup, N, F);
          const wantD = d0.slice();
          ref.swigluBackward(wantD, dout, gateup, N, F);
          expectClose(await k.read(out, N * F), want, TOL, 'out');
          expectClose(await k.read(dgu, N * 2 * F), wantD, TOL, 'dgateup');
        }));
    }
  });
}
