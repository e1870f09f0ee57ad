// Attention forward + backward time on our kernels. Shape: B=1, H=4 query heads, KVH=4, hd=32 (the `tiny`
// preset's heads), causal, at each requested T.
import { GpuRuntime, recordPass, uploadBuffer } from '../src/gpu';
import { installDawn } from '../src/gpu/node-gpu';
import { attentionBackward, attentionForward } from '../src/engine/ops/attention';
import { timeRuns } from './matmul';

export const ATTENTION_BENCH_SHAPE = { B: 1, H: 4, KVH: 4, hd: 32 };

export async function benchAttention(t: number[], opts: { quick?: boolean } = {}): Promise<{ t: number; ours_ms: number }[]> {
  installDawn();
  const gpu = await GpuRuntime.create({ label: 'bench-attention' });
  const { B, H, KVH, hd } = ATTENTION_BENCH_SHAPE;
  const rows: { t: number; ours_ms: number }[] = [];
  try {
    for (const T of t) {
      const nqkv = B * T * (H + 2 * KVH) * hd;
      const nout = B * T * H * hd;
      const fill = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed));
      const qkv = uploadBuffer(gpu.device, 'bench.qkv', fill(nqkv, 1)); // (B, T, H+2KVH, hd)
      const dqkv = uploadBuffer(gpu.device, 'bench.dqkv', new Float32Array(nqkv)); // (B, T, H+2KVH, hd)
      const out = uploadBuffer(gpu.device, 'bench.out', new Float32Array(nout)); // (B, T, H, hd)
      const dout = uploadBuffer(gpu.device, 'bench.dout', fill(nout, 2)); // (B, T, H, hd)
      const lse = uploadBuffer(gpu.device, 'bench.lse', new Float32Array(B * H * T)); // (B, H, T)
      const dispatches = [
        ...(await attentionForward(gpu, out, lse, qkv, B, T, H, KVH, hd)),
        ...(await attentionBackward(gpu, dqkv, dout, out, lse, qkv, B, T, H, KVH, hd)),
      ];
      const seconds = await timeRuns(
        () => {
          const encoder = gpu.device.createCommandEncoder({ label: 'bench.attention' });
          recordPass(encoder, 'bench.attention', dispatches);
          gpu.submit(encoder);
        },
        () => gpu.device.queue.onSubmittedWorkDone(),
        opts.quick ? 0.3 : 1.5,
        20,
      );
      rows.push({ t: T, ours_ms: Math.round(seconds * 1e5) / 100 });
      for (const buf of [qkv, dqkv, out, dout, lse]) buf.destroy();
    }
  } finally {
    gpu.destroy();
  }
  return rows;
}
