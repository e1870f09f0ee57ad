// CPU twin of shaders/rope.wgsl: Hugging Face rotate-half RoPE, in place on the q and k heads of qkv.
import { ropeInvFreq, type Rope } from '../rope-frequencies';

type Vec = Float32Array | Float64Array;

/** pos·invFreq rounded as Hugging Face computes it in f32 (inv_freq in f32, then the f32 product), as the GPU does. */
export function ropeAngle(pos: number, invFreq: number): number {
  return Math.fround(pos * invFreq);
}

/** Rotates pairs (x[i], x[i+hd/2]) of every q and k head by ±angle, angle = pos·invFreq[i] (rope-frequencies.ts). */
function rotate(qkv: Vec, B: number, T: number, H: number, KVH: number, hd: number, rope: Rope, posOffset: number, sign: number): void {
  const half = hd / 2;
  const heads = H + 2 * KVH;
  const invFreq = ropeInvFreq(hd, rope);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const pos = posOffset + t;
      for (let h = 0; h < H + KVH; h++) {
        const base = ((b * T + t) * heads + h) * hd;
        for (let i = 0; i < half; i++) {
          const angle = ropeAngle(pos, invFreq[i]);
          const cos = Math.cos(angle);
          const sin = sign * Math.sin(angle);
          const x0 = qkv[base + i];
          const x1 = qkv[base + i + half];
          qkv[base + i] = x0 * cos - x1 * sin;
          qkv[base + i + half] = x1 * cos + x0 * sin;
        }
      }
    }
  }
}

/** qkv (B, T, H+2KVH, hd), in place: q and k heads rotated at positions posOffset..posOffset+T-1; v untouched. */
export function ropeForward(qkv: Vec, B: number, T: number, H: number, KVH: number, hd: number, rope: Rope, posOffset = 0): void {
  rotate(qkv, B, T, H, KVH, hd, rope, posOffset, 1);
}

/** dqkv (B, T, H+2KVH, hd), in place: the inverse rotation (the rotation is orthogonal, so its transpose). */
export function ropeBackward(dqkv: Vec, B: number, T: number, H: number, KVH: number, hd: number, rope: Rope, posOffset = 0): void {
  rotate(dqkv, B, T, H, KVH, hd, rope, posOffset, -1);
}
