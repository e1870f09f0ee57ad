// CPU twin of shaders/swiglu.wgsl. Works on Float32Array or Float64Array (f64 for finite differences).
type Vec = Float32Array | Float64Array;

/** out[n, f] = silu(gate)·up, gate = gateup[n, f], up = gateup[n, F + f]. */
export function swigluForward(out: Vec /*(N,F)*/, gateup: Vec /*(N,2F)*/, N: number, F: number): void {
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const g = gateup[n * 2 * F + f];
      const u = gateup[n * 2 * F + F + f];
      out[n * F + f] = (g / (1 + Math.exp(-g))) * u;
    }
  }
}

/** dgate += dout·up·silu'(gate), dup += dout·silu(gate); silu'(g) = s·(1 + g·(1 − s)), s = sigmoid(g). */
export function swigluBackward(dgateup: Vec /*(N,2F)*/, dout: Vec /*(N,F)*/, gateup: Vec /*(N,2F)*/, N: number, F: number): void {
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const gi = n * 2 * F + f;
      const g = gateup[gi];
      const u = gateup[gi + F];
      const s = 1 / (1 + Math.exp(-g));
      const d = dout[n * F + f];
      dgateup[gi] += d * u * s * (1 + g * (1 - s));
      dgateup[gi + F] += d * g * s;
    }
  }
}
