// RMSNorm op on the GPU: builds the forward and backward dispatches once for fixed buffers.
import { createBuffer, grid1d, makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/rmsnorm.wgsl?raw';

const WG = 32; // threads per row: one subgroup-sized team; fewer barriers than a wide tree (lavapipe runs each barrier as a loop split)
const DW_COLS = 32;
const DW_LANES = 8;
const MIN_CHUNK_ROWS = 64; // rows per dweight partial: 8 per lane, enough work per workgroup
const MAX_CHUNKS = 256; // partials per column, summed by one thread in the reduce

/** How backward splits N rows for the dweight partials: `chunks` chunks of `rows` rows (the last may be short). */
export function dweightChunks(N: number): { rows: number; chunks: number } {
  const rows = Math.max(MIN_CHUNK_ROWS, Math.ceil(N / MAX_CHUNKS));
  return { rows, chunks: Math.max(1, Math.ceil(N / rows)) };
}

function params(gpu: GpuRuntime, N: number, C: number, eps: number): GPUBuffer {
  const { rows, chunks } = dweightChunks(N);
  return uniformBuffer(gpu.device, 'rmsnorm.params', [N, C, eps, rows, chunks], [false, false, true]);
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

/**
 * dinp += ∂/∂inp, dweight += ∂/∂weight (both accumulate); three dispatches. dweight is reduced in two stages
 * through a (chunks, C) scratch made here and owned by the dispatches (no float atomics, deterministic).
 * A null dweight (a frozen norm) leaves only the dinp dispatch, and no scratch.
 */
export async function rmsnormBackward(
  gpu: GpuRuntime,
  dinp: BufferRef, // (N, C)
  dweight: BufferRef | null, // (C)
  dout: BufferRef, // (N, C)
  inp: BufferRef, // (N, C)
  weight: BufferRef, // (C)
  rstd: BufferRef, // (N)
  N: number,
  C: number,
): Promise<Dispatch[]> {
  const [pInp, pPartial, pReduce] = await Promise.all([
    gpu.kernels.pipeline({ shader: 'rmsnorm', code, entryPoint: 'backward_inp', constants: { WG } }),
    gpu.kernels.pipeline({ shader: 'rmsnorm', code, entryPoint: 'backward_weight_partial', constants: { DW_COLS, DW_LANES } }),
    gpu.kernels.pipeline({ shader: 'rmsnorm', code, entryPoint: 'backward_weight_reduce', constants: { WG } }),
  ]);
  const { device } = gpu;
  const { chunks } = dweightChunks(N);
  const u = params(gpu, N, C, 0);
  if (!dweight) return [makeDispatch(device, 'rmsnorm.backward_inp', pInp, [dinp, dout, inp, weight, u, rstd], grid1d(N), [u])];
  const partials = createBuffer(device, 'rmsnorm.dweight_partials', chunks * C * 4); // (chunks, C)
  return [
    makeDispatch(device, 'rmsnorm.backward_inp', pInp, [dinp, dout, inp, weight, u, rstd], grid1d(N), [u]),
    makeDispatch(device, 'rmsnorm.backward_weight_partial', pPartial, [partials, dout, inp, rstd, u], [Math.ceil(C / DW_COLS), chunks], [partials]),
    makeDispatch(device, 'rmsnorm.backward_weight_reduce', pReduce, [dweight, partials, u], [Math.ceil(C / WG)]),
  ];
}
