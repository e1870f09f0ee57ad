// The next token of each slot, chosen on the GPU (CPU twin: src/engine/reference/sample.ts).
// greedy: argmax of the logits (lowest index on ties). Otherwise s = logits · (1/temperature), then
//   top-k: keep s ≥ the k-th largest s;  top-p: keep s ≥ the largest threshold whose kept softmax mass
//   reaches topP of the top-k mass;  draw: argmax over kept i of s_i − log(−log u_i) (Gumbel-max), with
//   u_i from a counter-based hash of (seed, row, step, i), so a draw needs no state and no sort.
// Thresholds: bisection over order-preserving u32 keys of s, one workgroup reduction per halving.
// One workgroup per slot; slots (M, 4) i32 = [row, pos, len, step], row < 0: padding, skipped.

override WG: u32 = 256; // a power of two

struct Params { M: u32, V: u32, invT: f32, topK: u32, topP: f32, seed: u32, greedy: u32 }

@group(0) @binding(0) var<storage, read_write> ids: array<i32>; // (M)
@group(0) @binding(1) var<storage, read> logits: array<f32>;    // (M, V)
@group(0) @binding(2) var<storage, read> slots: array<i32>;     // (M, 4)
@group(0) @binding(3) var<uniform> params: Params;

const NO_INDEX: u32 = 0xffffffffu;

var<workgroup> red_f: array<f32, WG>;
var<workgroup> red_u: array<u32, WG>;
var<workgroup> res_f: f32;
var<workgroup> res_u: u32;
var<workgroup> info: vec2<i32>; // (row, step)

fn order_key(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

// lowbias32 (Chris Wellons), the same integer ops as mix32 in the twin.
fn mix32(x: u32) -> u32 {
  var h = x;
  h ^= h >> 16u;
  h *= 0x7feb352du;
  h ^= h >> 15u;
  h *= 0x846ca68bu;
  h ^= h >> 16u;
  return h;
}

fn uniform01(row: u32, step: u32, i: u32) -> f32 {
  let h = mix32(mix32(mix32(mix32(params.seed) ^ row) ^ step) ^ i);
  return (f32(h >> 9u) + 0.5) * (1.0 / 8388608.0);
}

fn sum_f(tid: u32, v: f32) -> f32 {
  red_f[tid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { red_f[tid] += red_f[tid + s]; }
    workgroupBarrier();
  }
  if (tid == 0u) { res_f = red_f[0]; }
  return workgroupUniformLoad(&res_f);
}

fn max_f(tid: u32, v: f32) -> f32 {
  red_f[tid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (tid < s) { red_f[tid] = max(red_f[tid], red_f[tid + s]); }
    workgroupBarrier();
  }
  if (tid == 0u) { res_f = red_f[0]; }
  return workgroupUniformLoad(&res_f);
}

// Index of the largest (value, −index) pair over the workgroup; NO_INDEX when no thread had a candidate.
fn argmax(tid: u32, v: f32, i: u32) -> u32 {
  red_f[tid] = v;
  red_u[tid] = i;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (tid < s) {
      let vb = red_f[tid + s];
      let ib = red_u[tid + s];
      if (ib != NO_INDEX && (red_u[tid] == NO_INDEX || vb > red_f[tid] || (vb == red_f[tid] && ib < red_u[tid]))) {
        red_f[tid] = vb;
        red_u[tid] = ib;
      }
    }
    workgroupBarrier();
  }
  if (tid == 0u) { res_u = red_u[0]; }
  return workgroupUniformLoad(&res_u);
}

// Counts below 2^24 are exact in f32, so one float reduction serves counts and masses.
fn count_ge(tid: u32, base: u32, k: u32) -> f32 {
  var n = 0.0;
  for (var i = tid; i < params.V; i += WG) { n += select(0.0, 1.0, order_key(logits[base + i] * params.invT) >= k); }
  return sum_f(tid, n);
}

fn mass_ge(tid: u32, base: u32, k: u32, mx: f32) -> f32 {
  var m = 0.0;
  for (var i = tid; i < params.V; i += WG) {
    let s = logits[base + i] * params.invT;
    if (order_key(s) >= k) { m += exp(s - mx); }
  }
  return sum_f(tid, m);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let slot = wid.x;
  let tid = lid.x;
  if (tid == 0u) { info = vec2<i32>(slots[slot * 4u], slots[slot * 4u + 3u]); }
  let inf = workgroupUniformLoad(&info);
  if (inf.x < 0) { return; }
  let V = params.V;
  let base = slot * V;

  if (params.greedy != 0u) {
    var bv = 0.0;
    var bi = NO_INDEX;
    for (var i = tid; i < V; i += WG) {
      let z = logits[base + i];
      if (bi == NO_INDEX || z > bv) { bv = z; bi = i; } // strict: the lowest index wins ties
    }
    let best = argmax(tid, bv, bi);
    if (tid == 0u) { ids[slot] = i32(select(best, 0u, best == NO_INDEX)); }
    return;
  }

  var mx = -3.0e38;
  for (var i = tid; i < V; i += WG) { mx = max(mx, logits[base + i] * params.invT); }
  mx = max_f(tid, mx);
  var kmin = 0u;
  if (params.topK > 0u && params.topK < V) {
    var hi = 0xffffffffu;
    while (kmin < hi) {
      let mid = kmin + (hi - kmin) / 2u + ((hi - kmin) & 1u);
      if (count_ge(tid, base, mid) >= f32(params.topK)) { kmin = mid; } else { hi = mid - 1u; }
    }
  }
  if (params.topP < 1.0) {
    let want = params.topP * mass_ge(tid, base, kmin, mx);
    var hi = 0xffffffffu;
    while (kmin < hi) {
      let mid = kmin + (hi - kmin) / 2u + ((hi - kmin) & 1u);
      if (mass_ge(tid, base, mid, mx) >= want) { kmin = mid; } else { hi = mid - 1u; }
    }
  }
  var bv = 0.0;
  var bi = NO_INDEX;
  for (var i = tid; i < V; i += WG) {
    let s = logits[base + i] * params.invT;
    if (order_key(s) < kmin) { continue; }
    let score = s - log(-log(uniform01(u32(inf.x), u32(inf.y), i)));
    if (bi == NO_INDEX || score > bv) { bv = score; bi = i; }
  }
  let best = argmax(tid, bv, bi);
  if (tid == 0u) { ids[slot] = i32(select(best, 0u, best == NO_INDEX)); }
}
