// KV-cache ops of generation on the GPU (see shaders/decode.wgsl): kv_append and gather_last. Per-step values
// (which rows, their positions) live in the slots buffer the caller writes before each submit.
import { createBuffer, grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import body from '../../../shaders/decode.wgsl?raw';
import cosSin from '../../../shaders/lib/cos_sin.wgsl?raw';
import { ropeInvFreq, type Rope } from '../rope-frequencies';

const code = body + cosSin;

const WG = 256;

/**
 * qkv (M, Tq, H+2KVH, hd) in place: RoPE on q heads at position pos + t of each slot; rotated k and raw v
 * written to kcache, vcache (rows, KVH, S, hd). slots (M, 4) i32 = [row, pos, len, step].
 */
export async function kvAppend(
  gpu: GpuRuntime, qkv: BufferRef, kcache: BufferRef, vcache: BufferRef, slots: BufferRef,
  M: number, Tq: number, H: number, KVH: number, hd: number, S: number, rope: Rope,
): Promise<Dispatch[]> {
  if (hd % 2 !== 0) throw new Error(`kv_append: head dim ${hd} must be even`);
  const { device } = gpu;
  const pipeline = await gpu.kernels.pipeline({ shader: 'decode', code, entryPoint: 'kv_append', constants: { WG } });
  const half = hd / 2;
  const invFreq = ropeInvFreq(hd, rope); // as ops/rope.ts
  const freq = createBuffer(device, 'kv_append.inv_freq', invFreq.byteLength);
  device.queue.writeBuffer(freq, 0, invFreq);
  const params = uniformBuffer(device, 'kv_append.params', [M, Tq, H, KVH, hd, S, 0]);
  const n = M * Tq * (H + 2 * KVH) * half;
  return [makeDispatch(device, `kv_append(${M}x${Tq})`, pipeline, [qkv, kcache, vcache, slots, freq, params], grid1d(Math.ceil(n / WG)), [freq, params])];
}

/** out (M, C) = x[m, len_m − 1, :] of x (M, Tq, C). */
export async function gatherLast(gpu: GpuRuntime, out: BufferRef, x: BufferRef, slots: BufferRef, M: number, Tq: number, C: number): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'decode', code, entryPoint: 'gather_last', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'gather_last.params', [M, Tq, 0, 0, 0, 0, C]);
  return [makeDispatch(gpu.device, `gather_last(${M}x${Tq})`, pipeline, [out, x, slots, params], grid1d(Math.ceil((M * C) / WG)), [params])];
}
