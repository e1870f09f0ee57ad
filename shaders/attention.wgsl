// Causal self-attention, fused (flash-attention style), grouped-query heads, scale 1/sqrt(hd).
// qkv (B,T,H+2KVH,hd): heads [0,H) queries, [H,H+KVH) keys, [H+KVH,H+2KVH) values; query head h
// reads kv head h / (H/KVH). Scores exist one tile at a time: memory is O(B·H·T), never O(T²).
//   forward             one thread per query row, walks key tiles with an online softmax; saves lse.
//   backward_preprocess dsum (B,H,T) = rowsum(dout ∘ out).
//   backward_dq         one thread per query row; recomputes p = exp(s − lse); dq += ds·k.
//   backward_dkdv       one thread per key row, walks the later queries of every head in its group
//                       (GQA sums inside the kernel: deterministic, no atomics); dk += ds·q, dv += p·dout.
// dqkv accumulates (+=), all three parts.

override HD: u32 = 32; // head dim, a multiple of 4, at most 4·MAX_HD4
override WG: u32 = 64; // rows (one per thread) per workgroup
override BT: u32 = 32; // rows per shared tile, at most MAX_BT

const MAX_HD4 = 32u;
const MAX_BT = 32u;
override HD4: u32 = HD / 4u;
override TILE: u32 = BT * HD / 4u; // vec4s per shared tile

// Params, the bindings, qkv_row, head_row and stat: shaders/lib/attention_io.wgsl, appended by the op.

var<workgroup> tile0: array<vec4f, TILE>; // K rows (forward, dq) or Q rows (dkdv)
var<workgroup> tile1: array<vec4f, TILE>; // V rows (forward, dq) or dout rows (dkdv)
var<workgroup> row0: array<f32, MAX_BT>;  // lse of the Q rows (dkdv)
var<workgroup> row1: array<f32, MAX_BT>;  // dsum of the Q rows (dkdv)


// K and V rows k0 .. k0+BT of kv head kh into tile0 / tile1, zero past T.
fn load_kv(b: u32, kh: u32, k0: u32, li: u32) {
  for (var i = li; i < TILE; i += WG) {
    let r = k0 + i / HD4;
    var k = vec4f(0.0);
    var v = vec4f(0.0);
    if (r < params.T) {
      k = qkv[qkv_row(b, r, params.H + kh) + i % HD4];
      v = qkv[qkv_row(b, r, params.H + params.KVH + kh) + i % HD4];
    }
    tile0[i] = k;
    tile1[i] = v;
  }
}

// Σ_d x[d]·tile[row][d]
fn dot0(x: array<vec4f, MAX_HD4>, row: u32) -> f32 {
  var s = 0.0;
  for (var d = 0u; d < HD4; d++) { s += dot(x[d], tile0[row * HD4 + d]); }
  return s;
}
fn dot1(x: array<vec4f, MAX_HD4>, row: u32) -> f32 {
  var s = 0.0;
  for (var d = 0u; d < HD4; d++) { s += dot(x[d], tile1[row * HD4 + d]); }
  return s;
}

// Keys k0 .. k0+n of the tile are visible to query t (causal); 0 for padding threads past T.
fn visible(t: u32, k0: u32) -> u32 {
  if (t >= params.T || t < k0) { return 0u; }
  return min(BT, t + 1u - k0);
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let b = wid.y / params.H;
  let h = wid.y % params.H;
  let kh = h / (params.H / params.KVH);
  let q0 = wid.x * WG;
  let t = q0 + li;
  var q: array<vec4f, MAX_HD4>; // pre-scaled by 1/sqrt(hd)
  var o: array<vec4f, MAX_HD4>;
  if (t < params.T) {
    for (var d = 0u; d < HD4; d++) { q[d] = qkv[qkv_row(b, t, h) + d] * params.scale; }
  }
  var m = -3.0e38;
  var l = 0.0;
  let kend = min(params.T, q0 + WG); // no query of this block sees a later key
  for (var k0 = 0u; k0 < kend; k0 += BT) {
    workgroupBarrier(); // the previous tile is consumed
    load_kv(b, kh, k0, li);
    workgroupBarrier();
    let n = visible(t, k0);
    var s: array<f32, MAX_BT>;
    var mt = m;
    for (var j = 0u; j < n; j++) {
      s[j] = dot0(q, j);
      mt = max(mt, s[j]);
    }
    if (n > 0u) {
      let corr = exp(m - mt); // rescale what was summed under the old max
      l *= corr;
      for (var d = 0u; d < HD4; d++) { o[d] *= corr; }
      for (var j = 0u; j < n; j++) {
        let p = exp(s[j] - mt);
        l += p;
        for (var d = 0u; d < HD4; d++) { o[d] += p * tile1[j * HD4 + d]; }
      }
      m = mt;
    }
  }
  if (t < params.T) {
    for (var d = 0u; d < HD4; d++) { out[head_row(b, t, h) + d] = o[d] / l; }
    lse[stat(b, h, t)] = m + log(l);
  }
}

