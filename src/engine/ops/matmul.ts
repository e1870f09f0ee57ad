// Matmul op on the GPU: forward out = inp·Wᵀ (overwrites), backward dinp += dout·W and dW += doutᵀ·inp.
// One shader, three layouts picked by override constants; the vec4 entry point when shapes allow.
import { makeDispatch, uniformBuffer, type BufferRef, type Dispatch, type GpuRuntime } from '../../gpu';
import code from '../../../shaders/matmul.wgsl?raw';

export type MatmulVariant = 'forward' | 'backward_input' | 'backward_weight';

/** Tile per workgroup: TM rows × 4·WG columns, each of the WG threads computing TM×4; TK k-steps per shared A tile. */
export const MATMUL_TILE = { TM: 8, WG: 32, TK: 32 };

const LAYOUT: Record<MatmulVariant, { transA: boolean; transB: boolean; accumulate: boolean }> = {
  forward: { transA: false, transB: true, accumulate: false }, // A (M,K), B stored (N,K)
  backward_input: { transA: false, transB: false, accumulate: true }, // A (M,K), B (K,N)
  backward_weight: { transA: true, transB: false, accumulate: true }, // A stored (K,M), B (K,N)
};

/**
 * One dispatch of c (M,N) = or += A·B in the layout of `variant`. The vec4 path needs the contiguous
 * dimension of each operand (and so every stored row) to be a multiple of 4; the full path, whole tiles.
 */
export async function matmulDispatch(
  gpu: GpuRuntime,
  variant: MatmulVariant,
  c: BufferRef,
  a: BufferRef,
  b: BufferRef,
  M: number,
  N: number,
  K: number,
): Promise<Dispatch> {
  const { transA, transB, accumulate } = LAYOUT[variant];
  const vec4 = (transA ? M : K) % 4 === 0 && (transB ? K : N) % 4 === 0;
  const { TM, WG, TK } = MATMUL_TILE;
  // Whole tiles only: the vec4 path without per-load bounds checks (masked loads are slow on lavapipe).
  const full = vec4 && M % TM === 0 && N % (4 * WG) === 0 && K % TK === 0;
  const pipeline = await gpu.kernels.pipeline({
    shader: 'matmul',
    code,
    entryPoint: vec4 ? 'main_vec4' : 'main',
    constants: { TM, WG, TK, TRANS_A: Number(transA), TRANS_B: Number(transB), ACCUMULATE: Number(accumulate), ...(vec4 ? { FULL: Number(full) } : {}) },
  });
  const params = uniformBuffer(gpu.device, `matmul.${variant}.params`, [M, N, K]);
  const label = `matmul.${variant}${full ? '.full' : vec4 ? '.vec4' : ''}(${M}x${N}x${K})`;
  return makeDispatch(gpu.device, label, pipeline, [c, a, b, params], [Math.ceil(N / (4 * WG)), Math.ceil(M / TM)], [params]);
}

/** out (N,OC) = inp (N,C) · weight (OC,C)ᵀ. Overwrites out. */
export async function matmulForward(gpu: GpuRuntime, out: BufferRef, inp: BufferRef, weight: BufferRef, N: number, C: number, OC: number): Promise<Dispatch[]> {
  return [await matmulDispatch(gpu, 'forward', out, inp, weight, N, OC, C)];
}

/** dinp (N,C) += dout (N,OC) · weight (OC,C); dweight (OC,C) += dout (N,OC)ᵀ · inp (N,C). */
export async function matmulBackward(
  gpu: GpuRuntime,
  dinp: BufferRef,
  dweight: BufferRef,
  dout: BufferRef,
  inp: BufferRef,
  weight: BufferRef,
  N: number,
  C: number,
  OC: number,
): Promise<Dispatch[]> {
  return [
    await matmulDispatch(gpu, 'backward_input', dinp, dout, weight, N, C, OC),
    await matmulDispatch(gpu, 'backward_weight', dweight, dout, inp, OC, C, N),
  ];
}
