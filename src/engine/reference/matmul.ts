// CPU twin of shaders/matmul.wgsl and shaders/matmul_subgroup.wgsl.
// Works on Float32Array or Float64Array (f64 for finite differences).
// Hugging Face linear layout: weight is (OC, C) and out = inp · Wᵀ.
type Vec = Float32Array | Float64Array;

/** out (N,OC) = inp (N,C) · weight (OC,C)ᵀ. Overwrites out. */
export function matmulForward(out: Vec, inp: Vec, weight: Vec, N: number, C: number, OC: number): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    for (let o = 0; o < OC; o++) {
      const w = o * C;
      let s = 0;
      for (let c = 0; c < C; c++) s += inp[row + c] * weight[w + c];
      out[n * OC + o] = s;
    }
  }
}

/** dinp (N,C) += dout (N,OC) · weight (OC,C); dweight (OC,C) += doutᵀ · inp (N,C), unless null (a frozen weight). */
export function matmulBackward(dinp: Vec, dweight: Vec | null, dout: Vec, inp: Vec, weight: Vec, N: number, C: number, OC: number): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    for (let o = 0; o < OC; o++) {
      const g = dout[n * OC + o];
      if (g === 0) continue; // rows of zero gradient (padding) add nothing
      const w = o * C;
      if (!dweight) {
        for (let c = 0; c < C; c++) dinp[row + c] += g * weight[w + c];
        continue;
      }
      for (let c = 0; c < C; c++) {
        dinp[row + c] += g * weight[w + c];
        dweight[w + c] += g * inp[row + c];
      }
    }
  }
}
