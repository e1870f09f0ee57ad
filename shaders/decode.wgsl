// The KV-cache side of generation (CPU twin: src/engine/reference/decode.ts).
// A step runs Tq tokens for each of M slots; slots (M, 4) i32 = [row, pos, len, step]: cache row (< 0: padding
// slot), cached positions before this chunk, valid tokens in it, new tokens so far (for the sampler).
// kv_append: rotate-half RoPE (as shaders/rope.wgsl) at position pos + t on q heads (in place) and k heads; k, v to the cache
//   (rows, KVH, S, hd). One thread per (slot, t, head of q|k|v, i < hd/2).
// gather_last: out (M, C) = x[m, len − 1, :], the token whose logits choose the next one.

override WG: u32 = 256;

struct Params { M: u32, Tq: u32, H: u32, KVH: u32, hd: u32, S: u32, C: u32 }

@group(0) @binding(0) var<storage, read_write> qkv: array<f32>;    // (M, Tq, H+2KVH, hd)
@group(0) @binding(1) var<storage, read_write> kcache: array<f32>; // (rows, KVH, S, hd)
@group(0) @binding(2) var<storage, read_write> vcache: array<f32>; // (rows, KVH, S, hd)
@group(0) @binding(3) var<storage, read> slots: array<i32>;        // (M, 4)
@group(0) @binding(4) var<storage, read> inv_freq: array<f32>;     // (hd/2) as rope.wgsl: from the CPU (rope-frequencies.ts)
@group(0) @binding(5) var<uniform> params: Params;

// cos_sin(a) comes from shaders/lib/cos_sin.wgsl (as in rope.wgsl), appended by src/engine/ops/decode.ts,
// so cached keys match the training forward's RoPE.

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
    let cs = cos_sin(f32(pos) * inv_freq[i]);
    let r0 = x0 * cs.x - x1 * cs.y;
    x1 = x1 * cs.x + x0 * cs.y;
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
