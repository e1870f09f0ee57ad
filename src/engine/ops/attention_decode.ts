// Decode attention on the GPU (see shaders/attention_decode.wgsl): new queries over the KV cache.
import { grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/attention_decode.wgsl?raw';

const WG = 64;
const MAX_HD = 128; // the shader's MAX_HD and PER_THREAD·WG

/** out (M, Tq, H, hd) from the q heads of qkv (M, Tq, H+2KVH, hd) over kcache, vcache (rows, KVH, S, hd); slots (M, 4). */
export async function attentionDecode(
  gpu: GpuRuntime, out: BufferRef, qkv: BufferRef, kcache: BufferRef, vcache: BufferRef, slots: BufferRef,
  M: number, Tq: number, H: number, KVH: number, hd: number, S: number,
): Promise<Dispatch[]> {
  if (hd > MAX_HD) throw new Error(`attention_decode: head dim ${hd} is over ${MAX_HD}`);
  // One token per slot: a workgroup per query splits the keys; a chunk: a thread per query, no barriers.
  const entryPoint = Tq === 1 ? 'main' : 'per_query';
  const pipeline = await gpu.kernels.pipeline({ shader: 'attention_decode', code, entryPoint, constants: { WG } });
  const params = uniformBuffer(gpu.device, 'attention_decode.params', [M, Tq, H, KVH, hd, S, 1 / Math.sqrt(hd)], [false, false, false, false, false, false, true]);
  return [makeDispatch(gpu.device, `attention_decode.${entryPoint}(${M}x${Tq})`, pipeline, [out, qkv, kcache, vcache, slots, params], grid1d(Tq === 1 ? M * H : Math.ceil((M * Tq * H) / WG)), [params])];
}
