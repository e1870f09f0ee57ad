// The embedding op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { describe, expect, it } from 'vitest';
import * as gpuOp from '../../src/engine/ops/embedding';
import * as ref from '../../src/engine/reference/embedding';
import { expectClose, randomArray } from '../helpers/numeric';
import { randomTokens, useGpu, withCase } from './op-harness';

export function embeddingSuite(shapes: { N: number; C: number; V: number }[]): void {
  describe('embedding: GPU vs CPU twin', () => {
    const gpu = useGpu();

    for (const { N, C, V } of shapes) {
      it(`forward and backward agree exactly at N=${N}, C=${C}, V=${V}`, () =>
        withCase(gpu(), async (k) => {
          const tokens = randomTokens(N, V, 5);
          const wte = randomArray(V * C, 6);
          const dout = randomArray(N * C, 7);
          const dwte0 = randomArray(V * C, 8); // accumulation onto existing gradients
          const out = k.zeros('out', N * C);
          const tok = k.upload('tokens', tokens);
          const dwte = k.upload('dwte', dwte0);
          const order = k.upload('order', new Int32Array(N));
          const segStart = k.upload('segStart', new Int32Array(N + 1));
          const fwd = await gpuOp.embeddingForward(k.gpu, out, tok, k.upload('wte', wte), N, C);
          const bwd = await gpuOp.embeddingBackward(k.gpu, dwte, k.upload('dout', dout), tok, order, segStart, N, C);
          gpuOp.writeEmbeddingBuckets(k.gpu.device, order, segStart, tokens);
          k.run(fwd, bwd);

          const want = new Float32Array(N * C);
          ref.embeddingForward(want, tokens, wte, N, C);
          const wantD = dwte0.slice();
          ref.embeddingBackward(wantD, dout, tokens, N, C);
          // A gather is a copy, and each row of dwte is summed in the same order on both sides: tolerance 0.
          expectClose(await k.read(out, N * C), want, { atol: 0, rtol: 0 }, 'out');
          expectClose(await k.read(dwte, V * C), wantD, { atol: 0, rtol: 0 }, 'dwte');
        }));
    }

    it('backward is bit-identical across runs (no atomics)', () =>
      withCase(gpu(), async (k) => {
        const [N, C, V] = [64, 9, 5]; // many repeats of few tokens
        const tokens = randomTokens(N, V, 9);
        const tok = k.upload('tokens', tokens);
        const dout = k.upload('dout', randomArray(N * C, 10));
        const order = k.upload('order', new Int32Array(N));
        const segStart = k.upload('segStart', new Int32Array(N + 1));
        gpuOp.writeEmbeddingBuckets(k.gpu.device, order, segStart, tokens);
        const results: Float32Array[] = [];
        for (let r = 0; r < 2; r++) {
          const dwte = k.zeros('dwte', V * C);
          k.run(await gpuOp.embeddingBackward(k.gpu, dwte, dout, tok, order, segStart, N, C));
          results.push(await k.read(dwte, V * C));
        }
        expect(Array.from(results[1])).toEqual(Array.from(results[0]));
      }));
  });
}
