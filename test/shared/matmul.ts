// The matmul op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { GpuRuntime, readFloat32, recordPass, uploadBuffer, type KernelFamily } from '../../src/gpu';
import * as gpuOp from '../../src/engine/ops/matmul';
import * as ref from '../../src/engine/reference/matmul';
import { expectClose, randomArray } from '../helpers/numeric';

/** [N, C, OC]: rows, input features, output features. */
export type MatmulShape = [number, number, number];

// The twin sums in f64, the GPU in f32: each output sums K products of values in [-1, 1], so the
// rounding error stays under K·2⁻²⁴·(largest partial sum) — atol 4e-7·K covers partial sums up to ~6.
const tol = (K: number) => ({ atol: 4e-7 * K + 1e-6, rtol: 1e-5 });

/** `kernel`: the kernel for whole tiles (the device's default when absent). */
export function matmulSuite(shapes: MatmulShape[], kernel?: KernelFamily): void {
  describe(`matmul: GPU vs CPU twin (${kernel ?? 'default'} kernel)`, () => {
    let gpu: GpuRuntime;
    beforeAll(async () => {
      gpu = await GpuRuntime.create();
    });
    afterAll(() => gpu?.destroy());

    for (const [N, C, OC] of shapes) {
      it(`forward and backward agree at N=${N} C=${C} OC=${OC}`, async () => {
        const inp = randomArray(N * C, 21);
        const weight = randomArray(OC * C, 22);
        const dout = randomArray(N * OC, 23);
        const dinp0 = randomArray(N * C, 24); // backward accumulates onto existing gradients
        const dw0 = randomArray(OC * C, 25);
        const { device } = gpu;
        const out = uploadBuffer(device, 'out', randomArray(N * OC, 26)); // forward overwrites
        const bufs = {
          inp: uploadBuffer(device, 'inp', inp),
          weight: uploadBuffer(device, 'weight', weight),
          dout: uploadBuffer(device, 'dout', dout),
          dinp: uploadBuffer(device, 'dinp', dinp0),
          dweight: uploadBuffer(device, 'dweight', dw0),
        };
        const fwd = await gpuOp.matmulForward(gpu, out, bufs.inp, bufs.weight, N, C, OC, kernel);
        const bwd = await gpuOp.matmulBackward(gpu, bufs.dinp, bufs.dweight, bufs.dout, bufs.inp, bufs.weight, N, C, OC, kernel);
        const encoder = device.createCommandEncoder();
        recordPass(encoder, 'matmul', [...fwd, ...bwd]);
        gpu.submit(encoder);

        const want = new Float32Array(N * OC);
        ref.matmulForward(want, inp, weight, N, C, OC);
        const wantDinp = dinp0.slice();
        const wantDw = dw0.slice();
        ref.matmulBackward(wantDinp, wantDw, dout, inp, weight, N, C, OC);
        expectClose(await readFloat32(device, out, N * OC), want, tol(C), 'out');
        expectClose(await readFloat32(device, bufs.dinp, N * C), wantDinp, tol(OC), 'dinp');
        expectClose(await readFloat32(device, bufs.dweight, OC * C), wantDw, tol(N), 'dweight');
        for (const buf of [out, ...Object.values(bufs)]) buf.destroy();
      });
    }
  });
}
