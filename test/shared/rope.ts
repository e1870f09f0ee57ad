// The rope op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { describe, it } from 'vitest';
import * as gpuOp from '../../src/engine/ops/rope';
import * as ref from '../../src/engine/reference/rope';
import type { Rope } from '../../src/engine/rope-frequencies';
import { expectClose, randomArray } from '../helpers/numeric';
import { useGpu, withCase } from './op-harness';

export interface RopeShape {
  B: number;
  T: number;
  H: number;
  KVH: number;
  hd: number;
  posOffset: number;
}

// Angles are rounded to f32 identically on both sides; only cos/sin differ (GPU: its own ~1-ulp polynomials).
const TOL = { atol: 2e-6, rtol: 2e-6 };

/** `rope`: theta, or theta with a rope_scaling (the frequencies both sides take from rope-frequencies.ts). */
export function ropeSuite(shapes: RopeShape[], rope: Rope = 10000): void {
  const scaled = typeof rope === 'object' && rope.scaling ? ` with ${rope.scaling.type} scaling` : '';
  describe(`rope${scaled}: GPU vs CPU twin`, () => {
    const gpu = useGpu();

    for (const { B, T, H, KVH, hd, posOffset } of shapes) {
      it(`forward and backward agree at B=${B}, T=${T}, H=${H}, KVH=${KVH}, hd=${hd}, posOffset=${posOffset} (atol ${TOL.atol})`, () =>
        withCase(gpu(), async (k) => {
          const n = B * T * (H + 2 * KVH) * hd;
          const x = randomArray(n, 31);
          const dx = randomArray(n, 32);
          const qkv = k.upload('qkv', x);
          const dqkv = k.upload('dqkv', dx);
          // Built at offset 0, then moved: the uniform update must take effect without a rebuild.
          const fwd = await gpuOp.ropeForward(k.gpu, qkv, B, T, H, KVH, hd, rope);
          const bwd = await gpuOp.ropeBackward(k.gpu, dqkv, B, T, H, KVH, hd, rope);
          fwd.setPosOffset(posOffset);
          bwd.setPosOffset(posOffset);
          k.run(fwd, bwd);

          const want = x.slice();
          ref.ropeForward(want, B, T, H, KVH, hd, rope, posOffset);
          const wantD = dx.slice();
          ref.ropeBackward(wantD, B, T, H, KVH, hd, rope, posOffset);
          expectClose(await k.read(qkv, n), want, TOL, 'qkv');
          expectClose(await k.read(dqkv, n), wantD, TOL, 'dqkv');
        }));
    }
  });
}
