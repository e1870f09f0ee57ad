// The attention op on the GPU against its CPU twin; run by the gpu tier (Dawn) and the browser tier (Chromium).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { GpuRuntime, readFloat32, recordPass, uploadBuffer, type KernelFamily } from '../../src/gpu';
import * as gpuOp from '../../src/engine/ops/attention';
import * as ref from '../../src/engine/reference/attention';
import { expectClose, randomArray } from '../helpers/numeric';

/** [B, T, H, KVH, hd] */
export type AttentionShape = [number, number, number, number, number];

// f32 on the GPU (exp, online-softmax rescaling, tile-order sums) vs f64 sums in the twin, inputs in
// [-1, 1]: outputs and lse are O(1) and agree to ~1e-6; gradients sum up to T terms, hence the margin.
const TOL = { atol: 5e-5, rtol: 1e-4 };

/** `family`: the kernels to test (the device's default when absent). */
export function attentionSuite(shapes: AttentionShape[], family?: KernelFamily): void {
  describe(`attention: GPU vs CPU twin (${family ?? 'default'} kernels)`, () => {
    let gpu: GpuRuntime;
    beforeAll(async () => {
      gpu = await GpuRuntime.create();
    });
    afterAll(() => gpu?.destroy());

    for (const [B, T, H, KVH, hd] of shapes) {
      it(`forward and backward agree at B=${B} T=${T} H=${H} KVH=${KVH} hd=${hd}`, async () => {
        const nqkv = B * T * (H + 2 * KVH) * hd;
        const nout = B * T * H * hd;
        const qkv = randomArray(nqkv, 31);
        const dout = randomArray(nout, 32);
        const d0 = randomArray(nqkv, 33); // backward accumulates onto existing gradients
        const { device } = gpu;
        const bufs = {
          qkv: uploadBuffer(device, 'qkv', qkv),
          out: uploadBuffer(device, 'out', randomArray(nout, 34)), // forward overwrites
          lse: uploadBuffer(device, 'lse', randomArray(B * H * T, 35)),
          dout: uploadBuffer(device, 'dout', dout),
          dqkv: uploadBuffer(device, 'dqkv', d0),
        };
        const fwd = await gpuOp.attentionForward(gpu, bufs.out, bufs.lse, bufs.qkv, B, T, H, KVH, hd, family);
        const bwd = await gpuOp.attentionBackward(gpu, bufs.dqkv, bufs.dout, bufs.out, bufs.lse, bufs.qkv, B, T, H, KVH, hd, family);
        const encoder = device.createCommandEncoder();
        recordPass(encoder, 'attention', [...fwd, ...bwd]);
        gpu.submit(encoder);

        const out = new Float32Array(nout);
        const lse = new Float32Array(B * H * T);
        ref.attentionForward(out, lse, qkv, B, T, H, KVH, hd);
        const dqkv = d0.slice();
        ref.attentionBackward(dqkv, dout, out, lse, qkv, B, T, H, KVH, hd);
        expectClose(await readFloat32(device, bufs.out, nout), out, TOL, 'out');
        expectClose(await readFloat32(device, bufs.lse, B * H * T), lse, TOL, 'lse');
        expectClose(await readFloat32(device, bufs.dqkv, nqkv), dqkv, TOL, 'dqkv');
        for (const buf of Object.values(bufs)) buf.destroy();
      });
    }
  });
}