@compute @workgroup_size(WG)
fn backward_preprocess(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_index) li: u32) {
  let row = (wid.y * nwg.x + wid.x) * WG + li; // over (B, T, H)
  if (row >= params.B * params.T * params.H) { return; }
  var s = 0.0;
  for (var d = 0u; d < HD4; d++) { s += dot(dout[row * HD4 + d], out[row * HD4 + d]); }
  let bt = row / params.H;
  dsum[stat(bt / params.T, row % params.H, bt % params.T)] = s;
}

@compute @workgroup_size(WG)
fn backward_dq(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let b = wid.y / params.H;
  let h = wid.y % params.H;
  let kh = h / (params.H / params.KVH);
  let q0 = wid.x * WG;
  let t = q0 + li;
  var q: array<vec4f, MAX_HD4>; // pre-scaled by 1/sqrt(hd)
  var g: array<vec4f, MAX_HD4>; // dout row
  var dq: array<vec4f, MAX_HD4>;
  var L = 0.0;
  var D = 0.0;
  if (t < params.T) {
    for (var d = 0u; d < HD4; d++) {
      q[d] = qkv[qkv_row(b, t, h) + d] * params.scale;
      g[d] = dout[head_row(b, t, h) + d];
    }
    L = lse[stat(b, h, t)];
    D = dsum[stat(b, h, t)];
  }
  let kend = min(params.T, q0 + WG);
  for (var k0 = 0u; k0 < kend; k0 += BT) {
    workgroupBarrier();
    load_kv(b, kh, k0, li);
    workgroupBarrier();
    let n = visible(t, k0);
    for (var j = 0u; j < n; j++) {
      let p = exp(dot0(q, j) - L);
      let ds = p * (dot1(g, j) - D);
      for (var d = 0u; d < HD4; d++) { dq[d] += ds * tile0[j * HD4 + d]; }
    }
  }
  if (t < params.T) {
    let r = qkv_row(b, t, h);
    for (var d = 0u; d < HD4; d++) { dqkv[r + d] += dq[d] * params.scale; }
  }
}

@compute @workgroup_size(WG)
fn backward_dkdv(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) li: u32) {
  let b = wid.y / params.KVH;
  let kh = wid.y % params.KVH;
  let G = params.H / params.KVH;
  let j0 = wid.x * WG;
  let j = j0 + li;
  var k: array<vec4f, MAX_HD4>; // pre-scaled by 1/sqrt(hd)
  var v: array<vec4f, MAX_HD4>;
  var dk: array<vec4f, MAX_HD4>;
  var dv: array<vec4f, MAX_HD4>;
  if (j < params.T) {
    for (var d = 0u; d < HD4; d++) {
      k[d] = qkv[qkv_row(b, j, params.H + kh) + d] * params.scale;
      v[d] = qkv[qkv_row(b, j, params.H + params.KVH + kh) + d];
    }
  }
  for (var h = kh * G; h < kh * G + G; h++) {
    for (var i0 = j0; i0 < params.T; i0 += BT) { // queries before j0 see none of these keys
      workgroupBarrier();
      for (var i = li; i < TILE; i += WG) {
        let r = i0 + i / HD4;
        var x = vec4f(0.0);
        var y = vec4f(0.0);
        if (r < params.T) {
          x = qkv[qkv_row(b, r, h) + i % HD4];
          y = dout[head_row(b, r, h) + i % HD4];
        }
        tile0[i] = x;
        tile1[i] = y;
      }
      for (var i = li; i < BT; i += WG) {
        let r = min(i0 + i, params.T - 1u);
        row0[i] = lse[stat(b, h, r)];
        row1[i] = dsum[stat(b, h, r)];
      }
      workgroupBarrier();
      // query rows i0+ii with j <= i0+ii < T
      let start = select(0u, min(j - i0, BT), j > i0);
      let end = select(min(BT, params.T - i0), 0u, j >= params.T);
      for (var ii = start; ii < end; ii++) {
        let p = exp(dot0(k, ii) - row0[ii]);
        let ds = p * (dot1(v, ii) - row1[ii]);
        for (var d = 0u; d < HD4; d++) {
          dv[d] += p * tile1[ii * HD4 + d];
          dk[d] += ds * tile0[ii * HD4 + d];
        }
      }
    }
  }
  if (j < params.T) {
    let rk = qkv_row(b, j, params.H + kh);
    let rv = qkv_row(b, j, params.H + params.KVH + kh);
    for (var d = 0u; d < HD4; d++) {
      dqkv[rk + d] += dk[d] * params.scale;
      dqkv[rv + d] += dv[d];
    }
  }
}
