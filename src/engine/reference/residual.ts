// CPU twin of shaders/residual.wgsl. Works on Float32Array or Float64Array (f64 for finite differences).
type Vec = Float32Array | Float64Array;

/** out = inp1 + inp2. */
export function residualForward(out: Vec, inp1: Vec, inp2: Vec, n: number): void {
  for (let i = 0; i < n; i++) out[i] = inp1[i] + inp2[i];
}

/** dinp1 += dout, dinp2 += dout. */
export function residualBackward(dinp1: Vec, dinp2: Vec, dout: Vec, n: number): void {
  for (let i = 0; i < n; i++) {
    dinp1[i] += dout[i];
    dinp2[i] += dout[i];
  }
}
