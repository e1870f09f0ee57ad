// Residual connection. forward: out = inp1 + inp2.  backward: dinp1 += dout, dinp2 += dout.
// All tensors are flat (N,) — the op does not care about (B, T, C).

override WG: u32 = 256;

struct Params { n: u32 }
@group(0) @binding(3) var<uniform> params: Params;

// forward bindings
@group(0) @binding(0) var<storage, read_write> out: array<f32>;   // (N,)
@group(0) @binding(1) var<storage, read> inp1: array<f32>;        // (N,)
@group(0) @binding(2) var<storage, read> inp2: array<f32>;        // (N,)

// backward bindings (gradients accumulate)
@group(0) @binding(0) var<storage, read_write> dinp1: array<f32>; // (N,)
@group(0) @binding(1) var<storage, read_write> dinp2: array<f32>; // (N,)
@group(0) @binding(2) var<storage, read> dout: array<f32>;        // (N,)

fn flat_index(wid: vec3u, nwg: vec3u, lid: vec3u) -> u32 {
  return (wid.y * nwg.x + wid.x) * WG + lid.x;
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = flat_index(wid, nwg, lid);
  if (i >= params.n) { return; }
  out[i] = inp1[i] + inp2[i];
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = flat_index(wid, nwg, lid);
  if (i >= params.n) { return; }
  let g = dout[i];
  dinp1[i] += g;
  dinp2[i] += g;
}
