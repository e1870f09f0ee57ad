// CPU twin of shaders/cross_entropy.wgsl: softmax cross-entropy with per-token weights (already divided by Σw).
type Vec = Float32Array | Float64Array;

/** log Σ_j exp(logits[row, j]), max-shifted. */
function logSumExp(logits: Vec, row: number, V: number): number {
  let m = -Infinity;
  for (let j = 0; j < V; j++) m = Math.max(m, logits[row + j]);
  let s = 0;
  for (let j = 0; j < V; j++) s += Math.exp(logits[row + j] - m);
  return m + Math.log(s);
}

/** losses[i] = weights[i]·(lse_i − logits[i, targets[i]]); returns Σ losses. A weight of 0 gives exactly 0. */
export function crossEntropyForward(losses: Vec /*(N)*/, logits: Vec /*(N,V)*/, targets: Int32Array /*(N)*/, weights: Vec /*(N)*/, N: number, V: number): number {
  let total = 0;
  for (let i = 0; i < N; i++) {
    const w = weights[i];
    losses[i] = w === 0 ? 0 : w * (logSumExp(logits, i * V, V) - logits[i * V + targets[i]]);
    total += losses[i];
  }
  return total;
}

/** dlogits[i, :] = weights[i]·(softmax − onehot(targets[i])); overwrites; dlogits may be logits itself. */
export function crossEntropyBackward(dlogits: Vec /*(N,V)*/, logits: Vec /*(N,V)*/, targets: Int32Array /*(N)*/, weights: Vec /*(N)*/, N: number, V: number): void {
  for (let i = 0; i < N; i++) {
    const row = i * V;
    const w = weights[i];
    if (w === 0) {
      dlogits.fill(0, row, row + V);
      continue;
    }
    const lse = logSumExp(logits, row, V);
    for (let j = 0; j < V; j++) dlogits[row + j] = w * (Math.exp(logits[row + j] - lse) - (j === targets[i] ? 1 : 0));
  }
}
