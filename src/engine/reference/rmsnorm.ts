// CPU twin of shaders/rmsnorm.wgsl. Works on Float32Array or Float64Array (f64 for finite differences).
type Vec = Float32Array | Float64Array;

/** out = inp · rstd · weight per row, rstd = 1 / sqrt(mean(inp²) + eps), saved for the backward. */
export function rmsnormForward(out: Vec /*(N,C)*/, rstd: Vec /*(N)*/, inp: Vec /*(N,C)*/, weight: Vec /*(C)*/, N: number, C: number, eps: number): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    let ss = 0;
    for (let c = 0; c < C; c++) ss += inp[row + c] * inp[row + c];
    const r = 1 / Math.sqrt(ss / C + eps);
    rstd[n] = r;
    for (let c = 0; c < C; c++) out[row + c] = inp[row + c] * r * weight[c];
  }
}

/**
 * dinp += r·(w·dout − inp·r²·mean(w·dout·inp)); dweight += Σ_n dout·inp·r.
 */
export function rmsnormBackward(
  dinp: Vec /*(N,C)*/,
  dweight: Vec | null /*(C), null: a frozen norm*/,
  dout: Vec /*(N,C)*/,
  inp: Vec /*(N,C)*/,
  weight: Vec /*(C)*/,
  rstd: Vec /*(N)*/,
  N: number,
  C: number,
): void {
  for (let n = 0; n < N; n++) {
    const row = n * C;
    const r = rstd[n];
    let dot = 0;
    for (let c = 0; c < C; c++) dot += weight[c] * dout[row + c] * inp[row + c];
    const k = (r * r * dot) / C;
    for (let c = 0; c < C; c++) {
      dinp[row + c] += r * (weight[c] * dout[row + c] - inp[row + c] * k);
      if (dweight) dweight[c] += dout[row + c] * inp[row + c] * r;
    }
  }
}
