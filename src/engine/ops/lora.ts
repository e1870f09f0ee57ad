// LoRA op on the GPU: one adapter's side of a frozen projection, y[:, off:off+OUT] += s·(x·Aᵀ)·Bᵀ, and its
// backward. The two products over the full input width are the matmul op (tiled, tested); shaders/lora.wgsl
// does the rank-r products that read or write the strided output slice. CPU twin: src/engine/reference/lora.ts.
import { collectDispatches, grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/lora.wgsl?raw';
import type { LoraShape } from '../reference/lora';
import { matmulBackward, matmulForward } from './matmul';

export type { LoraShape } from '../reference/lora';

const WG = 256;

async function kernel(gpu: GpuRuntime, entryPoint: 'up' | 'grad_u' | 'grad_b', out: BufferRef, in1: BufferRef, in2: BufferRef, g: LoraShape, threads: number): Promise<Dispatch> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'lora', code, entryPoint, constants: { WG } });
  const params = uniformBuffer(gpu.device, `lora.${entryPoint}.params`, [g.N, g.rank, g.outDim, g.stride, g.offset, g.scale], [false, false, false, false, false, true]);
  const label = `lora.${entryPoint}(${g.N}x${g.inDim}→${g.rank}→${g.outDim}@${g.offset}/${g.stride})`;
  return makeDispatch(gpu.device, label, pipeline, [out, in1, in2, params], grid1d(Math.ceil(threads / WG)), [params]);
}

/** u (N, r) = x (N, in) · A (r, in)ᵀ, saved for the backward; then y[n, off + o] += s·Σ_j u[n, j]·B[o, j]. */
export async function loraForward(
  gpu: GpuRuntime,
  y: BufferRef, // (N, stride), columns [offset, offset + OUT) accumulate
  u: BufferRef, // (N, r), overwritten
  x: BufferRef, // (N, in)
  A: BufferRef, // (r, in)
  B: BufferRef, // (OUT, r)
  g: LoraShape,
): Promise<Dispatch[]> {
  return collectDispatches([
    matmulForward(gpu, u, x, A, g.N, g.inDim, g.rank),
    kernel(gpu, 'up', y, u, B, g, g.N * g.outDim).then((d) => [d]),
  ]);
}

/**
 * dB += s·dy_sliceᵀ·u, du = s·dy_slice·B (scratch, overwritten), then dx += du·A and dA += duᵀ·x (the matmul
 * backward). dB, dA and dx accumulate. du may be shared by every adapter of a plan: each overwrites it first.
 */
export async function loraBackward(
  gpu: GpuRuntime,
  dx: BufferRef, // (N, in)
  dA: BufferRef, // (r, in)
  dB: BufferRef, // (OUT, r)
  du: BufferRef, // (N, r) scratch
  dy: BufferRef, // (N, stride)
  x: BufferRef, // (N, in)
  u: BufferRef, // (N, r) from the forward
  A: BufferRef, // (r, in)
  B: BufferRef, // (OUT, r)
  g: LoraShape,
): Promise<Dispatch[]> {
  return collectDispatches([
    kernel(gpu, 'grad_b', dB, dy, u, g, g.outDim * g.rank).then((d) => [d]),
    kernel(gpu, 'grad_u', du, dy, B, g, g.N * g.rank).then((d) => [d]),
    matmulBackward(gpu, dx, dA, du, x, A, g.N, g.inDim, g.rank),
  ]);
}
