// The residual op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuRuntime, readFloat32, uploadBuffer, recordPass } from '../../src/gpu';
import * as gpuOp from '../../src/engine/ops/residual';
import * as ref from '../../src/engine/reference/residual';
import { expectClose, randomArray } from '../helpers/numeric';

export function residualSuite(shapes: number[]): void {
  describe('residual: GPU vs CPU twin', () => {
    let gpu: GpuRuntime;
    beforeAll(async () => {
      gpu = await GpuRuntime.create();
    });
    afterAll(() => gpu?.destroy());

    it('has a real adapter', () => {
      expect(gpu.info.adapter.vendor.length + gpu.info.adapter.architecture.length + gpu.info.adapter.description.length).toBeGreaterThan(0);
    });

    for (const n of shapes) {
      it(`forward and backward agree exactly at N=${n}`, async () => {
        const a = randomArray(n, 11);
        const b = randomArray(n, 12);
        const dout = randomArray(n, 13);
        const dA0 = randomArray(n, 14); // accumulation onto existing gradients
        const { device } = gpu;
        const out = uploadBuffer(device, 'out', new Float32Array(n));
        const inA = uploadBuffer(device, 'a', a);
        const inB = uploadBuffer(device, 'b', b);
        const dA = uploadBuffer(device, 'da', dA0);
        const dB = uploadBuffer(device, 'db', new Float32Array(n));
        const dOut = uploadBuffer(device, 'dout', dout);
        const fwd = await gpuOp.residualForward(gpu, out, inA, inB, n);
        const bwd = await gpuOp.residualBackward(gpu, dA, dB, dOut, n);
        const encoder = device.createCommandEncoder();
        recordPass(encoder, 'residual', [...fwd, ...bwd]);
        gpu.submit(encoder);

        const want = new Float32Array(n);
        ref.residualForward(want, a, b, n);
        const wantDA = dA0.slice();
        const wantDB = new Float32Array(n);
        ref.residualBackward(wantDA, wantDB, dout, n);
        // f32 addition is exact-rounded on both sides: tolerance 0.
        expectClose(await readFloat32(device, out, n), want, { atol: 0, rtol: 0 }, 'out');
        expectClose(await readFloat32(device, dA, n), wantDA, { atol: 0, rtol: 0 }, 'dinp1');
        expectClose(await readFloat32(device, dB, n), wantDB, { atol: 0, rtol: 0 }, 'dinp2');
        for (const buf of [out, inA, inB, dA, dB, dOut]) buf.destroy();
      });
    }
  });
}
