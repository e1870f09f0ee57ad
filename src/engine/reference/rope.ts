// CPU twin of shaders/rope.wgsl: Hugging Face rotate-half RoPE, in place on the q and k heads of qkv.
type Vec = Float32Array | Float64Array;

/** pos·theta^(-2i/hd) rounded as Hugging Face computes it in f32 (inv_freq in f32, then the f32 product), as the GPU does. */
export function ropeAngle(pos: number, i: number, hd: number, theta: number): number {
  return Math.fround(pos * Math.fround(Math.pow(theta, (-2 * i) / hd)));
}

/** Rotates pairs (x[i], x[i+hd/2]) of every q and k head by ±angle, angle = pos·theta^(-2i/hd). */
function rotate(qkv: Vec, B: number, T: number, H: number, KVH: number, hd: number, theta: number, posOffset: number, sign: number): void {
  const half = hd / 2;
  const heads = H + 2 * KVH;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const pos = posOffset + t;
      for (let h = 0; h < H + KVH; h++) {
        const base = ((b * T + t) * heads + h) * hd;
        for (let i = 0; i < half; i++) {
          const angle = ropeAngle(pos, i, hd, theta);
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
export function ropeForward(qkv: Vec, B: number, T: number, H: number, KVH: number, hd: number, theta: number, posOffset = 0): void {
  rotate(qkv, B, T, H, KVH, hd, theta, posOffset, 1);
}

/** dqkv (B, T, H+2KVH, hd), in place: the inverse rotation (the rotation is orthogonal, so its transpose). */
export function ropeBackward(dqkv: Vec, B: number, T: number, H: number, KVH: number, hd: number, theta: number, posOffset = 0): void {
  rotate(dqkv, B, T, H, KVH, hd, theta, posOffset, -1);
}
