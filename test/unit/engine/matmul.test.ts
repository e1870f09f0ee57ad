import { describe, expect, it } from 'vitest';
import { matmulBackward, matmulForward } from '../../../src/engine/reference/matmul';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference matmul', () => {
  it('forward is inp · Wᵀ with W in (OC, C) layout', () => {
    // inp (2,3), W (2,3): out[n][o] = Σ_c inp[n][c]·W[o][c]
    const out = new Float64Array(4);
    matmulForward(out, Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(1, 0, -1, 0.5, 0.5, 0.5), 2, 3, 2);
    expect(Array.from(out)).toEqual([-2, 3, -2, 7.5]);
  });

  it('backward matches central finite differences and accumulates (f64, atol 1e-8)', () => {
    const [N, C, OC] = [5, 7, 3];
    const inp = toF64(randomArray(N * C, 1));
    const weight = toF64(randomArray(OC * C, 2));
    const probe = toF64(randomArray(N * OC, 3));
    const loss = () => {
      const out = new Float64Array(N * OC);
      matmulForward(out, inp, weight, N, C, OC);
      return dot(out, probe);
    };
    const dinp0 = toF64(randomArray(N * C, 4)); // gradients accumulate onto what is there
    const dw0 = toF64(randomArray(OC * C, 5));
    const dinp = dinp0.slice();
    const dweight = dw0.slice();
    matmulBackward(dinp, dweight, probe, inp, weight, N, C, OC);
    expectClose(dinp.map((v, i) => v - dinp0[i]), finiteDifference(loss, inp), { atol: 1e-8, rtol: 1e-6 }, 'dinp');
    expectClose(dweight.map((v, i) => v - dw0[i]), finiteDifference(loss, weight), { atol: 1e-8, rtol: 1e-6 }, 'dweight');
  });
});
