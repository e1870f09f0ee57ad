// Causal self-attention for CPU implementations of WebGPU (lavapipe, SwiftShader): the same entry points,
// bindings and results as attention.wgsl (forward, backward_dq, backward_dkdv; backward_preprocess stays there),
// without workgroup memory or barriers. On a CPU a barrier is a coroutine switch that keeps every live value in
// memory, and a load inside a loop runs lane by lane, while a subgroup shuffle is a register extract. So a
// workgroup is one subgroup of SG rows, one per lane; the rows they walk come SG at a time, lane l loading row
// k0 + l, and reach every lane through subgroupShuffle. Lanes past T work on row T−1 and write nothing.

enable subgroups;

override HD: u32 = 32; // head dim, a multiple of 4, at most 4·MAX_HD4
override SG: u32 = 8;  // the device's subgroup size (fixed), also the workgroup size; at most MAX_SG

const MAX_HD4 = 32u;
const MAX_SG = 64u;
override HD4: u32 = HD / 4u;

// Params, the bindings, qkv_row, head_row and stat: shaders/lib/attention_io.wgsl, appended by the op.

struct KeyValue { k: array<vec4f, MAX_HD4>, v: array<vec4f, MAX_HD4> }

// Key and value of row t of kv head kh.
fn key_value(b: u32, t: u32, kh: u32) -> KeyValue {
  var kv: KeyValue;
  for (var d = 0u; d < HD4; d++) {
    kv.k[d] = qkv[qkv_row(b, t, params.H + kh) + d];
    kv.v[d] = qkv[qkv_row(b, t, params.H + params.KVH + kh) + d];
  }
  return kv;
}

// Σ_d x[d]·(lane j's y)[d]
fn dot_lane(x: array<vec4f, MAX_HD4>, y: array<vec4f, MAX_HD4>, j: u32) -> f32 {
  var s = 0.0;
  for (var d = 0u; d < HD4; d++) { s += dot(x[d], subgroupShuffle(y[d], j)); }
  return s;
}

@compute @workgroup_size(SG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  let b = wid.y / params.H;
  let h = wid.y % params.H;
  let kh = h / (params.H / params.KVH);
  let q0 = wid.x * SG;
  let t = min(q0 + lane, params.T - 1u);
  var q: array<vec4f, MAX_HD4>; // pre-scaled by 1/sqrt(hd)
  var o: array<vec4f, MAX_HD4>;
  for (var d = 0u; d < HD4; d++) { q[d] = qkv[qkv_row(b, t, h) + d] * params.scale; }
  var m = -3.0e38;
  var l = 0.0;
  let kend = min(params.T, q0 + SG); // no query of this block sees a later key
  for (var k0 = 0u; k0 < kend; k0 += SG) {
    let kv = key_value(b, min(k0 + lane, params.T - 1u), kh); // this lane's key row
    var s: array<f32, MAX_SG>;
    var mt = m;
    for (var j = 0u; j < SG; j++) {
      s[j] = select(-3.0e38, dot_lane(q, kv.k, j), k0 + j <= t); // causal: keys after t are masked
      mt = max(mt, s[j]);
    }
    let corr = exp(m - mt); // rescale what was summed under the old max
    l *= corr;
    for (var d = 0u; d < HD4; d++) { o[d] *= corr; }
    for (var j = 0u; j < SG; j++) {
      let p = select(0.0, exp(s[j] - mt), k0 + j <= t);
      l += p;
      for (var d = 0u; d < HD4; d++) { o[d] += p * subgroupShuffle(kv.v[d], j); }
    }
    m = mt;
  }
  if (q0 + lane < params.T) {
    for (var d = 0u; d < HD4; d++) { out[head_row(b, t, h) + d] = o[d] / l; }
    lse[stat(b, h, t)] = m + log(l);
  }
}

@compute @workgroup_size(SG)
fn backward_dq(@builtin(workgroup_id) wid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  let b = wid.y / params.H;
  let h = wid.y % params.H;
  let kh = h / (params.H / params.KVH);
  let q0 = wid.x * SG;
  let t = min(q0 + lane, params.T - 1u);
  var q: array<vec4f, MAX_HD4>; // pre-scaled by 1/sqrt(hd)
  var g: array<vec4f, MAX_HD4>; // dout row
  var dq: array<vec4f, MAX_HD4>;
  for (var d = 0u; d < HD4; d++) {
    q[d] = qkv[qkv_row(b, t, h) + d] * params.scale;
    g[d] = dout[head_row(b, t, h) + d];
  }
  let L = lse[stat(b, h, t)];
  let D = dsum[stat(b, h, t)];
  let kend = min(params.T, q0 + SG);
  for (var k0 = 0u; k0 < kend; k0 += SG) {
    let kv = key_value(b, min(k0 + lane, params.T - 1u), kh);
    for (var j = 0u; j < SG; j++) {
      let p = select(0.0, exp(dot_lane(q, kv.k, j) - L), k0 + j <= t);
      let ds = p * (dot_lane(g, kv.v, j) - D);
      for (var d = 0u; d < HD4; d++) { dq[d] += ds * subgroupShuffle(kv.k[d], j); }
    }
  }
  if (q0 + lane < params.T) {
    let r = qkv_row(b, t, h);
    for (var d = 0u; d < HD4; d++) { dqkv[r + d] += dq[d] * params.scale; }
  }
}

@compute @workgroup_size(SG)
fn backward_dkdv(@builtin(workgroup_id) wid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  let b = wid.y / params.KVH;
  let kh = wid.y % params.KVH;
  let G = params.H / params.KVH;
  let j0 = wid.x * SG;
  let j = min(j0 + lane, params.T - 1u);
  let kv = key_value(b, j, kh);
  var k: array<vec4f, MAX_HD4>; // pre-scaled by 1/sqrt(hd)
  for (var d = 0u; d < HD4; d++) { k[d] = kv.k[d] * params.scale; }
  var dk: array<vec4f, MAX_HD4>;
  var dv: array<vec4f, MAX_HD4>;
  for (var h = kh * G; h < kh * G + G; h++) {
    for (var i0 = j0; i0 < params.T; i0 += SG) { // queries before j0 see none of these keys
      let r = min(i0 + lane, params.T - 1u); // this lane's query row
      var q: array<vec4f, MAX_HD4>;
      var g: array<vec4f, MAX_HD4>;
      for (var d = 0u; d < HD4; d++) {
        q[d] = qkv[qkv_row(b, r, h) + d];
        g[d] = dout[head_row(b, r, h) + d];
      }
      let L = lse[stat(b, h, r)];
      let D = dsum[stat(b, h, r)];
      for (var i = 0u; i < SG; i++) {
        let visible = i0 + i >= j && i0 + i < params.T; // query i0+i sees key j
        let p = select(0.0, exp(dot_lane(k, q, i) - subgroupShuffle(L, i)), visible);
        let ds = p * (dot_lane(kv.v, g, i) - subgroupShuffle(D, i));
        for (var d = 0u; d < HD4; d++) {
          dv[d] += p * subgroupShuffle(g[d], i);
          dk[d] += ds * subgroupShuffle(q[d], i);
        }
      }
    }
  }
  if (j0 + lane < params.T) {
    let rk = qkv_row(b, j, params.H + kh);
    let rv = qkv_row(b, j, params.H + params.KVH + kh);
    for (var d = 0u; d < HD4; d++) {
      dqkv[rk + d] += dk[d] * params.scale;
      dqkv[rv + d] += dv[d];
    }
  }
}
