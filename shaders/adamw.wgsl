// AdamW over the flat parameter buffer, with global gradient-norm clipping read from the GPU.
// norm_partial: partial[w] = Σ g² over a grid-strided share of grads (one workgroup each).
// norm_final:   norm_sq[0] = Σ partial (one workgroup). Fixed order: deterministic.
// step: g = grad·min(1, clip/‖g‖); m, v updated; param −= lr·(m̂/(√v̂ + eps) + wd·param), wd on [0, decayEnd) only.
// The clip scale comes from norm_sq on the GPU, so nothing waits for a readback.

override WG: u32 = 256;       // step: one thread per parameter
override NORM_WG: u32 = 256;  // norm stages; power of two (tree reduction)

struct NormParams { n: u32, partials: u32 }
struct StepParams {
  n: u32, decayEnd: u32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32,
  bc1: f32, bc2: f32,   // 1 − beta^step, bias corrections
  gradClip: f32,        // ≤ 0: no clipping
}

// norm_partial bindings
@group(0) @binding(0) var<storage, read> grads_n: array<f32>;        // (n)
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;  // (partials)
@group(0) @binding(2) var<uniform> np: NormParams;

// norm_final bindings (np at 2)
@group(0) @binding(0) var<storage, read> partial_in: array<f32>;     // (partials)
@group(0) @binding(1) var<storage, read_write> norm_sq: array<f32>;  // (1) Σ g²

// step bindings
@group(0) @binding(0) var<storage, read_write> param: array<f32>;    // (n)
@group(0) @binding(1) var<storage, read> grad: array<f32>;           // (n)
@group(0) @binding(2) var<uniform> sp: StepParams;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;        // (n) first moment
@group(0) @binding(4) var<storage, read_write> v: array<f32>;        // (n) second moment
@group(0) @binding(5) var<storage, read> norm_sq_in: array<f32>;     // (1) Σ g² from norm_final

var<workgroup> red: array<f32, NORM_WG>;

fn wg_sum(x: f32, lid: u32) -> f32 {
  red[lid] = x;
  workgroupBarrier();
  for (var s = NORM_WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  return red[0];
}

@compute @workgroup_size(NORM_WG)
fn norm_partial(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  var acc = 0.0;
  for (var i = wid.x * NORM_WG + lid.x; i < np.n; i += np.partials * NORM_WG) { acc += grads_n[i] * grads_n[i]; }
  let total = wg_sum(acc, lid.x);
  if (lid.x == 0u) { partial[wid.x] = total; }
}

@compute @workgroup_size(NORM_WG)
fn norm_final(@builtin(local_invocation_id) lid: vec3u) {
  var acc = 0.0;
  for (var i = lid.x; i < np.partials; i += NORM_WG) { acc += partial_in[i]; }
  let total = wg_sum(acc, lid.x);
  if (lid.x == 0u) { norm_sq[0] = total; }
}

@compute @workgroup_size(WG)
fn step(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid.x;
  if (i >= sp.n) { return; }
  let norm = sqrt(norm_sq_in[0]);
  let scale = select(1.0, sp.gradClip / norm, sp.gradClip > 0.0 && norm > sp.gradClip);
  let g = grad[i] * scale;
  let mi = sp.beta1 * m[i] + (1.0 - sp.beta1) * g;
  let vi = sp.beta2 * v[i] + (1.0 - sp.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  let decay = select(0.0, sp.weightDecay, i < sp.decayEnd);
  let p = param[i];
  param[i] = p - sp.lr * ((mi / sp.bc1) / (sqrt(vi / sp.bc2) + sp.eps) + decay * p);
}
