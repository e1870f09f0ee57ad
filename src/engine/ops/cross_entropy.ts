// Cross-entropy op on the GPU: weighted losses, and dlogits written over the logits or into their own buffer.
import { createBuffer, freeOnFailure, grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/cross_entropy.wgsl?raw';

const WG = 256;

function sameRange(a: BufferRef, b: BufferRef): boolean {
  const ra = 'buffer' in a ? a : { buffer: a, offset: 0 };
  const rb = 'buffer' in b ? b : { buffer: b, offset: 0 };
  return ra.buffer === rb.buffer && (ra.offset ?? 0) === (rb.offset ?? 0);
}

/** One workgroup per row; binds targets, weights, the (N, V) uniform, then `rest` from binding 3. */
async function rowDispatch(gpu: GpuRuntime, entryPoint: string, targets: BufferRef, weights: BufferRef, rest: BufferRef[], N: number, V: number): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'cross_entropy', code, entryPoint, constants: { WG } });
  const params = uniformBuffer(gpu.device, 'cross_entropy.params', [N, V]);
  return [makeDispatch(gpu.device, `cross_entropy.${entryPoint}`, pipeline, [targets, weights, params, ...rest], grid1d(N), [params])];
}

/** losses[i] = weights[i]·ce_i (weights already divided by Σw; 0 gives exactly 0). */
export function crossEntropyForward(
  gpu: GpuRuntime,
  losses: BufferRef, // (N) f32
  logits: BufferRef, // (N, V) f32
  targets: BufferRef, // (N) i32
  weights: BufferRef, // (N) f32
  N: number,
  V: number,
): Promise<Dispatch[]> {
  return rowDispatch(gpu, 'forward', targets, weights, [losses, logits], N, V);
}

/**
 * dlogits = weights[i]·(softmax − onehot), overwriting. Passing the logits buffer itself as dlogits
 * writes the gradient in place (bound once, read_write) with the fused kernel.
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
  if (sameRange(dlogits, logits)) {
    const unread = createBuffer(gpu.device, 'cross_entropy.unread_losses', N * 4); // (N) the fused kernel's losses
    const [d] = await freeOnFailure([unread], () => crossEntropyForwardBackward(gpu, unread, dlogits, targets, weights, N, V));
    d.owned.push(unread);
    return [d];
  }
  return rowDispatch(gpu, 'backward', targets, weights, [dlogits, logits], N, V);
}

/** crossEntropyForward, then crossEntropyBackward in place, in one pass over the logits (training). */
export function crossEntropyForwardBackward(
  gpu: GpuRuntime,
  losses: BufferRef, // (N) f32
  logits: BufferRef, // (N, V) f32 in, dlogits out
  targets: BufferRef, // (N) i32
  weights: BufferRef, // (N) f32
  N: number,
  V: number,
): Promise<Dispatch[]> {
  return rowDispatch(gpu, 'forward_backward_inplace', targets, weights, [losses, logits], N, V);
}
