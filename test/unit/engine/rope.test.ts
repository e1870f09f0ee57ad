import { describe, expect, it } from 'vitest';
import { ropeBackward, ropeForward } from '../../../src/engine/reference/rope';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference rope', () => {
  it('forward follows the rotate-half convention and leaves v alone', () => {
    // B=1, T=2, H=1, KVH=1, hd=2: heads q, k, v; position 1 rotates by 1 radian (i = 0).
    const qkv = Float64Array.of(1, 2, 3, 4, 5, 6, 1, 0, 0, 1, 7, 8);
    ropeForward(qkv, 1, 2, 1, 1, 2, 10000);
    expect(Array.from(qkv.subarray(0, 6))).toEqual([1, 2, 3, 4, 5, 6]); // position 0: identity
    const [c, s] = [Math.cos(1), Math.sin(1)];
    expectClose(qkv.subarray(6), [c, s, -s, c, 7, 8], { atol: 1e-15, rtol: 0 }, 'position 1');
  });

  it('backward matches central finite differences (f64, atol 1e-8), with GQA and a position offset', () => {
    const [B, T, H, KVH, hd, theta, off] = [2, 3, 4, 2, 6, 10000, 5];
    const n = B * T * (H + 2 * KVH) * hd;
    const x = toF64(randomArray(n, 1));
    const probe = toF64(randomArray(n, 2));
    const loss = () => {
      const y = x.slice();
      ropeForward(y, B, T, H, KVH, hd, theta, off);
      return dot(y, probe);
    };
    const d = probe.slice();
    ropeBackward(d, B, T, H, KVH, hd, theta, off);
    expectClose(d, finiteDifference(loss, x), { atol: 1e-8, rtol: 1e-6 }, 'dqkv');
  });
});
