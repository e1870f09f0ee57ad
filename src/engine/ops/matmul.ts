// Matmul op on the GPU: forward out = inp·Wᵀ (overwrites), backward dinp += dout·W and dW += doutᵀ·inp.
// Two shaders, each with three layouts picked by override constants: the tiled kernel (workgroup memory;
// every shape, vec4 entry point when shapes allow) and, for whole tiles on a CPU implementation of WebGPU,
// the barrier-free subgroup kernel.
import { collectDispatches, defaultKernelFamily, isHalf, makeDispatch, requireSubgroupSize, uniformBuffer, weightShader } from '../../gpu';
import type { BufferRef, Dispatch, GpuRuntime, KernelFamily } from '../../gpu';
import code from '../../../shaders/matmul.wgsl?raw';
import subgroupCode from '../../../shaders/matmul_subgroup.wgsl?raw';

export type MatmulVariant = 'forward' | 'backward_input' | 'backward_weight';

/** Tile per workgroup: TM rows × 4·WG columns, each of the WG threads computing TM×4; TK k-steps per shared A tile. */
export const MATMUL_TILE = { TM: 8, WG: 32, TK: 32 };

/** Rows per thread of matmul_subgroup.wgsl (its const TM); a workgroup is one subgroup of 4-column threads. */
const SUBGROUP_TM = 8;

const LAYOUT: Record<MatmulVariant, { transA: boolean; transB: boolean; accumulate: boolean }> = {
  forward: { transA: false, transB: true, accumulate: false }, // A (M,K), B stored (N,K)
  backward_input: { transA: false, transB: false, accumulate: true }, // A (M,K), B (K,N)
  backward_weight: { transA: true, transB: false, accumulate: true }, // A stored (K,M), B (K,N)
};

/**
 * The dispatches of c (M,N) = or += A·B in the layout of `variant`. The vec4 path needs the contiguous
 * dimension of each operand (and so every stored row) to be a multiple of 4. When rows and k-steps fill whole
 * tiles, the whole column tiles go to one dispatch without bounds checks and the last partial strip to a
 * checked one (masked loads are slow on lavapipe; on a GPU the interior avoids divergent edges).
 */
export async function matmulDispatches(
  gpu: GpuRuntime,
  variant: MatmulVariant,
  c: BufferRef,
  a: BufferRef,
  b: BufferRef,
  M: number,
  N: number,
  K: number,
  kernel: KernelFamily = defaultKernelFamily(gpu.info),
): Promise<Dispatch[]> {
  const { transA, transB } = LAYOUT[variant];
  const vec4 = (transA ? M : K) % 4 === 0 && (transB ? K : N) % 4 === 0;
  let interior = 0; // columns in whole tiles
  let mode: Mode = 'full';
  if (kernel === 'subgroup') {
    const sg = requireSubgroupSize(gpu.info, 'matmul');
    if (vec4 && M % SUBGROUP_TM === 0 && K % sg === 0) interior = N - (N % (4 * sg));
    mode = 'subgroup';
  } else {
    const { TM, WG, TK } = MATMUL_TILE;
    if (vec4 && M % TM === 0 && K % TK === 0) interior = N - (N % (4 * WG));
  }
  const strips: { n0: number; width: number; mode: Mode }[] = [];
  if (interior > 0) strips.push({ n0: 0, width: interior, mode });
  if (interior < N) strips.push({ n0: interior, width: N - interior, mode: vec4 ? 'vec4' : 'scalar' });
  return collectDispatches(strips.map(async (strip) => [await stripDispatch(gpu, variant, [c, a, b], { M, N, K }, strip)]));
}

/** The tiled kernel's 'full' (whole tiles, unchecked), 'vec4' and 'scalar' (checked) paths, or the subgroup kernel (whole tiles). */
type Mode = 'full' | 'vec4' | 'scalar' | 'subgroup';

