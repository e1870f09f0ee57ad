// The LoRA op on the GPU (shaders/lora.wgsl + two matmuls) against its CPU twin, on odd shapes and on
// vec4-friendly ones, with the adapter's columns inside a wider output (as q, k, v in the fused qkv).
import { describe, expect, it } from 'vitest';
import { loraBackward, loraForward, type LoraShape } from '../../src/engine/ops/lora';
import { matmulBackward } from '../../src/engine/ops/matmul';
import { rmsnormBackward } from '../../src/engine/ops/rmsnorm';
import * as ref from '../../src/engine/reference/lora';
import * as refMatmul from '../../src/engine/reference/matmul';
import * as refRmsnorm from '../../src/engine/reference/rmsnorm';
import { expectClose, randomArray } from '../helpers/numeric';
import { useGpu, withCase } from '../shared/op-harness';

const shapes: LoraShape[] = [
  { N: 1, inDim: 1, rank: 1, outDim: 1, stride: 1, offset: 0, scale: 2 },
  { N: 21, inDim: 33, rank: 3, outDim: 17, stride: 50, offset: 7, scale: 2 }, // odd everything, a middle slice
  { N: 64, inDim: 64, rank: 8, outDim: 96, stride: 160, offset: 64, scale: 0.5 }, // vec4 and whole subgroup tiles
  { N: 40, inDim: 96, rank: 16, outDim: 32, stride: 192, offset: 160, scale: 1 }, // the last slice (k, v of a GQA qkv)
];

// f32 on both sides, different summation orders. Sums run over in (u), r (y, du), out (du) and N (dB, dA): the
// atol grows with the longest sum as the matmul tests' does (values in [-1, 1]).
const tol = (K: number) => ({ atol: 4e-7 * K + 2e-6, rtol: 1e-5 });

describe('lora: GPU vs CPU twin', () => {
  const gpu = useGpu();
  for (const g of shapes) {
    const { N, inDim, rank: R, outDim, stride } = g;
    it(`forward and backward agree at N=${N} in=${inDim} r=${R} out=${outDim} (columns ${g.offset}..${g.offset + outDim} of ${stride})`, () =>
      withCase(gpu(), async (k) => {
        const [x, A, B] = [randomArray(N * inDim, 1), randomArray(R * inDim, 2), randomArray(outDim * R, 3)];
        const y0 = randomArray(N * stride, 4); // the base matmul's output: the adapter adds to its slice
        const dy = randomArray(N * stride, 5);
        const [dx0, dA0, dB0] = [randomArray(N * inDim, 6), randomArray(R * inDim, 7), randomArray(outDim * R, 8)]; // accumulate
        const b = {
          y: k.upload('y', y0), u: k.upload('u', randomArray(N * R, 9)), x: k.upload('x', x), A: k.upload('A', A), B: k.upload('B', B),
          dx: k.upload('dx', dx0), dA: k.upload('dA', dA0), dB: k.upload('dB', dB0), du: k.upload('du', randomArray(N * R, 10)), dy: k.upload('dy', dy),
        };
        k.run(
          await loraForward(k.gpu, b.y, b.u, b.x, b.A, b.B, g),
          await loraBackward(k.gpu, b.dx, b.dA, b.dB, b.du, b.dy, b.x, b.u, b.A, b.B, g),
        );
        const [y, u] = [y0.slice(), new Float32Array(N * R)];
        ref.loraForward(y, u, x, A, B, g);
        const [dx, dA, dB, du] = [dx0.slice(), dA0.slice(), dB0.slice(), new Float32Array(N * R)];
        ref.loraBackward(dx, dA, dB, du, dy, x, u, A, B, g);
        const yGpu = await k.read(b.y, N * stride);
        expectClose(yGpu, y, tol(inDim * R), 'y');
        for (let n = 0; n < N; n++) {
          for (let c = 0; c < stride; c++) {
            if (c < g.offset || c >= g.offset + outDim) expect(yGpu[n * stride + c], `y outside the slice (${n}, ${c})`).toBe(y0[n * stride + c]);
          }
        }
        expectClose(await k.read(b.u, N * R), u, tol(inDim), 'u');
        expectClose(await k.read(b.du, N * R), du, tol(outDim), 'du');
        expectClose(await k.read(b.dB, outDim * R), dB, tol(N * inDim), 'dB');
        expectClose(await k.read(b.dA, R * inDim), dA, tol(N * outDim), 'dA');
        expectClose(await k.read(b.dx, N * inDim), dx, tol(R * outDim), 'dx');
      }));
  }
});

describe('frozen weights (the base under LoRA): backward without the weight gradient', () => {
  const gpu = useGpu();
  it('matmul and rmsnorm with a null dweight record only their input-gradient dispatches, which equal the twins', () =>
    withCase(gpu(), async (k) => {
      const [N, C, OC] = [21, 33, 17];
      const [inp, weight, dout, dinp0] = [randomArray(N * C, 1), randomArray(OC * C, 2), randomArray(N * OC, 3), randomArray(N * C, 4)];
      const dinp = k.upload('dinp', dinp0);
      const mm = await matmulBackward(k.gpu, dinp, null, k.upload('dout', dout), k.upload('inp', inp), k.upload('weight', weight), N, C, OC);
      expect(mm.map((d) => d.label.split('(')[0])).toEqual(['matmul.backward_input']);
      const [rInp, rW, rDout, rDinp0] = [randomArray(N * C, 5, 2), randomArray(C, 6), randomArray(N * C, 7), randomArray(N * C, 8)];
      const rstd = new Float32Array(N);
      refRmsnorm.rmsnormForward(new Float32Array(N * C), rstd, rInp, rW, N, C, 1e-5);
      const rDinp = k.upload('rms dinp', rDinp0);
      const rms = await rmsnormBackward(k.gpu, rDinp, null, k.upload('rms dout', rDout), k.upload('rms inp', rInp), k.upload('rms w', rW), k.upload('rstd', rstd), N, C);
      expect(rms.map((d) => d.label)).toEqual(['rmsnorm.backward_inp']);
      expect(rms.flatMap((d) => d.owned).length, 'no dweight scratch').toBe(1); // its uniform only
      k.run(mm, rms);
      const want = dinp0.slice();
      refMatmul.matmulBackward(want, null, dout, inp, weight, N, C, OC);
      expectClose(await k.read(dinp, N * C), want, tol(OC), 'matmul dinp');
      const wantR = rDinp0.slice();
      refRmsnorm.rmsnormBackward(wantR, null, rDout, rInp, rW, rstd, N, C);
      expectClose(await k.read(rDinp, N * C), wantR, { atol: 1e-5, rtol: 1e-5 }, 'rmsnorm dinp');
    }));
});
