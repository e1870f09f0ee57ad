import { describe, expect, it } from 'vitest';
import { swigluBackward, swigluForward } from '../../../src/engine/reference/swiglu';
import { dot, expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference swiglu', () => {
  it('forward is silu(gate)·up', () => {
    const out = new Float64Array(2);
    swigluForward(out, Float64Array.of(0, 2, 5, 3), 1, 2); // gate (0, 2), up (5, 3)
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo((2 / (1 + Math.exp(-2))) * 3, 14);
  });

  it('backward matches central finite differences (f64, atol 1e-8)', () => {
    const [N, F] = [7, 33];
    const gateup = toF64(randomArray(N * 2 * F, 1, 4));
    const probe = toF64(randomArray(N * F, 2));
    const loss = () => {
      const out = new Float64Array(N * F);
      swigluForward(out, gateup, N, F);
      return dot(out, probe);
    };
    const d = new Float64Array(N * 2 * F).fill(0.25); // gradients accumulate onto what is there
    swigluBackward(d, probe, gateup, N, F);
    expectClose(d.map((v) => v - 0.25), finiteDifference(loss, gateup), { atol: 1e-8, rtol: 1e-6 }, 'dgateup');
  });
});
