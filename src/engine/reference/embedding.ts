// CPU twin of shaders/embedding.wgsl. Works on Float32Array or Float64Array (f64 for finite differences).
type Vec = Float32Array | Float64Array;

/** out[n, :] = wte[tokens[n], :]. */
export function embeddingForward(out: Vec /*(N,C)*/, tokens: Int32Array /*(N)*/, wte: Vec /*(V,C)*/, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const src = tokens[n] * C;
    for (let c = 0; c < C; c++) out[n * C + c] = wte[src + c];
  }
}

/** dwte[tokens[n], :] += dout[n, :], rows of one token summed in ascending position order (as the GPU does). */
export function embeddingBackward(dwte: Vec /*(V,C)*/, dout: Vec /*(N,C)*/, tokens: Int32Array /*(N)*/, N: number, C: number): void {
  for (let n = 0; n < N; n++) {
    const dst = tokens[n] * C;
    for (let c = 0; c < C; c++) dwte[dst + c] += dout[n * C + c];
  }
}

export interface EmbeddingBuckets {
  /** (N) positions sorted by token; positions of one token stay in ascending order. */
  order: Int32Array;
  /** (N+1) start of the u-th distinct token's run in `order`; entries past the last run are N. */
  segStart: Int32Array;
  /** Number of distinct tokens. */
  unique: number;
}

/**
 * Groups the positions of a batch by token, so the GPU backward can give each distinct token one
 * workgroup that sums its rows in a fixed order: deterministic, no float atomics.
 */
export function embeddingBuckets(tokens: Int32Array, N = tokens.length): EmbeddingBuckets {
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  order.sort((a, b) => tokens[a] - tokens[b] || a - b);
  const segStart = new Int32Array(N + 1).fill(N);
  let unique = 0;
  for (let i = 0; i < N; i++) {
    if (i === 0 || tokens[order[i]] !== tokens[order[i - 1]]) segStart[unique++] = i;
  }
  return { order, segStart, unique };
}
