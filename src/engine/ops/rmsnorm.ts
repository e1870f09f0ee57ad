// RMSNorm op on the GPU: builds the forward and backward dispatches once for fixed buffers.
import { grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/rmsnorm.wgsl?raw';

const WG = 32; // threads per row: one subgroup-sized team; fewer barriers than a wide tree (lavapipe runs each barrier as a loop split)
const DW_COLS = 32;
const DW_LANES = 8;

function params(gpu: GpuRuntime, N: number, C: number, eps: number): GPUBuffer {
  return uniformBuffer(gpu.device, 'rmsnorm.params', [N, C, eps], [false, false, true]);
}

/** out = inp·rstd·weight, rstd = 1/sqrt(mean(inp²) + eps) saved per row. */
export async function rmsnormForward(
  gpu: GpuRuntime,
  out: BufferRef, // (N, C)
  rstd: BufferRef, // (N)
  inp: BufferRef, // (N, C)
  weight: BufferRef, // (C)
  N: number,
  C: number,
  eps: number,
): Promise<Dispatch[]> {
  const pipeline = await gpu.kernels.pipeline({ shader: 'rmsnorm', code, entryPoint: 'forward', constants: { WG } });
  const u = params(gpu, N, C, eps);
  return [makeDispatch(gpu.device, 'rmsnorm.forward', pipeline, [out, rstd, inp, weight, u], grid1d(N), [u])];
}

/** dinp += ∂/∂inp, dweight += ∂/∂weight (both accumulate); two dispatches. */
export async function rmsnormBackward(
  gpu: GpuRuntime,
  dinp: BufferRef, // (N, C)
  dweight: BufferRef, // (C)
  dout: BufferRef, // (N, C)
  inp: BufferRef, // (N, C)
  weight: BufferRef, // (C)
  rstd: BufferRef, // (N)
  N: number,
  C: number,
): Promise<Dispatch[]> {
  const [pInp, pWeight] = await Promise.all([
    gpu.kernels.pipeline({ shader: 'rmsnorm', code, entryPoint: 'backward_inp', constants: { WG } }),
    gpu.kernels.pipeline({ shader: 'rmsnorm', code, entryPoint: 'backward_weight', constants: { DW_COLS, DW_LANES } }),
  ]);
  const u = params(gpu, N, C, 0);
  return [
    makeDispatch(gpu.device, 'rmsnorm.backward_inp', pInp, [dinp, dout, inp, weight, u, rstd], grid1d(N), [u]),
    makeDispatch(gpu.device, 'rmsnorm.backward_weight', pWeight, [dweight, dout, inp, rstd, u], [Math.ceil(C / DW_COLS)]),
  ];
}