/** Columns n0 .. n0+width of c (M,N): one dispatch of the given path. */
async function stripDispatch(
  gpu: GpuRuntime,
  variant: MatmulVariant,
  [c, a, b]: [BufferRef, BufferRef, BufferRef],
  { M, N, K }: { M: number; N: number; K: number },
  { n0, width, mode }: { n0: number; width: number; mode: Mode },
): Promise<Dispatch> {
  const { transA, transB, accumulate } = LAYOUT[variant];
  const shared = { TRANS_B: Number(transB), ACCUMULATE: Number(accumulate) }; // A's layout: TRANS_A, or the subgroup entry point
  // B is the weight in forward and backward_input; a frozen base may keep it as f16 (src/gpu/half-weights.ts).
  const half = isHalf(b);
  let pipeline: GPUComputePipeline;
  let tile: { rows: number; cols: number };
  if (mode === 'subgroup') {
    const sg = requireSubgroupSize(gpu.info, 'matmul');
    const entryPoint = transA ? 'main_trans_a' : 'main';
    pipeline = await gpu.kernels.pipeline({ ...weightShader('matmul_subgroup', subgroupCode, b), entryPoint, constants: { SG: sg, ...shared } });
    tile = { rows: SUBGROUP_TM, cols: 4 * sg };
  } else {
    const { TM, TK } = MATMUL_TILE;
    const WG = stripWorkgroup(width);
    pipeline = await gpu.kernels.pipeline({
      ...weightShader('matmul', code, b),
      entryPoint: mode === 'scalar' ? 'main' : 'main_vec4',
      constants: { TM, WG, TK, TRANS_A: Number(transA), ...shared, ...(mode !== 'scalar' ? { FULL: Number(mode === 'full') } : {}) },
    });
    tile = { rows: TM, cols: 4 * WG };
  }
  const params = uniformBuffer(gpu.device, `matmul.${variant}.params`, [M, N, K, n0]);
  const cols = width === N ? '' : `[${n0}:${n0 + width}]`;
  const label = `matmul.${variant}${mode === 'scalar' ? '' : `.${mode}`}${half ? '.f16' : ''}(${M}x${N}x${K})${cols}`;
  return makeDispatch(gpu.device, label, pipeline, [c, a, b, params], [Math.ceil(width / tile.cols), Math.ceil(M / tile.rows)], [params]);
}

/**
 * Threads of a tiled strip, 4 columns each: a strip of at most 16 columns (a tiny model's width, an edge) gets 4, so
 * 28 of 32 do not idle through the k loop (the (V, 16) lm_head gradient ran 3× faster on lavapipe). One narrow size
 * only: every distinct workgroup size is another pipeline to compile.
 */
function stripWorkgroup(width: number): number {
  return width <= 16 ? NARROW_WG : MATMUL_TILE.WG;
}
const NARROW_WG = 4;

/** out (N,OC) = inp (N,C) · weight (OC,C)ᵀ. Overwrites out. */
export async function matmulForward(gpu: GpuRuntime, out: BufferRef, inp: BufferRef, weight: BufferRef, N: number, C: number, OC: number, kernel?: KernelFamily): Promise<Dispatch[]> {
  return matmulDispatches(gpu, 'forward', out, inp, weight, N, OC, C, kernel);
}

/** dinp (N,C) += dout (N,OC) · weight (OC,C); dweight (OC,C) += dout (N,OC)ᵀ · inp (N,C), unless null (a frozen weight). */
export async function matmulBackward(
  gpu: GpuRuntime,
  dinp: BufferRef,
  dweight: BufferRef | null,
  dout: BufferRef,
  inp: BufferRef,
  weight: BufferRef,
  N: number,
  C: number,
  OC: number,
  kernel?: KernelFamily,
): Promise<Dispatch[]> {
  if (dweight && isHalf(weight)) throw new Error('matmul: f16 weights are frozen; a weight gradient is never taken of them');
  return collectDispatches([
    matmulDispatches(gpu, 'backward_input', dinp, dout, weight, N, C, OC, kernel),
    ...(dweight ? [matmulDispatches(gpu, 'backward_weight', dweight, dout, inp, OC, C, N, kernel)] : []),
  ]);
}
