// CPU twin of src/engine/ops/lora.ts (shaders/lora.wgsl plus two matmuls): one LoRA adapter's side of a frozen
// projection. Works on Float32Array or Float64Array (f64 for finite differences).
// The adapter adds s·B·A·x to columns [offset, offset + OUT) of y (N, stride): q, k, v share the fused qkv
// activation and gate, up the fused gateup, so their adapters each write a slice of one wider output.
import { matmulBackward, matmulForward } from './matmul';

type Vec = Float32Array | Float64Array;

export interface LoraShape {
  N: number; // rows
  inDim: number; // in
  rank: number; // r
  outDim: number; // OUT
  stride: number; // y's row width
  offset: number; // y's first column for this adapter
  scale: number; // s = alpha / r
}

/** u (N, r) = x (N, in) · A (r, in)ᵀ, saved for the backward; y[n, off + o] += s · Σ_j u[n, j]·B[o, j]. */
export function loraForward(y: Vec, u: Vec, x: Vec, A: Vec, B: Vec, g: LoraShape): void {
  const { N, inDim, rank: R, outDim, stride, offset, scale } = g;
  matmulForward(u, x, A, N, inDim, R);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < outDim; o++) {
      let acc = 0;
      for (let j = 0; j < R; j++) acc += u[n * R + j] * B[o * R + j];
      y[n * stride + offset + o] += scale * acc;
    }
  }
}

/**
 * With dy the gradient of y (N, stride): dB (OUT, r) += s·dy_sliceᵀ·u; du (N, r) = s·dy_slice·B (overwritten,
 * scratch); then dx (N, in) += du·A and dA (r, in) += duᵀ·x, the matmul's backward.
 */
export function loraBackward(dx: Vec, dA: Vec, dB: Vec, du: Vec, dy: Vec, x: Vec, u: Vec, A: Vec, B: Vec, g: LoraShape): void {
  const { N, inDim, rank: R, outDim, stride, offset, scale } = g;
  for (let o = 0; o < outDim; o++) {
    for (let j = 0; j < R; j++) {
      let acc = 0;
      for (let n = 0; n < N; n++) acc += dy[n * stride + offset + o] * u[n * R + j];
      dB[o * R + j] += scale * acc;
    }
  }
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < R; j++) {
      let acc = 0;
      for (let o = 0; o < outDim; o++) acc += dy[n * stride + offset + o] * B[o * R + j];
      du[n * R + j] = scale * acc;
    }
  }
  matmulBackward(dx, dA, du, x, A, N, inDim, R);
}
