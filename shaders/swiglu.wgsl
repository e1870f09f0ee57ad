// SwiGLU on the fused gate/up activation. forward: out = silu(gate)·up.
// backward: dgate += dout·up·s·(1 + gate·(1 − s)), dup += dout·silu(gate), s = sigmoid(gate).
// gate = gateup[n, f], up = gateup[n, F + f]. One thread per (n, f).

override WG: u32 = 256;

struct Params { N: u32, F: u32 }
@group(0) @binding(2) var<uniform> params: Params;

// forward bindings
@group(0) @binding(0) var<storage, read_write> out: array<f32>;     // (N, F)
@group(0) @binding(1) var<storage, read> gateup: array<f32>;        // (N, 2F)

// backward bindings (dgateup accumulates)
@group(0) @binding(0) var<storage, read_write> dgateup: array<f32>; // (N, 2F)
@group(0) @binding(1) var<storage, read> dout: array<f32>;          // (N, F)
@group(0) @binding(3) var<storage, read> gateup_b: array<f32>;      // (N, 2F)

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x)); // exp overflows to +inf for x < -88: gives exactly 0, as wanted
}

@compute @workgroup_size(WG)
fn forward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid.x;
  if (i >= params.N * params.F) { return; }
  let gi = (i / params.F) * 2u * params.F + i % params.F;
  let g = gateup[gi];
  out[i] = g * sigmoid(g) * gateup[gi + params.F];
}

@compute @workgroup_size(WG)
fn backward(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let i = (wid.y * nwg.x + wid.x) * WG + lid.x;
  if (i >= params.N * params.F) { return; }
  let gi = (i / params.F) * 2u * params.F + i % params.F;
  let g = gateup_b[gi];
  let u = gateup_b[gi + params.F];
  let s = sigmoid(g);
  let d = dout[i];
  dgateup[gi] += d * u * s * (1.0 + g * (1.0 - s));
  dgateup[gi + params.F] += d * g * s;
}
