// Cross-entropy op on the GPU: weighted losses, and dlogits written over the logits or into their own buffer.
import { grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/cross_entropy.wgsl?raw';

const WG = 256;

function sameRange(a: BufferRef, b: BufferRef): boolean {
  const ra = 'buffer' in a ? a : { buffer: a, offset: 0 };
  const rb = 'buffer' in b ? b : { buffer: b, offset: 0 };
  return ra.buffer === rb.buffer && (ra.offset ?? 0) === (rb.offset ?? 0);
}

/** losses[i] = weights[i]·ce_i (weights already divided by Σw; 0 gives exactly 0). */
export async function crossEntropyForward(
  gpu: GpuRuntime,
  losses: BufferRef, // (N) f32
  logits: BufferRef, // (N, V) f32
  targets: BufferRef, // (N) i32
  weights: BufferRef, // (N) f32
  N: number,
  V: number,
): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'cross_entropy', code, entryPoint: 'forward', constants: { WG } });
  const params = uniformBuffer(gpu.device, 'cross_entropy.params', [N, V]);
  return [makeDispatch(gpu.device, 'cross_entropy.forward', pipeline, [targets, weights, params, losses, logits], grid1d(N), [params])];
}

/**
 * dlogits = weights[i]·(softmax − onehot), overwriting. Passing the logits buffer itself as dlogits
 * writes the gradient in place (bound once, read_write).
 */
export async function crossEntropyBackward(
  gpu: GpuRuntime,
  dlogits: BufferRef, // (N, V) f32, overwritten; may be logits
  logits: BufferRef, // (N, V) f32
  targets: BufferRef, // (N) i32
  weights: BufferRef, // (N) f32
  N: number,
  V: number,
): Promise<Dispatch[]> {
  const inPlace = sameRange(dlogits, logits);
  const entryPoint = inPlace ? 'backward_inplace' : 'backward';
  const pipeline = await gpu.kernels.pipeline({ shader: 'cross_entropy', code, entryPoint, constants: { WG } });
  const params = uniformBuffer(gpu.device, 'cross_entropy.params', [N, V]);
  const buffers = inPlace ? [targets, weights, params, dlogits] : [targets, weights, params, dlogits, logits];
  return [makeDispatch(gpu.device, `cross_entropy.${entryPoint}`, pipeline, buffers, grid1d(N), [params])];
}
