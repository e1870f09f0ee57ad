// Causal attention of new queries over the KV cache (CPU twin: src/engine/reference/attention_decode.ts).
// Query t of slot m (position pos + t) attends to cached positions [0, pos + t] of its row; query head h
// reads kv head h / (H / KVH). One workgroup per (m, t, h): keys in blocks of WG, one score per thread,
// online softmax across blocks; each thread owns output dims tid, tid + WG, … (hd ≤ 4·WG). Chunks use
// `per_query` (below), a thread per query.
// slots (M, 4) i32 = [row, pos, len, step]; padding slots and tokens t ≥ len write zeros.

override WG: u32 = 64;
const MAX_HD: u32 = 128u;
const PER_THREAD: u32 = 4u; // output dims per thread: hd ≤ PER_THREAD·WG
const NEG_BIG: f32 = -3.0e38;

struct Params { M: u32, Tq: u32, H: u32, KVH: u32, hd: u32, S: u32, scale: f32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // (M, Tq, H, hd)
@group(0) @binding(1) var<storage, read> qkv: array<f32>;       // (M, Tq, H+2KVH, hd), q heads rotated
@group(0) @binding(2) var<storage, read> kcache: array<f32>;    // (rows, KVH, S, hd)
@group(0) @binding(3) var<storage, read> vcache: array<f32>;    // (rows, KVH, S, hd)
@group(0) @binding(4) var<storage, read> slots: array<i32>;     // (M, 4)
@group(0) @binding(5) var<uniform> params: Params;

var<workgroup> q_s: array<f32, MAX_HD>;  // the query, pre-scaled
var<workgroup> s_s: array<f32, WG>;      // this block's scores
var<workgroup> p_s: array<f32, WG>;      // this block's exp(score − running max)
var<workgroup> info: vec2<i32>;          // (row, keys to attend; 0 = nothing to do)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let g = wid.y * nwg.x + wid.x; // (m·Tq + t)·H + h
  let H = params.H;
  let hd = params.hd;
  if (g >= params.M * params.Tq * H) { return; }
  let tid = lid.x;
  let h = g % H;
  let mt = g / H;
  let m = mt / params.Tq;
  let t = mt % params.Tq;
  if (tid == 0u) {
    let row = slots[m * 4u];
    let valid = row >= 0 && i32(t) < slots[m * 4u + 2u];
    info = vec2<i32>(row, select(0, slots[m * 4u + 1u] + i32(t) + 1, valid));
  }
  let inf = workgroupUniformLoad(&info); // slot fields come from storage: made uniform for the loops below
  let n = u32(inf.y);
  let o = g * hd;
  if (n == 0u) {
    for (var d = tid; d < hd; d += WG) { out[o + d] = 0.0; }
    return;
  }
  let qb = (mt * (H + 2u * params.KVH) + h) * hd;
  for (var d = tid; d < hd; d += WG) { q_s[d] = qkv[qb + d] * params.scale; }
  workgroupBarrier();

  let kv = (u32(inf.x) * params.KVH + h / (H / params.KVH)) * params.S;
  var run_max = NEG_BIG;
  var run_sum = 0.0;
  var acc = array<f32, PER_THREAD>();
  for (var j0 = 0u; j0 < n; j0 += WG) {
    let cnt = min(WG, n - j0);
    var s = NEG_BIG;
    if (tid < cnt) {
      s = 0.0;
      let kb = (kv + j0 + tid) * hd;
      for (var d = 0u; d < hd; d++) { s += q_s[d] * kcache[kb + d]; }
    }
    s_s[tid] = s;
    workgroupBarrier();
    var block_max = run_max;
    for (var u = 0u; u < cnt; u++) { block_max = max(block_max, s_s[u]); }
    p_s[tid] = exp(s - block_max); // padding threads: exp(−huge) = 0
    workgroupBarrier();
    let corr = exp(run_max - block_max);
    run_sum *= corr;
    for (var k = 0u; k < PER_THREAD; k++) { acc[k] *= corr; }
    for (var u = 0u; u < cnt; u++) {
      let p = p_s[u];
      run_sum += p;
      let vb = (kv + j0 + u) * hd;
      for (var k = 0u; k < PER_THREAD; k++) {
        let d = tid + k * WG;
        if (d < hd) { acc[k] += p * vcache[vb + d]; }
      }
    }
    run_max = block_max;
    workgroupBarrier(); // s_s and p_s are rewritten by the next block
  }
  for (var k = 0u; k < PER_THREAD; k++) {
    let d = tid + k * WG;
    if (d < hd) { out[o + d] = acc[k] / run_sum; }
  }
}

// Chunks (prefill, Tq > 1) have queries enough to fill the device: one thread per (m, t, h), keys in a
// sequential online softmax, no barriers. Same result as `main` up to summation order.
@compute @workgroup_size(WG)
fn per_query(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let g = (wid.y * nwg.x + wid.x) * WG + lid.x; // (m·Tq + t)·H + h
  let H = params.H;
  let hd = params.hd;
  if (g >= params.M * params.Tq * H) { return; }
  let h = g % H;
  let mt = g / H;
  let m = mt / params.Tq;
  let t = mt % params.Tq;
  let row = slots[m * 4u];
  let o = g * hd;
  if (row < 0 || i32(t) >= slots[m * 4u + 2u]) {
    for (var d = 0u; d < hd; d++) { out[o + d] = 0.0; }
    return;
  }
  let n = u32(slots[m * 4u + 1u]) + t + 1u;
  let qb = (mt * (H + 2u * params.KVH) + h) * hd;
  var q: array<f32, MAX_HD>;
  var acc: array<f32, MAX_HD>;
  for (var d = 0u; d < hd; d++) { q[d] = qkv[qb + d] * params.scale; }
  let kv = (u32(row) * params.KVH + h / (H / params.KVH)) * params.S;
  var run_max = NEG_BIG;
  var run_sum = 0.0;
  for (var j = 0u; j < n; j++) {
    let kb = (kv + j) * hd;
    var s = 0.0;
    for (var d = 0u; d < hd; d++) { s += q[d] * kcache[kb + d]; }
    if (s > run_max) {
      let corr = exp(run_max - s);
      run_sum *= corr;
      for (var d = 0u; d < hd; d++) { acc[d] *= corr; }
      run_max = s;
    }
    let p = exp(s - run_max);
    run_sum += p;
    for (var d = 0u; d < hd; d++) { acc[d] += p * vcache[kb + d]; }
  }
  for (var d = 0u; d < hd; d++) { out[o + d] = acc[d] / run_sum; }
}
