// Embedding op on the GPU: gather forward; deterministic bucketed backward (see shaders/embedding.wgsl).
import { grid1d, makeDispatch, uniformBuffer, weightShader, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import { embeddingBuckets } from '../reference/embedding';
import code from '../../../shaders/embedding.wgsl?raw';

export { embeddingBuckets } from '../reference/embedding';

const WG = 256;

/** out[n, :] = wte[tokens[n], :]. */
export async function embeddingForward(
  gpu: GpuRuntime,
  out: BufferRef, // (N, C) f32
  tokens: BufferRef, // (N) i32
  wte: BufferRef, // (V, C) f32, or f16 for a frozen base kept at half precision
  N: number,
  C: number,
): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ ...weightShader('embedding', code, wte), entryPoint: 'forward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'embedding.params', [N, C]);
  return [makeDispatch(gpu.device, 'embedding.forward', pipeline, [out, tokens, wte, params], grid1d(Math.ceil((N * C) / WG)), [params])];
}

/**
 * dwte[tokens[n], :] += dout[n, :]. `order` (N) i32 and `segStart` (N+1) i32 hold this batch's
 * embeddingBuckets(tokens); write them each step with writeEmbeddingBuckets before submitting.
 */
export async function embeddingBackward(
  gpu: GpuRuntime,
  dwte: BufferRef, // (V, C) f32, accumulates
  dout: BufferRef, // (N, C) f32
  tokens: BufferRef, // (N) i32
  order: BufferRef, // (N) i32
  segStart: BufferRef, // (N+1) i32
  N: number,
  C: number,
): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'embedding', code, entryPoint: 'backward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'embedding.params', [N, C]);
  // One workgroup per possible distinct token; those past the batch's last distinct token return at once.
  return [makeDispatch(gpu.device, 'embedding.backward', pipeline, [dwte, dout, tokens, params, order, segStart], grid1d(N), [params])];
}

/** Computes this batch's buckets on the CPU and writes them into the buffers embeddingBackward was built with. */
export function writeEmbeddingBuckets(device: GPUDevice, order: GPUBuffer, segStart: GPUBuffer, tokens: Int32Array): void {
  const b = embeddingBuckets(tokens);
  device.queue.writeBuffer(order, 0, b.order.buffer, 0, b.order.byteLength);
  device.queue.writeBuffer(segStart, 0, b.segStart.buffer, 0, b.segStart.byteLength);
}
