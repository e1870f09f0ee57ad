// CPU twin of shaders/sample.wgsl: the next token of each slot from its logits row.
// temperature 0: argmax (lowest index on ties). Otherwise s = logits · f32(1/temperature), then
//   top-k: keep s ≥ the k-th largest s (ties at the edge kept),
//   top-p: keep s ≥ the largest threshold whose kept mass Σ softmax(s) reaches topP of the top-k mass,
//   draw: Gumbel-max, argmax over kept i of s_i + g_i, g_i = −log(−log u_i), u_i = uniform(seed, row, step, i).
// Thresholds are found by bisection over order-preserving u32 keys of the f32 values, as the GPU does.
type Vec = Float32Array | Float64Array;

export interface SampleParams {
  temperature: number; // 0 = greedy
  topK: number; // 0 or ≥ V: off
  topP: number; // ≥ 1: off
  seed: number; // u32
}

/** lowbias32 (Chris Wellons): a strong 32-bit integer finaliser; identical in WGSL. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Counter-based uniform in (0, 1): 23 hashed bits + ½, exact in f32, keyed by (seed, row, step, i). */
export function uniform(seed: number, row: number, step: number, i: number): number {
  const h = mix32(mix32(mix32(mix32(seed) ^ row) ^ step) ^ i);
  return ((h >>> 9) + 0.5) / 8388608;
}

const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** Order-preserving u32 of an f32: a < b as floats ⇔ key(a) < key(b) (−0 just below +0). */
export function orderKey(x: number): number {
  asFloat[0] = x;
  const b = bits[0];
  return (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
}

/** Largest key K with pred(K) true, for pred monotone (true at lo). 32 halvings, as on the GPU. */
function bisect(lo: number, pred: (k: number) => boolean): number {
  let hi = 0xffffffff;
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (pred(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The chosen id for one logits row `z` (V). `row` and `step` key the random numbers. */
export function sampleRow(z: Vec, V: number, p: SampleParams, row: number, step: number): number {
  let best = 0;
  if (p.temperature <= 0) {
    for (let i = 1; i < V; i++) if (z[i] > z[best]) best = i;
    return best;
  }
  const s = new Float32Array(V);
  const keys = new Uint32Array(V);
  const invT = Math.fround(1 / p.temperature); // f32 multiply is correctly rounded in WGSL, division is not
  let max = -Infinity;
  for (let i = 0; i < V; i++) {
    s[i] = z[i] * invT;
    keys[i] = orderKey(s[i]);
    max = Math.max(max, s[i]);
  }
  let kmin = 0;
  if (p.topK > 0 && p.topK < V) {
    kmin = bisect(0, (k) => {
      let n = 0;
      for (let i = 0; i < V; i++) if (keys[i] >= k) n++;
      return n >= p.topK;
    });
  }
  if (p.topP < 1) {
    const mass = (k: number) => {
      let m = 0;
      for (let i = 0; i < V; i++) if (keys[i] >= k) m += Math.exp(s[i] - max);
      return m;
    };
    const target = p.topP * mass(kmin);
    kmin = bisect(kmin, (k) => mass(k) >= target);
  }
  let bestScore = -Infinity;
  best = -1;
  for (let i = 0; i < V; i++) {
    if (keys[i] < kmin) continue;
    const g = -Math.log(-Math.log(uniform(p.seed, row, step, i)));
    const score = s[i] + g;
    if (best < 0 || score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/**
 * ids (M) ← the chosen token of each slot; logits (M, V); slots (M, 4) = [row, pos, len, step] (row < 0: padding, skipped).
 */
export function sampleForward(ids: Int32Array, logits: Vec, slots: Int32Array, M: number, V: number, p: SampleParams): void {
  for (let m = 0; m < M; m++) {
    const row = slots[m * 4];
    if (row < 0) continue;
    ids[m] = sampleRow(logits.subarray(m * V, (m + 1) * V), V, p, row, slots[m * 4 + 3]);
  }
}
