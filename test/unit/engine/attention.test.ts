import { describe, expect, it } from 'vitest';
import { attentionBackward, attentionForward } from '../../../src/engine/reference/attention';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference attention', () => {
  it('is causal: the first position returns its own value row; lse is log Σ exp of the scores', () => {
    const [B, T, H, KVH, hd] = [1, 3, 1, 1, 2];
    const qkv = toF64(randomArray(B * T * (H + 2 * KVH) * hd, 7));
    const out = new Float64Array(B * T * H * hd);
    const lse = new Float64Array(B * H * T);
    attentionForward(out, lse, qkv, B, T, H, KVH, hd);
    expect(out[0]).toBeCloseTo(qkv[4], 12); // row 0: v head starts at (H + KVH)·hd = 4
    expect(out[1]).toBeCloseTo(qkv[5], 12);
    const s00 = (qkv[0] * qkv[2] + qkv[1] * qkv[3]) / Math.sqrt(hd);
    expect(lse[0]).toBeCloseTo(s00, 12);
  });

  // GQA H=4, KVH=2; T=5 is no multiple of any tile; hd=3 (the twin takes any hd).
  for (const [B, T, H, KVH, hd] of [
    [2, 5, 4, 2, 3],
    [1, 4, 2, 2, 4],
  ]) {
    it(`backward matches central finite differences at B=${B} T=${T} H=${H} KVH=${KVH} hd=${hd} (f64, atol 1e-7)`, () => {
      const n = B * T * (H + 2 * KVH) * hd;
      const qkv = toF64(randomArray(n, 1));
      const probe = toF64(randomArray(B * T * H * hd, 2));
      const out = new Float64Array(B * T * H * hd);
      const lse = new Float64Array(B * H * T);
      const loss = () => {
        attentionForward(out, lse, qkv, B, T, H, KVH, hd);
        return dot(out, probe);
      };
      const fd = finiteDifference(loss, qkv);
      loss(); // out and lse at the unperturbed point
      const d0 = toF64(randomArray(n, 3)); // gradients accumulate onto what is there
      const dqkv = d0.slice();
      attentionBackward(dqkv, probe, out, lse, qkv, B, T, H, KVH, hd);
      expectClose(dqkv.map((v, i) => v - d0[i]), fd, { atol: 1e-7, rtol: 1e-6 }, 'dqkv');
    });
  }
});
