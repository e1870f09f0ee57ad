// The cross-entropy op on the GPU against its CPU twin and the weighting rules; gpu tier (Dawn) and browser tier (Chromium).
import { describe, expect, it } from 'vitest';
import * as gpuOp from '../../src/engine/ops/cross_entropy';
import * as ref from '../../src/engine/reference/cross_entropy';
import { expectClose, randomArray } from '../helpers/numeric';
import { randomTokens, useGpu, withCase, type OpCase } from './op-harness';

// f32 log-sum-exp over V terms (tree vs sequential, GPU exp vs Math.exp): losses to 1e-5 relative;
// dlogits are w·(p − onehot) with p ≈ 1/V, so their absolute floor scales with the weights.
const LOSS_TOL = { atol: 1e-6, rtol: 1e-5 };
const GRAD_TOL = { atol: 1e-7, rtol: 1e-4 };

/** Raw weights in [0, 1] with every fourth token padding (0), divided by their sum. */
function normalisedWeights(N: number, seed: number, scale = 1): Float32Array {
  const raw = randomArray(N, seed).map((x, i) => (i % 4 === 1 ? 0 : scale * (Math.abs(x) + 0.1)));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

async function gpuLosses(k: OpCase, logits: GPUBuffer, targets: Int32Array, weights: Float32Array, N: number, V: number): Promise<Float32Array> {
  const losses = k.zeros('losses', N);
  k.run(await gpuOp.crossEntropyForward(k.gpu, losses, logits, k.upload('targets', targets), k.upload('weights', weights), N, V));
  return k.read(losses, N);
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);

export function crossEntropySuite(shapes: { N: number; V: number }[]): void {
  describe('cross_entropy: GPU vs CPU twin', () => {
    const gpu = useGpu();

    for (const { N, V } of shapes) {
      it(`losses and dlogits (separate, in place, and fused in one pass) agree at N=${N}, V=${V}`, () =>
        withCase(gpu(), async (k) => {
          const logits = randomArray(N * V, 51, 4);
          const targets = randomTokens(N, V, 52);
          const weights = normalisedWeights(N, 53);
          const logitsB = k.upload('logits', logits);
          const tB = k.upload('targets', targets);
          const wB = k.upload('weights', weights);
          const losses = k.zeros('losses', N);
          const dlogits = k.upload('dlogits', randomArray(N * V, 54)); // overwritten
          const inPlace = k.upload('logits (in place)', logits);
          const fusedLosses = k.upload('losses (fused)', randomArray(N, 55)); // overwritten
          const fused = k.upload('logits (fused)', logits);
          const fwd = await gpuOp.crossEntropyForward(k.gpu, losses, logitsB, tB, wB, N, V);
          const bwd = await gpuOp.crossEntropyBackward(k.gpu, dlogits, logitsB, tB, wB, N, V);
          const bwdInPlace = await gpuOp.crossEntropyBackward(k.gpu, inPlace, inPlace, tB, wB, N, V);
          const both = await gpuOp.crossEntropyForwardBackward(k.gpu, fusedLosses, fused, tB, wB, N, V);
          k.run(fwd, bwd, bwdInPlace, both);

          const wantLosses = new Float32Array(N);
          ref.crossEntropyForward(wantLosses, logits, targets, weights, N, V);
          const wantD = new Float32Array(N * V);
          ref.crossEntropyBackward(wantD, logits, targets, weights, N, V);
          expectClose(await k.read(losses, N), wantLosses, LOSS_TOL, 'losses');
          expectClose(await k.read(dlogits, N * V), wantD, GRAD_TOL, 'dlogits');
          expectClose(await k.read(inPlace, N * V), wantD, GRAD_TOL, 'dlogits in place');
          expectClose(await k.read(fusedLosses, N), wantLosses, LOSS_TOL, 'losses (fused)');
          expectClose(await k.read(fused, N * V), wantD, GRAD_TOL, 'dlogits (fused)');
        }));
    }

    const [N, V] = [9, 257];
    it('zero-weight tokens give exactly zero loss and gradient, even on extreme logits', () =>
      withCase(gpu(), async (k) => {
        const logits = randomArray(N * V, 61, 50).map((x, i) => (i % 7 === 0 ? 3e38 : x));
        const targets = randomTokens(N, V, 62);
        const weights = normalisedWeights(N, 63);
        const inPlace = k.upload('logits', logits);
        const fused = k.upload('logits (fused)', logits);
        const fusedLossesB = k.upload('losses (fused)', new Float32Array(N).fill(1)); // overwritten
        const [tB, wB] = [k.upload('targets', targets), k.upload('weights', weights)];
        const losses = await gpuLosses(k, k.upload('logits (loss)', logits), targets, weights, N, V);
        k.run(await gpuOp.crossEntropyBackward(k.gpu, inPlace, inPlace, tB, wB, N, V), await gpuOp.crossEntropyForwardBackward(k.gpu, fusedLossesB, fused, tB, wB, N, V));
        const [d, dFused, fusedLosses] = [await k.read(inPlace, N * V), await k.read(fused, N * V), await k.read(fusedLossesB, N)];
        for (let i = 1; i < N; i += 4) {
          expect(losses[i]).toBe(0);
          expect(fusedLosses[i]).toBe(0);
          expect(d.subarray(i * V, (i + 1) * V).every((x) => x === 0)).toBe(true);
          expect(dFused.subarray(i * V, (i + 1) * V).every((x) => x === 0)).toBe(true);
        }
      }));

    it('doubling every raw weight leaves the loss unchanged; the loss is Σ w·ce / Σ w (f64, rtol 1e-5)', () =>
      withCase(gpu(), async (k) => {
        const logits = randomArray(N * V, 71, 4);
        const targets = randomTokens(N, V, 72);
        const logitsB = k.upload('logits', logits);
        const once = sum(await gpuLosses(k, logitsB, targets, normalisedWeights(N, 73), N, V));
        const twice = sum(await gpuLosses(k, logitsB, targets, normalisedWeights(N, 73, 2), N, V));
        expect(twice).toBe(once);

        const raw = randomArray(N, 73).map((x, i) => (i % 4 === 1 ? 0 : Math.abs(x) + 0.1));
        let num = 0;
        for (let i = 0; i < N; i++) {
          let m = -Infinity;
          for (let j = 0; j < V; j++) m = Math.max(m, logits[i * V + j]);
          let s = 0;
          for (let j = 0; j < V; j++) s += Math.exp(logits[i * V + j] - m);
          num += raw[i] * (m + Math.log(s) - logits[i * V + targets[i]]);
        }
        expectClose([once], [num / sum(raw)], { atol: 0, rtol: 1e-5 }, 'loss');
      }));
  });
}
