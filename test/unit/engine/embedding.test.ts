import { describe, expect, it } from 'vitest';
import { embeddingBackward, embeddingBuckets, embeddingForward } from '../../../src/engine/reference/embedding';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference embedding', () => {
  it('forward gathers rows', () => {
    const wte = Float64Array.of(1, 2, 3, 4, 5, 6); // (V=3, C=2)
    const out = new Float64Array(6);
    embeddingForward(out, Int32Array.of(2, 0, 2), wte, 3, 2);
    expect(Array.from(out)).toEqual([5, 6, 1, 2, 5, 6]);
  });

  it('backward matches central finite differences (f64, atol 1e-8)', () => {
    const [N, C, V] = [7, 5, 4];
    const tokens = Int32Array.of(3, 1, 3, 0, 3, 1, 2);
    const wte = toF64(randomArray(V * C, 1));
    const probe = toF64(randomArray(N * C, 2));
    const loss = () => {
      const out = new Float64Array(N * C);
      embeddingForward(out, tokens, wte, N, C);
      return dot(out, probe);
    };
    const dwte = new Float64Array(V * C).fill(0.5); // gradients accumulate onto what is there
    embeddingBackward(dwte, probe, tokens, N, C);
    expectClose(dwte.map((v) => v - 0.5), finiteDifference(loss, wte), { atol: 1e-8, rtol: 1e-6 }, 'dwte');
  });

  it('buckets group positions by token, ascending within a token', () => {
    const b = embeddingBuckets(Int32Array.of(3, 1, 3, 0, 3, 1, 2));
    expect(Array.from(b.order)).toEqual([3, 1, 5, 6, 0, 2, 4]);
    expect(b.unique).toBe(4);
    expect(Array.from(b.segStart)).toEqual([0, 1, 3, 4, 7, 7, 7, 7]);
  });
});
