import { describe, expect, it } from 'vitest';
import { rmsnormBackward, rmsnormForward } from '../../../src/engine/reference/rmsnorm';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference rmsnorm', () => {
  it('forward normalises each row to unit root-mean-square before the weight', () => {
    const out = new Float64Array(2);
    const rstd = new Float64Array(1);
    rmsnormForward(out, rstd, Float64Array.of(3, 4), Float64Array.of(1, 2), 1, 2, 0);
    expect(rstd[0]).toBeCloseTo(1 / Math.sqrt(12.5), 12);
    expect(out[0]).toBeCloseTo(3 / Math.sqrt(12.5), 12);
    expect(out[1]).toBeCloseTo(8 / Math.sqrt(12.5), 12);
  });

  it('backward matches central finite differences (f64, atol 1e-7)', () => {
    const [N, C, eps] = [7, 33, 1e-5];
    const inp = toF64(randomArray(N * C, 1));
    const weight = toF64(randomArray(C, 2, 2));
    const probe = toF64(randomArray(N * C, 3));
    const loss = () => {
      const out = new Float64Array(N * C);
      rmsnormForward(out, new Float64Array(N), inp, weight, N, C, eps);
      return dot(out, probe);
    };
    const rstd = new Float64Array(N);
    rmsnormForward(new Float64Array(N * C), rstd, inp, weight, N, C, eps);
    const dinp = new Float64Array(N * C).fill(0.25); // gradients accumulate onto what is there
    const dweight = new Float64Array(C).fill(-0.5);
    rmsnormBackward(dinp, dweight, probe, inp, weight, rstd, N, C);
    const tol = { atol: 1e-7, rtol: 1e-6 };
    expectClose(dinp.map((v) => v - 0.25), finiteDifference(loss, inp), tol, 'dinp');
    expectClose(dweight.map((v) => v + 0.5), finiteDifference(loss, weight), tol, 'dweight');
  });
});
