// Softmax cross-entropy with per-token weights (already divided by Σw), any vocabulary size.
// forward:  losses[i] = w_i·(lse_i − logits[i, t_i]).
// backward: dlogits[i, :] = w_i·(softmax(logits[i, :]) − onehot(t_i)), overwriting. forward_backward_inplace
// does both in one pass, writing dlogits over the logits (the buffer is bound once, read_write).
// w_i = 0 gives exactly 0 loss and gradient.
// One workgroup per row: each thread keeps an online (max, Σexp) over its strided columns, then the
// workgroup merges those pairs in a tree.

override WG: u32 = 256; // power of two (tree reduction)

struct Params { N: u32, V: u32 }
@group(0) @binding(0) var<storage, read> targets: array<i32>;  // (N)
@group(0) @binding(1) var<storage, read> weights: array<f32>;  // (N) already divided by Σw
@group(0) @binding(2) var<uniform> params: Params;

// forward bindings
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;  // (N)
@group(0) @binding(4) var<storage, read> logits: array<f32>;        // (N, V)

// backward bindings (logits at 4 as above)
@group(0) @binding(3) var<storage, read_write> dlogits: array<f32>; // (N, V), overwritten

// forward_backward_inplace bindings (losses at 3 as in forward)
@group(0) @binding(4) var<storage, read_write> logits_then_dlogits: array<f32>; // (N, V) logits in, dlogits out

const LOWEST: f32 = -3.4028234663852886e38; // finite, so exp(LOWEST − LOWEST) is 1, not NaN

var<workgroup> red_m: array<f32, WG>;
var<workgroup> red_s: array<f32, WG>;

// Adds x to a running (max, Σ exp(· − max)) with one exp.
fn online(ms: vec2f, x: f32) -> vec2f {
  if (x > ms.x) { return vec2f(x, ms.y * exp(ms.x - x) + 1.0); }
  return vec2f(ms.x, ms.y + exp(x - ms.x));
}

fn merge(a: vec2f, b: vec2f) -> vec2f {
  let m = max(a.x, b.x);
  return vec2f(m, a.y * exp(a.x - m) + b.y * exp(b.x - m));
}

// log Σ exp over the row from each thread's partial (max, Σexp); every thread gets it.
fn wg_lse(ms: vec2f, lid: u32) -> f32 {
  red_m[lid] = ms.x;
  red_s[lid] = ms.y;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let r = merge(vec2f(red_m[lid], red_s[lid]), vec2f(red_m[lid + s], red_s[lid + s]));
      red_m[lid] = r.x;
      red_s[lid] = r.y;
    }
    workgroupBarrier();
  }
  return red_m[0] + log(red_s[0]);
}

fn grad(x: f32, lse: f32, j: u32, t: u32, w: f32) -> f32 {
  if (w == 0.0) { return 0.0; }
  return w * (exp(x - lse) - select(0.0, 1.0, j == t));
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = wid.y * nwg.x + wid.x;
  if (i >= params.N) { return; }
  let row = i * params.V;
  var ms = vec2f(LOWEST, 0.0);
  for (var j = lid.x; j < params.V; j += WG) { ms = online(ms, logits[row + j]); }
  let lse = wg_lse(ms, lid.x);
  if (lid.x == 0u) {
    let w = weights[i];
    losses[i] = select(w * (lse - logits[row + u32(targets[i])]), 0.0, w == 0.0);
  }
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = wid.y * nwg.x + wid.x;
  if (i >= params.N) { return; }
  let row = i * params.V;
  var ms = vec2f(LOWEST, 0.0);
  for (var j = lid.x; j < params.V; j += WG) { ms = online(ms, logits[row + j]); }
  let lse = wg_lse(ms, lid.x);
  let t = u32(targets[i]);
  let w = weights[i];
  for (var j = lid.x; j < params.V; j += WG) { dlogits[row + j] = grad(logits[row + j], lse, j, t, w); }
}

// forward and backward in one pass, in place: each element is read by the thread that overwrites it,
// after wg_lse's barriers; the thread owning the target column takes the loss from it first.
@compute @workgroup_size(WG)
fn forward_backward_inplace(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = wid.y * nwg.x + wid.x;
  if (i >= params.N) { return; }
  let row = i * params.V;
  var ms = vec2f(LOWEST, 0.0);
  for (var j = lid.x; j < params.V; j += WG) { ms = online(ms, logits_then_dlogits[row + j]); }
  let lse = wg_lse(ms, lid.x);
  let t = u32(targets[i]);
  let w = weights[i];
  for (var j = lid.x; j < params.V; j += WG) {
    let x = logits_then_dlogits[row + j];
    if (j == t) { losses[i] = select(w * (lse - x), 0.0, w == 0.0); }
    logits_then_dlogits[row + j] = grad(x, lse, j, t, w);
  }
}
