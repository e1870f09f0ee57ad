import { describe, expect, it } from 'vitest';
import { residualBackward, residualForward } from '../../../src/engine/reference/residual';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference residual', () => {
  it('forward adds elementwise', () => {
    const out = new Float64Array(3);
    residualForward(out, Float64Array.of(1, 2, 3), Float64Array.of(10, -2, 0.5), 3);
    expect(Array.from(out)).toEqual([11, 0, 3.5]);
  });

  it('backward matches central finite differences (f64, atol 1e-8)', () => {
    const n = 7 * 33;
    const a = toF64(randomArray(n, 1));
    const b = toF64(randomArray(n, 2));
    const probe = toF64(randomArray(n, 3));
    const loss = () => {
      const out = new Float64Array(n);
      residualForward(out, a, b, n);
      return dot(out, probe);
    };
    const da = new Float64Array(n).fill(0.25); // gradients accumulate onto what is there
    const db = new Float64Array(n);
    residualBackward(da, db, probe, n);
    expectClose(da.map((v) => v - 0.25), finiteDifference(loss, a), { atol: 1e-8, rtol: 1e-6 }, 'da');
    expectClose(db, finiteDifference(loss, b), { atol: 1e-8, rtol: 1e-6 }, 'db');
  });
});
