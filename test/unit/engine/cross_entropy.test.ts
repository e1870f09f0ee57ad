import { describe, expect, it } from 'vitest';
import { crossEntropyBackward, crossEntropyForward } from '../../../src/engine/reference/cross_entropy';
import { expectClose, finiteDifference, randomArray, toF64 } from '../../helpers/numeric';

describe('reference cross_entropy', () => {
  it('forward is the weighted negative log-likelihood', () => {
    const losses = new Float64Array(2);
    const total = crossEntropyForward(losses, Float64Array.of(0, 0, 1000, 0), Int32Array.of(1, 0), Float64Array.of(0.5, 0.5), 2, 2);
    expect(losses[0]).toBeCloseTo(0.5 * Math.log(2), 14);
    expect(losses[1]).toBe(0); // log-sum-exp is shifted by the max: no overflow
    expect(total).toBe(losses[0] + losses[1]);
  });

  it('backward matches central finite differences (f64, atol 1e-8), zero weights included', () => {
    const [N, V] = [7, 33];
    const logits = toF64(randomArray(N * V, 1, 3));
    const targets = Int32Array.from({ length: N }, (_, i) => (i * 5) % V);
    const weights = Float64Array.of(0.2, 0, 0.1, 0.3, 0, 0.25, 0.15);
    const loss = () => crossEntropyForward(new Float64Array(N), logits, targets, weights, N, V);
    const d = new Float64Array(N * V).fill(9); // overwritten, not accumulated
    crossEntropyBackward(d, logits, targets, weights, N, V);
    expectClose(d, finiteDifference(loss, logits), { atol: 1e-8, rtol: 1e-6 }, 'dlogits');
    expect(d.subarray(V, 2 * V).every((x) => x === 0)).toBe(true);
  });

  it('backward may write over its logits', () => {
    const [N, V] = [3, 10];
    const logits = randomArray(N * V, 2, 3);
    const targets = Int32Array.of(1, 9, 4);
    const weights = Float32Array.of(0.5, 0.25, 0.25);
    const want = new Float32Array(N * V);
    crossEntropyBackward(want, logits, targets, weights, N, V);
    crossEntropyBackward(logits, logits, targets, weights, N, V);
    expect(Array.from(logits)).toEqual(Array.from(want));
  });
});
