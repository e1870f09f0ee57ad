// The KV-cache side of generation (CPU twin: src/engine/reference/decode.ts).
// A step runs Tq tokens for each of M slots; slots (M, 4) i32 = [row, pos, len, step]: cache row (< 0: padding
// slot), cached positions before this chunk, valid tokens in it, new tokens so far (for the sampler).
// kv_append: rotate-half RoPE at position pos + t on q heads (in place) and k heads; k and v go to the cache
//   (rows, KVH, S, hd). One thread per (slot, t, head of q|k|v, i < hd/2).
// gather_last: out (M, C) = x[m, len − 1, :], the token whose logits choose the next one.

override WG: u32 = 256;

struct Params { M: u32, Tq: u32, H: u32, KVH: u32, hd: u32, S: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> qkv: array<f32>;    // (M, Tq, H+2KVH, hd)
@group(0) @binding(1) var<storage, read_write> kcache: array<f32>; // (rows, KVH, S, hd)
@group(0) @binding(2) var<storage, read_write> vcache: array<f32>; // (rows, KVH, S, hd)
@group(0) @binding(3) var<storage, read> slots: array<i32>;        // (M, 4)
@group(0) @binding(4) var<storage, read> inv_freq: array<f32>;     // (hd/2) theta^(-2i/hd), from the CPU in f64
@group(0) @binding(5) var<uniform> params: Params;

const TWO_PI_HI: f32 = 6.28125;                  // few mantissa bits: k·TWO_PI_HI is exact
const TWO_PI_LO: f32 = 0.0019353071795864769;    // 2π − TWO_PI_HI

// Angle reduced to [−π, π] (Cody–Waite) where WGSL's sin/cos accuracy is specified: as shaders/rope.wgsl.
fn reduce(a: f32) -> f32 {
  let k = round(a * 0.15915494309189535);
  return (a - k * TWO_PI_HI) - k * TWO_PI_LO;
}

@compute @workgroup_size(WG)
fn kv_append(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let gid = (wid.y * nwg.x + wid.x) * WG + lid.x;
  let half = params.hd / 2u;
  let heads = params.H + 2u * params.KVH;
  if (gid >= params.M * params.Tq * heads * half) { return; }
  let i = gid % half;
  let h = (gid / half) % heads;
  let mt = gid / (half * heads); // m·Tq + t
  let m = mt / params.Tq;
  let t = mt % params.Tq;
  let row = slots[m * 4u];
  if (row < 0 || i32(t) >= slots[m * 4u + 2u]) { return; }
  let pos = u32(slots[m * 4u + 1u]) + t;
  let base = (mt * heads + h) * params.hd;
  var x0 = qkv[base + i];
  var x1 = qkv[base + i + half];
  let is_v = h >= params.H + params.KVH;
  if (!is_v) {
    let angle = reduce(f32(pos) * inv_freq[i]);
    let c = cos(angle);
    let s = sin(angle);
    let r0 = x0 * c - x1 * s;
    x1 = x1 * c + x0 * s;
    x0 = r0;
  }
  if (h < params.H) {
    qkv[base + i] = x0;
    qkv[base + i + half] = x1;
    return;
  }
  var kvh = h - params.H;
  if (is_v) { kvh = kvh - params.KVH; }
  let dst = ((u32(row) * params.KVH + kvh) * params.S + pos) * params.hd;
  if (is_v) {
    vcache[dst + i] = x0;
    vcache[dst + i + half] = x1;
  } else {
    kcache[dst + i] = x0;
    kcache[dst + i + half] = x1;
  }
}

// gather_last binds its own variables so its bindings run 0..3 (makeDispatch binds in order).
@group(0) @binding(0) var<storage, read_write> last: array<f32>; // (M, C)
@group(0) @binding(1) var<storage, read> x: array<f32>;          // (M, Tq, C)
@group(0) @binding(2) var<storage, read> gslots: array<i32>;     // (M, 4)
@group(0) @binding(3) var<uniform> gparams: Params;

@compute @workgroup_size(WG)
fn gather_last(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let gid = (wid.y * nwg.x + wid.x) * WG + lid.x;
  if (gid >= gparams.M * gparams.C) { return; }
  let m = gid / gparams.C;
  let c = gid % gparams.C;
  let len = u32(clamp(gslots[m * 4u + 2u], 1, i32(gparams.Tq)));
  if (gslots[m * 4u] < 0) {
    last[gid] = 0.0;
    return;
  }
  last[gid] = x[(m * gparams.Tq + len - 1u) * gparams.C + c];
}
