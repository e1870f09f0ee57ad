// LoRA's rank-r side of one frozen projection (src/engine/ops/lora.ts; CPU twin src/engine/reference/lora.ts).
// The adapter adds s·B·A·x to columns [off, off + OUT) of y (N, stride): q, k, v write slices of the fused qkv
// activation and gate, up of gateup. u = x·Aᵀ and the backward dx += du·A, dA += duᵀ·x are plain matmuls
// (shaders/matmul.wgsl); this module holds the three products that touch the strided slice and the scale s:
//   up:     y[n, off + o] += s · Σ_j u[n, j] · B[o, j]     one thread per (n, o)
//   grad_u: du[n, j] = s · Σ_o dy[n, off + o] · B[o, j]    one thread per (n, j); overwrites (scratch)
//   grad_b: dB[o, j] += s · Σ_n dy[n, off + o] · u[n, j]   one thread per (o, j), rows summed in order:
//           deterministic, no atomics; r is small, so each thread's loop is short except over n.
// Consecutive threads take consecutive columns o of the slice, so their reads of y or dy are contiguous.

override WG: u32 = 256;

struct Params { N: u32, R: u32, OUT: u32, stride: u32, off: u32, scale: f32 }
@group(0) @binding(3) var<uniform> params: Params;

// up bindings
@group(0) @binding(0) var<storage, read_write> y: array<f32>;  // (N, stride)
@group(0) @binding(1) var<storage, read> u: array<f32>;        // (N, R)
@group(0) @binding(2) var<storage, read> b: array<f32>;        // (OUT, R)

// grad_u bindings; binding 2 is b
@group(0) @binding(0) var<storage, read_write> du: array<f32>; // (N, R)
@group(0) @binding(1) var<storage, read> dy: array<f32>;       // (N, stride)

// grad_b bindings; binding 1 is dy
@group(0) @binding(0) var<storage, read_write> db: array<f32>; // (OUT, R)
@group(0) @binding(2) var<storage, read> u_saved: array<f32>;  // (N, R)

fn flat_id(wid: vec3u, nwg: vec3u, lid: vec3u) -> u32 { return (wid.y * nwg.x + wid.x) * WG + lid.x; }

@compute @workgroup_size(WG)
fn up(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = flat_id(wid, nwg, lid);
  if (i >= params.N * params.OUT) { return; }
  let n = i / params.OUT;
  let o = i % params.OUT;
  var acc = 0.0;
  for (var j = 0u; j < params.R; j++) { acc += u[n * params.R + j] * b[o * params.R + j]; }
  let idx = n * params.stride + params.off + o;
  y[idx] = y[idx] + params.scale * acc;
}

@compute @workgroup_size(WG)
fn grad_u(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = flat_id(wid, nwg, lid);
  if (i >= params.N * params.R) { return; }
  let n = i / params.R;
  let j = i % params.R;
  let row = n * params.stride + params.off;
  var acc = 0.0;
  for (var o = 0u; o < params.OUT; o++) { acc += dy[row + o] * b[o * params.R + j]; }
  du[i] = params.scale * acc;
}

@compute @workgroup_size(WG)
fn grad_b(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = flat_id(wid, nwg, lid);
  if (i >= params.OUT * params.R) { return; }
  let o = i % params.OUT;
  let j = i / params.OUT;
  var acc = 0.0;
  for (var n = 0u; n < params.N; n++) { acc += dy[n * params.stride + params.off + o] * u_saved[n * params.R + j]; }
  db[o * params.R + j] += params.scale * acc;
}
